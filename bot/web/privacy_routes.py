"""POST /privacy/wis: "Wis dit gesprek" deletes the person's own conversation from every store at once.

The conversation id is the secret: the widget makes a random one and keeps it in sessionStorage only, so
only that browser tab knows it. The deletion holds Rasa's lock for the conversation, so a message that is
being processed cannot write the conversation back half-way.
"""
from __future__ import annotations

import asyncio
import logging

from sanic import Blueprint, response
from sanic.request import Request

from bot.privacy.retention import forget_conversation
from bot.settings import Settings
from bot.web.guards import channel_messages, valid_conversation_id
from bot.web.json_body import json_body

logger = logging.getLogger(__name__)


def privacy_blueprint(settings: Settings) -> Blueprint:
    blueprint = Blueprint("privacy", url_prefix="/privacy")

    @blueprint.post("/wis")
    async def forget(request: Request):
        payload = json_body(request)
        sender = payload.get("sender") if isinstance(payload, dict) else None
        if not valid_conversation_id(sender):
            return response.json({"error": channel_messages()["verkeerd_bericht"]}, status=400)
        agent = request.app.ctx.agent
        loop = asyncio.get_running_loop()
        async with agent.lock_store.lock(sender):
            rows = await loop.run_in_executor(None, forget_conversation, settings, sender)
        logger.info("A conversation was deleted on request (%d rows).", rows)
        return response.json({"status": channel_messages()["gewist"]})

    return blueprint
