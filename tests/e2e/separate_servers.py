"""The action server and the Rasa server as two separate processes, for tests that kill one of them.

`python -m bot run` stops both when one exits; the fault tests need to kill one and start it again on the same
port. Each process gets the environment the launcher would give it (bot/settings.py child_environment) and
appends its output to a log file in the test's folder.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


from assistant_client import AssistantClient, is_up
from bot.settings import child_environment, load_settings
from bot.storage import prepare_storage

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300  # model loading on a busy 2-core machine can take a while


@dataclass
class Server:
    name: str
    command: list[str]
    health_url: str
    log_path: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: dict[str, str]) -> None:
        with self.log_path.open("a") as log:
            log.write(f"\n--- starting {self.name} ---\n")
            log.flush()
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not is_up(self.health_url):
            if self.process is None or self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The {self.name} did not start:\n{self.log()[-5000:]}")
            time.sleep(0.5)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signals the whole process group (the server and anything it started) and waits until it is gone."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


@dataclass
class SeparateServers(AssistantClient):
    url: str
    token: str
    env: dict[str, str]
    actions: Server
    rasa: Server
    reply_timeout = 120  # an answer can wait for a server that is just coming back
    read_timeout = 60

    @classmethod
    def create(cls, work: Path, env: dict[str, str]) -> "SeparateServers":
        """`env` holds the test's settings (ports, token, VAR_DIR, database URLs, ...) on top of os.environ."""
        settings = load_settings(environ=env)
        prepare_storage(settings)
        child_env = child_environment(settings, base=env)
        python = sys.executable
        actions = Server("action server",
                         [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
                         f"http://{settings.action_host}:{settings.action_port}/health", work / "actions.log")
        rasa = Server("Rasa server", [python, "-m", "bot.serve"], f"{settings.rasa_url}/", work / "rasa.log")
        return cls(settings.rasa_url, settings.rasa_auth_token, child_env, actions, rasa)

    def start(self) -> None:
        self.actions.start(self.env)
        self.rasa.start(self.env)
        self.actions.wait_until_up()
        self.rasa.wait_until_up()

    def restart(self, server: Server, sig: int = signal.SIGKILL) -> None:
        server.kill(sig)
        server.start(self.env)
        server.wait_until_up()

    def stop(self) -> None:
        for server in (self.rasa, self.actions):
            server.kill(signal.SIGTERM)


