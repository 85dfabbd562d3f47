"""The scripted Dutch conversations in conversations.yml, shared by the benchmark and the load test."""
from __future__ import annotations

from pathlib import Path

import yaml

CONVERSATIONS_FILE = Path(__file__).resolve().parent / "conversations.yml"


def load_conversations(path: Path = CONVERSATIONS_FILE) -> list[list[str]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [[str(message) for message in item["messages"]] for item in document["conversations"]]
