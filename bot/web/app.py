"""Builds the Rasa server's web app with the project's additions.

The same steps as `rasa.core.run.serve_application` (configure_app, load the agent before start, close
resources after stop), plus: security headers on every response, the size and pace guard on the REST
channel, the privacy routes, a request size limit, no access log (it would hold IP addresses), and the
retention task that deletes old conversations while the server runs.
"""
from __future__ import annotations

import asyncio
import json
import logging
from functools import partial
from pathlib import Path

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot.performance import action_response
from bot.privacy.retention import purge_expired
from bot.resilience import action_fallback, message_guard
from bot.settings import PROJECT_ROOT, Settings
from bot.web.guards import MessageGuard, channel_messages, clean_message, valid_conversation_id
from bot.web.headers import security_headers
from bot.web.chat_routes import chat_blueprint
from bot.web.claim_sweeper import claim_sweep_loop
from bot.web.handoff_bridge import HandoffBridge
from bot.web.json_body import UNREADABLE, json_body
from bot.web.privacy_routes import privacy_blueprint
from bot.web.staff_routes import staff_blueprint

logger = logging.getLogger(__name__)

REST_WEBHOOK = "/webhooks/rest/webhook"
# Far above the longest accepted message (MAX_MESSAGE_CHARS), so a long message still gets a kind reply.
MAX_REQUEST_BYTES = 1_000_000
RETENTION_INTERVAL_SECONDS = 3600


def build_app(settings: Settings, model_path: Path) -> Sanic:
    from rasa.core import run as rasa_run
    from rasa.core.utils import AvailableEndpoints

    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    if settings.redis_url:
        from bot.scaleout.lock_store import lock_store_endpoint

        endpoints.lock_store = lock_store_endpoint(settings.redis_url)
    channels = rasa_run.create_http_input_channels(None, str(PROJECT_ROOT / "credentials.yml"))
    bridge = HandoffBridge(settings)
    for channel in channels:
        if hasattr(channel, "bridge"):
            channel.bridge = bridge
    app = rasa_run.configure_app(
        channels,
        cors=list(settings.cors_origins) or None,
        auth_token=settings.rasa_auth_token,
        enable_api=True,
        port=settings.rasa_port,
        endpoints=endpoints,
    )
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    bridge.app = app
    bridge.sio = next((channel.sio for channel in channels if getattr(channel, "sio", None) is not None), None)
    _add_security_headers(app, settings)
    _add_rest_guard(app, MessageGuard(settings.max_message_chars, settings.messages_per_minute), bridge)
    app.blueprint(privacy_blueprint(settings))
    app.blueprint(chat_blueprint(settings))
    app.blueprint(staff_blueprint(settings, bridge))
    app.register_listener(partial(rasa_run.load_agent_on_start, str(model_path), endpoints, None),
                          "before_server_start")
    # Faults (docs/faults.md): Rasa has no hooks for these, so they wrap its classes. A kind reply with the
    # national numbers instead of silence when the action server or the database is gone or anything fails.
    action_fallback.install()
    message_guard.install()
    action_response.install()  # the benchmarks found a quarter of the CPU time in Rasa's per-answer check
    app.register_listener(_strict_tracker_store, "before_server_start")
    app.register_listener(rasa_run.close_resources, "after_server_stop")
    app.add_task(partial(_retention_loop, settings))
    app.add_task(partial(claim_sweep_loop, settings, bridge))
    return app


def _add_security_headers(app: Sanic, settings: Settings) -> None:
    headers = security_headers(settings.frame_ancestors)

    @app.on_response
    async def add_headers(_request: Request, resp) -> None:
        for name, value in headers.items():
            resp.headers.setdefault(name, value)

    @app.exception(PayloadTooLarge)
    async def too_large(_request: Request, _error: Exception):
        return response.json([{"text": channel_messages()["te_lang"]}], status=413, headers=headers)


def _add_rest_guard(app: Sanic, guard: MessageGuard, bridge: HandoffBridge) -> None:
    @app.on_request
    async def guard_rest_message(request: Request):
        if request.method != "POST" or request.path != REST_WEBHOOK:
            return None
        payload = json_body(request)
        if payload is UNREADABLE:
            return response.json({"error": channel_messages()["geen_json"]}, status=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("message"), str) \
                or not valid_conversation_id(payload.get("sender")):
            return response.json({"error": channel_messages()["verkeerd_bericht"]}, status=400)
        # Rasa's REST channel reads this same (cached) dict: clean it in place. Client metadata and
        # input_channel are never needed and could carry identifying data.
        payload["message"] = clean_message(payload["message"])
        payload.pop("metadata", None)
        payload.pop("input_channel", None)
        refusal = guard.refusal(payload["sender"], payload["message"])
        if refusal:
            return response.json([{"recipient_id": payload["sender"], "text": refusal}])
        request.ctx.crisis_replies = bridge.crisis_replies(payload["sender"], payload["message"])
        return None

    @app.on_response
    async def crisis_during_handoff(request: Request, resp) -> None:
        """The bot is paused during a handoff; a crisis message still gets 112/113 (bot/handoff/crisis_reply.py)."""
        replies = getattr(request.ctx, "crisis_replies", None)
        if not replies or resp.status != 200:
            return
        sender = request.json["sender"]
        for text in replies:
            await bridge.say(sender, text, sender="chatbot")
        body = json.loads(resp.body or b"[]")
        resp.body = json.dumps([{"recipient_id": sender, "text": text} for text in replies] + body).encode()


async def _strict_tracker_store(app: Sanic, _loop) -> None:
    message_guard.strict_tracker_store(app.ctx.agent)


async def _retention_loop(settings: Settings) -> None:
    loop = asyncio.get_running_loop()
    while True:
        try:
            report = await loop.run_in_executor(None, purge_expired, settings)
            if report.conversations:
                logger.info("Retention: deleted %d conversations (%d rows) older than %d days.",
                            report.conversations, report.rows, settings.retention_days)
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the server; try again later
            logger.exception("Retention run failed; trying again in an hour.")
        await asyncio.sleep(RETENTION_INTERVAL_SECONDS)
