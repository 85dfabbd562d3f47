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

from assistant_client import AssistantClient, is_up
from browser import CHROMIUM, chromium

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300  # model loading on a busy 2-core machine can take a while


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Assistant(AssistantClient):
    url: str
    action_url: str
    token: str
    var_dir: Path
    process: subprocess.Popen
    log_path: Path
    env: dict

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


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
    while not (is_up(instance.url + "/") and is_up(instance.action_url + "/health")):
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


# ---------- Browsers (Debian's chromium, tests/e2e/browser.py) ----------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    pytest.importorskip("playwright.sync_api")
    with chromium() as instance:
        yield instance


@pytest.fixture
def new_context(browser):
    """Makes Dutch browser contexts (e.g. a young person and a staff member) and closes them afterwards."""
    contexts = []

    def make(**options):
        ctx = browser.new_context(locale="nl-NL", **options)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:  # noqa: BLE001 - the test closed it already
            pass
