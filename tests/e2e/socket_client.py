"""A socket.io chat client like the widget: claims a session, sends messages, collects the bot's replies."""
from __future__ import annotations

import asyncio

import socketio


class SocketChat:
    def __init__(self, url: str, session_id: str, transports: tuple[str, ...] = ("websocket",)):
        self.url = url
        self.session_id = session_id
        self.transports = list(transports)
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: list[dict] = []
        self._new_reply = asyncio.Event()
        self._confirmed = asyncio.Event()
        self.client.on("session_confirm", self._on_confirm)
        self.client.on("bot_uttered", self._on_bot)

    async def _on_confirm(self, _data):
        self._confirmed.set()

    async def _on_bot(self, data):
        self.replies.append(data)
        self._new_reply.set()

    async def __aenter__(self) -> "SocketChat":
        await self.client.connect(self.url, socketio_path="/socket.io", transports=self.transports)
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self._confirmed.wait(), 30)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.disconnect()

    async def send(self, message, settle: float = 0.6, timeout: float = 60) -> list[dict]:
        """Sends one message and returns the replies that arrive for it."""
        start = len(self.replies)
        self._new_reply.clear()
        await self.client.emit("user_uttered", {"message": message, "session_id": self.session_id})
        await asyncio.wait_for(self._new_reply.wait(), timeout)
        await asyncio.sleep(settle)  # a response can be several messages
        return self.replies[start:]

    async def emit_raw(self, event: str, payload) -> None:
        await self.client.emit(event, payload)
