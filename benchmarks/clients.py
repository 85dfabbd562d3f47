"""Chat clients that time each turn: REST (aiohttp) and socket.io (python-socketio, like the widget).

REST round trip: from sending the POST until the whole JSON answer is read.
socket.io round trip: from emitting `user_uttered` until the first `bot_uttered` of that turn ("first"), and
until the last one ("last"). The last is known exactly: the message is emitted with a socket.io
acknowledgement, which the server sends when its handler has returned, i.e. after every `bot_uttered` of the
turn (same connection, so it arrives after them). The widget does not ask for that acknowledgement; it does
not change what the server does.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp
import socketio

TURN_TIMEOUT_SECONDS = 120


@dataclass
class Turn:
    ok: bool
    replies: int = 0
    first_ms: float | None = None
    last_ms: float | None = None
    error: str = ""


@dataclass
class ConversationResult:
    conversation_id: str
    sent: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)


async def rest_conversation(session: aiohttp.ClientSession, url: str, conversation_id: str,
                            messages: list[str], pause: float = 0.0) -> ConversationResult:
    result = ConversationResult(conversation_id)
    for message in messages:
        result.sent.append(message)
        start = time.perf_counter()
        try:
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": conversation_id, "message": message},
                                    timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT_SECONDS)) as response:
                body = await response.json(content_type=None)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status != 200 or not isinstance(body, list):
                    result.turns.append(Turn(False, error=f"HTTP {response.status}"))
                else:
                    result.turns.append(Turn(True, len(body), elapsed, elapsed))
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            result.turns.append(Turn(False, error=type(error).__name__))
        if pause:
            await asyncio.sleep(pause)
    return result


class TimedSocketChat:
    """One socket.io conversation; `send` returns when the server has finished the turn."""

    def __init__(self, url: str, session_id: str):
        self.url = url
        self.session_id = session_id
        self.client = socketio.AsyncClient(reconnection=False)
        self.received: list[tuple[float, dict]] = []
        self._first_reply = asyncio.Event()
        self._confirmed = asyncio.Event()
        self.client.on("session_confirm", self._on_confirm)
        self.client.on("bot_uttered", self._on_bot)

    async def _on_confirm(self, _data) -> None:
        self._confirmed.set()

    async def _on_bot(self, data) -> None:
        self.received.append((time.perf_counter(), data))
        self._first_reply.set()

    async def __aenter__(self) -> "TimedSocketChat":
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["websocket"])
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self._confirmed.wait(), TURN_TIMEOUT_SECONDS)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.disconnect()

    async def send(self, message: str) -> Turn:
        before = len(self.received)
        self._first_reply.clear()
        finished = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        await self.client.emit("user_uttered", {"message": message, "session_id": self.session_id},
                               callback=lambda *_: finished.done() or finished.set_result(time.perf_counter()))
        try:
            await asyncio.wait_for(finished, TURN_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            return Turn(False, len(self.received) - before, error="timeout")
        replies = self.received[before:]
        if not replies:
            return Turn(True, 0)
        return Turn(True, len(replies), (replies[0][0] - start) * 1000, (replies[-1][0] - start) * 1000)


async def socket_conversation(url: str, conversation_id: str, messages: list[str],
                              pause: float = 0.0) -> ConversationResult:
    result = ConversationResult(conversation_id)
    try:
        async with TimedSocketChat(url, conversation_id) as chat:
            for message in messages:
                result.sent.append(message)
                result.turns.append(await chat.send(message))
                if pause:
                    await asyncio.sleep(pause)
    except (socketio.exceptions.SocketIOError, asyncio.TimeoutError, OSError) as error:
        missing = len(messages) - len(result.turns)
        result.turns += [Turn(False, error=type(error).__name__)] * missing
    return result
