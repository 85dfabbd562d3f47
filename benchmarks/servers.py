"""Starts the project (the real launcher) and the baseline on free ports and measures their cold start."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from benchmarks.memory import command_line, peak_rss_mib, process_tree
from bot.settings import PROJECT_ROOT

START_TIMEOUT_SECONDS = 600
POLL_SECONDS = 0.2
STOP_GRACE_SECONDS = 60
COLD_START_MESSAGE = "hoi"
# The pace limit (MESSAGES_PER_MINUTE, default 20 per conversation) would answer a benchmark that sends
# without pause with "te snel"; the benchmark raises it so every message is processed.
BENCH_MESSAGES_PER_MINUTE = "100000"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quiet_env() -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONWARNINGS": "ignore::DeprecationWarning"}


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log_path: Path
    started_at: float
    cold_start_seconds: float | None = None

    def wait_for_first_answer(self) -> float:
        """Seconds from process start until the first non-empty REST answer."""
        deadline = self.started_at + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}); log: {self.log_path}")
            try:
                response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                         json={"sender": "bench-cold-start", "message": COLD_START_MESSAGE},
                                         timeout=30)
                if response.status_code == 200 and response.json():
                    self.cold_start_seconds = time.monotonic() - self.started_at
                    return self.cold_start_seconds
            except (requests.RequestException, ValueError):
                pass
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"{self.name} gave no answer within {START_TIMEOUT_SECONDS} s; log: {self.log_path}")

    def peak_rss(self) -> list[dict]:
        """Peak RSS of the server process and every descendant, read while they still run."""
        rows = []
        for pid in process_tree(self.process.pid):
            peak = peak_rss_mib(pid)
            if peak is not None:
                rows.append({"pid": pid, "process": _role(command_line(pid)), "peak_rss_mib": round(peak, 1)})
        return rows

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _role(command: str) -> str:
    if "-m bot run" in command:
        return "launcher (python -m bot run)"
    if "-m bot.serve" in command:
        return "Rasa server (bot.serve)"
    if "-m rasa_sdk" in command:
        return "action server (rasa_sdk)"
    if "-m rasa run" in command:
        return "baseline Rasa server (rasa run)"
    return command[:80]


def start_project(work: Path, log_path: Path) -> Server:
    rasa_port, action_port = free_port(), free_port()
    env = {
        **quiet_env(),
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "RASA_AUTH_TOKEN": "bench-" + os.urandom(16).hex(),
        "VAR_DIR": str(work / "var"),
        "TRACKER_DB_URL": "",
        "DIRECTORY_DB_URL": "",
        "HANDOFF_DB_URL": "",
        "MESSAGES_PER_MINUTE": BENCH_MESSAGES_PER_MINUTE,
    }
    return _start("project", [sys.executable, "-m", "bot", "run"], PROJECT_ROOT, env, rasa_port, log_path)


def start_baseline(folder: Path, model: Path, log_path: Path) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "rasa", "run", "--enable-api", "--model", str(model), "--port", str(port),
               "--interface", "127.0.0.1", "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
               "--quiet"]
    return _start("baseline", command, folder, quiet_env(), port, log_path)


def _start(name: str, command: list[str], cwd: Path, env: dict, port: int, log_path: Path) -> Server:
    started_at = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    return Server(name, f"http://127.0.0.1:{port}", process, log_path, started_at)
