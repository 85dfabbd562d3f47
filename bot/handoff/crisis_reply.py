"""The safety promise during a handoff: while a person handles (or is about to handle) a conversation the bot is
paused, but a message about danger now or suicide still gets 112/113 at once, from the same rules and the same
sentences as in the normal conversation (bot/triage/crisis.py, domain.yml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.triage.crisis import detect_crisis

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
RESPONSE_FOR_KIND = {"gevaar": "utter_crisis_gevaar", "suicide": "utter_crisis_suicide"}


@lru_cache(maxsize=1)
def _crisis_texts() -> dict[str, str]:
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    return {kind: responses[name][0]["text"] for kind, name in RESPONSE_FOR_KIND.items()}


def crisis_texts(message: str) -> list[str]:
    """The crisis sentences for this message (gevaar first), or [] when it is not about a crisis."""
    texts = _crisis_texts()
    return [texts[kind] for kind in detect_crisis(message).kinds if kind in texts]
