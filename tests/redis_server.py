"""Starts a throwaway Redis server for a test session (Debian's redis-server, installed by `make test`).

It listens on 127.0.0.1 on a free port, keeps nothing on disk (no snapshots, no append-only file) and is stopped
and removed afterwards.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from processes import stop_process

START_TIMEOUT = 30


def find_redis_server() -> str | None:
    return shutil.which("redis-server") or next(
        (path for path in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(path).exists()), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server() -> Iterator[str]:
    """Yields the URL of database 0 on a fresh server."""
    import redis

    binary = find_redis_server()
    if binary is None:
        raise FileNotFoundError("redis-server not found (apt-get install redis-server)")
    root = Path(tempfile.mkdtemp(prefix="redistest-"))
    port = free_port()
    log = (root / "server.log").open("w")
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(root)], stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise TimeoutError((root / "server.log").read_text(errors="replace")) from None
                time.sleep(0.1)
        client.close()
        yield url
    finally:
        stop_process(process)
        log.close()
        shutil.rmtree(root, ignore_errors=True)
