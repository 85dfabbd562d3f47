"""Starts the scaled-out assistant for a test or benchmark: PostgreSQL, Redis, one action server and several Rasa
server processes (`python -m bot.serve`) sharing them, as docs/deployment.md describes. The processes start in
parallel; nginx in front of them is started separately (nginx_server.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import requests

from nginx_server import find_nginx
from processes import stop_process
from postgres_server import find_bin_dir, postgres_server
from redis_server import find_redis_server, free_port, redis_server

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 300  # two model loads at once on a busy 2-core machine


def missing_servers() -> list[str]:
    found = {"PostgreSQL": find_bin_dir(), "redis-server": find_redis_server(), "nginx": find_nginx()}
    return [name for name, path in found.items() if path is None]


@dataclass
class Process:
    name: str
    url: str
    ready_path: str
    popen: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def peak_rss_kib(self) -> int:
        """VmHWM: the highest resident memory the process has had."""
        for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0


@dataclass
class Cluster:
    token: str
    database_url: str
    redis_url: str
    env: dict
    action: Process
    rasa: list[Process] = field(default_factory=list)


def _up(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@contextmanager
def cluster(work: Path, rasa_processes: int = 2) -> Iterator[Cluster]:
    from bot.settings import child_environment, load_settings
    from bot.storage import prepare_storage

    with ExitStack() as stack:
        database_url = stack.enter_context(postgres_server("loverboys"))
        redis_url = stack.enter_context(redis_server())
        token = "scaleout-" + os.urandom(16).hex()
        base = {
            **os.environ,
            "RASA_AUTH_TOKEN": token,
            "VAR_DIR": str(work / "var"),
            "TRACKER_DB_URL": database_url,
            "HANDOFF_DB_URL": database_url,
            "DIRECTORY_DB_URL": database_url,
            "REDIS_URL": redis_url,
            "HANDOFF_OPENING_HOURS": "ma-zo 00:00-24:00",
            "ACTION_PORT": str(free_port()),
        }
        settings = load_settings(environ=base)
        # What the launcher and `python -m bot init` do once before the servers start: the handoff tables and
        # the directory's seed data, so the processes do not create them at the same moment.
        prepare_storage(settings)
        env = child_environment(settings, base)

        def start(name: str, command: list[str], port: int, ready_path: str) -> Process:
            log_path = work / f"{name}.log"
            with log_path.open("w") as log:
                popen = subprocess.Popen(command, cwd=ROOT, env={**env, "RASA_PORT": str(port)}, stdout=log,
                                         stderr=subprocess.STDOUT)
            stack.callback(stop_process, popen, 30)
            return Process(name, f"http://127.0.0.1:{port}", ready_path, popen, log_path)

        action = start("action-server", [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port",
                                         str(settings.action_port)], settings.action_port, "/health")
        rasa = [start(f"rasa-{n}", [sys.executable, "-m", "bot.serve"], free_port(), "/")
                for n in range(rasa_processes)]
        deadline = time.monotonic() + START_TIMEOUT
        for process in [action, *rasa]:
            while not _up(process.url + process.ready_path):
                if process.popen.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"The {process.name} did not start:\n{process.log()[-5000:]}")
                time.sleep(1)
        yield Cluster(token, database_url, redis_url, env, action, rasa)
