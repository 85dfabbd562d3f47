"""Starts the real assistant (`python -m bot run`: action server + Rasa server) on free ports."""
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300  # model loading on a busy 2-core machine can take a while


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Assistant:
    url: str
    action_url: str
    token: str
    var_dir: Path
    process: subprocess.Popen
    log_path: Path
    env: dict

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def add_staff(self, name: str, password: str) -> None:
        """A staff account in this instance's handoff database, made the way operators do it."""
        result = subprocess.run([sys.executable, "-m", "bot", "staff", "add", name, "--password-stdin"],
                                input=password + "\n", text=True, capture_output=True, cwd=ROOT, env=self.env)
        assert result.returncode == 0, result.stderr

    def remove_staff(self, name: str) -> None:
        """Removes the account and its sessions, so later tests see nobody online again."""
        subprocess.run([sys.executable, "-m", "bot", "staff", "remove", name], capture_output=True, cwd=ROOT,
                       env=self.env, check=True)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _up(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does) first.")
    work = tmp_path_factory.mktemp("assistant")
    rasa_port, action_port = free_port(), free_port()
    token = "e2e-" + os.urandom(16).hex()
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "RASA_AUTH_TOKEN": token,
        "VAR_DIR": str(work / "var"),
        "TRACKER_DB_URL": "",
        "DIRECTORY_DB_URL": "",
        "HANDOFF_DB_URL": "",
        "HANDOFF_OPENING_HOURS": "ma-zo 00:00-24:00",
    }
    log_path = work / "assistant.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    instance = Assistant(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", token,
                         work / "var", process, log_path, env)
    deadline = time.monotonic() + START_TIMEOUT
    while not (_up(instance.url + "/") and _up(instance.action_url + "/health")):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The assistant did not start:\n{instance.log()[-5000:]}")
        time.sleep(1)
    yield instance
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
