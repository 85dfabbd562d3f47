"""What a test does with a running assistant, whoever started it (the shared fixture or separate processes)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def is_up(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


class AssistantClient:
    """Needs `url`, `token` and `env` (the servers' environment, for the command line) on the instance."""

    url: str
    token: str
    env: dict
    reply_timeout = 60  # seconds for one REST answer
    read_timeout = 30  # seconds for reading a tracker

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=self.reply_timeout)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": self.token}, timeout=self.read_timeout)
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
