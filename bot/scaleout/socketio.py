"""socket.io rooms shared by several Rasa server processes through Redis (python-socketio's AsyncRedisManager).

A message for a conversation (a bot reply, a staff member's message from the console) is published on a Redis
channel; every process delivers it to the sockets of that room it holds itself. So the process that handles a
staff message does not need to hold the young person's socket.
"""
from __future__ import annotations

from socketio import AsyncRedisManager, AsyncServer

# One channel per application, so other software on the same Redis does not receive these messages.
CHANNEL = "loverboys-socketio"


def share_rooms_through_redis(sio: AsyncServer, redis_url: str) -> AsyncRedisManager:
    """Rasa's SocketIOInput creates its AsyncServer inside blueprint() without a way to pass a client manager,
    so the manager is replaced right after that, before any client can connect (the server initialises its
    manager on the first connection)."""
    if sio.manager_initialized:
        raise RuntimeError("The socket.io server is already in use; its client manager can no longer be replaced.")
    manager = AsyncRedisManager(redis_url, channel=CHANNEL)
    sio.manager = manager
    manager.set_server(sio)
    return manager
