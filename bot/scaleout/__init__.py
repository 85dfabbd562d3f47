"""Running several Rasa server processes side by side (REDIS_URL set; docs/deployment.md).

Each process keeps one Sanic worker. Redis carries what the processes must share beyond the SQL stores:
the per-conversation ticket lock (lock_store.py) and the socket.io rooms (socketio.py).
"""
