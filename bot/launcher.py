"""Starts the action server and the Rasa server, and stops them together.

Ctrl-C (or SIGTERM) stops every process the launcher started. When one child exits on its own, the
launcher says which one and stops the other, so nobody is left with half an assistant.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

from bot.settings import PROJECT_ROOT, Settings, child_environment
from bot.storage import prepare_storage

STOP_GRACE_SECONDS = 10
POLL_SECONDS = 0.5


@dataclass
class Child:
    name: str
    command: list[str]
    ready_url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: dict[str, str]) -> None:
        # A session of its own: Ctrl-C reaches only the launcher, which then stops the children in order.
        self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=env, start_new_session=True)

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def children(settings: Settings) -> list[Child]:
    python = sys.executable
    return [
        Child(
            "action server",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
            f"http://{settings.action_host}:{settings.action_port}/health",
        ),
        Child("Rasa server", [python, "-m", "bot.serve"], f"{settings.rasa_url}/"),
    ]


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class ChildExited(RuntimeError):
    def __init__(self, child: Child, code: int):
        super().__init__(f"The {child.name} stopped unexpectedly (exit code {code}).")
        self.child = child
        self.code = code


def first_exited(running: list[Child]) -> ChildExited | None:
    for child in running:
        code = child.exit_code()
        if code is not None:
            return ChildExited(child, code)
    return None


def announce(settings: Settings, log: Callable[[str], None]) -> None:
    log(
        "\nThe assistant is running:\n"
        f"  chat page        {settings.rasa_url}/chat  (partner sites: <script src=\"{settings.rasa_url}/chat/embed.js\">)\n"
        f"  privacy page     {settings.rasa_url}/privacy\n"
        f"  REST channel     POST {settings.rasa_url}/webhooks/rest/webhook\n"
        f"  socket.io        {settings.rasa_url}/socket.io/\n"
        f"  Rasa HTTP API    {settings.rasa_url}/  (token: RASA_AUTH_TOKEN in .env)\n"
        f"  action server    http://{settings.action_host}:{settings.action_port}\n"
        "Press Ctrl-C to stop everything.\n"
    )


def print_now(message: str) -> None:
    print(message, flush=True)


def run(
    settings: Settings,
    log: Callable[[str], None] = print_now,
    make_children: Callable[[Settings], list[Child]] = children,
) -> int:
    prepare_storage(settings)
    env = child_environment(settings)
    running = make_children(settings)
    stop_requested = False

    def request_stop(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        for child in running:
            log(f"Starting the {child.name} ...")
            child.start(env)
        ready = False
        while not stop_requested:
            failure = first_exited(running)
            if failure:
                raise failure
            if not ready and all(is_up(child.ready_url) for child in running):
                ready = True
                announce(settings, log)
            time.sleep(POLL_SECONDS)
        log("Stopping ...")
        return 0
    except ChildExited as failure:
        log(f"{failure} Stopping the other processes.")
        return failure.code or 1
    finally:
        for child in reversed(running):
            child.stop()
        log("Stopped.")
