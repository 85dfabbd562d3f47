"""Rasa's socket.io channel with the checks a public chat needs.

Rasa's own handlers trust the payload: a session id that is a number or a dict, or a message that is not
text, raises inside the handler, and any socket may post into any conversation whose id it knows. This
channel validates every payload first, accepts messages only for a session the socket itself joined via
`session_request`, drops client metadata (it is never needed and could carry identifying data), and applies
the size and pace limits of bot/web/guards.py with a kind reply.
"""
from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.settings import load_settings
from bot.web.guards import MessageGuard, clean_message

logger = logging.getLogger(__name__)
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def valid_session_id(value: Any) -> bool:
    return isinstance(value, str) and bool(SESSION_ID.match(value))


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        # Same name as Rasa's channel, so the widget and stored `input_channel` stay "socketio".
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = load_settings()
        self.guard = MessageGuard(settings.max_message_chars, settings.messages_per_minute)
        self.redis_url = settings.redis_url
        self.bridge = None  # bot/web/handoff_bridge.py, set by bot/web/app.py

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        if self.redis_url:
            from bot.scaleout.socketio import share_rooms_through_redis

            share_rooms_through_redis(sio, self.redis_url)
        namespace = self.namespace or "/"

        async def session_request(sid: str, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if valid_session_id(requested) else uuid.uuid4().hex
            if self.session_persistence:
                sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                logger.info("Ignored a socket.io message that is not a chat message.")
                return
            session_id = data.get("session_id") if self.session_persistence else sid
            if self.session_persistence and not (
                    valid_session_id(session_id) and session_id in sio.rooms(sid, namespace=namespace)):
                logger.info("Ignored a socket.io message for a session this socket did not request.")
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            text = clean_message(data["message"])
            refusal = self.guard.refusal(session_id, text)
            if refusal:
                await output.send_text_message(session_id, refusal)
                return
            await on_new_message(UserMessage(text, output, session_id, input_channel=self.name()))
            if self.bridge is not None:
                # During a handoff the bot is paused; a crisis message still gets 112/113 at once.
                for reply in self.bridge.crisis_replies(session_id, text):
                    await self.bridge.say(session_id, reply, sender="chatbot")

        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, handle_message, namespace=namespace)
        return blueprint
