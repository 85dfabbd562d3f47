"""Checks on an incoming chat message before the assistant reads it: form, size and pace.

Pure logic, shared by the REST guard (bot/web/app.py) and the socket.io channel. A message that fails the
size or pace check is not processed; the person gets a kind message from bot/content/kanaal.yml instead.

The form checks exist because Rasa trusts its input. Found by the fuzz test: a lone UTF-16 surrogate in a
conversation id makes the SQL tracker store call sys.exit (the whole server stops), one in a message breaks
the spaCy component, and a message starting with "/" that is not a valid button payload makes Rasa print the
message text in a warning.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import OrderedDict, deque
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text_safety import replace_lone_surrogates

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "kanaal.yml"
DOMAIN_FILE = Path(__file__).resolve().parent.parent.parent / "domain.yml"
WINDOW_SECONDS = 60.0
MAX_CONVERSATION_ID = 255
BUTTON_PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$", re.DOTALL)
KEPT_CONTROL_CHARACTERS = {"\n", "\t"}


@lru_cache(maxsize=1)
def channel_messages() -> dict[str, str]:
    return yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def button_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """The intents and entities a button payload may name: those of the domain."""
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))

    def names(items) -> frozenset[str]:
        return frozenset(next(iter(item)) if isinstance(item, dict) else str(item) for item in items or [])

    return names(domain.get("intents")), names(domain.get("entities"))


def valid_conversation_id(value: object) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= MAX_CONVERSATION_ID and value.isprintable()
            and not any(0xD800 <= ord(char) <= 0xDFFF for char in value))


def _is_button_payload(text: str) -> bool:
    match = BUTTON_PAYLOAD.match(text)
    if not match:
        return False
    intents, entities = button_vocabulary()
    if match.group(1) not in intents:
        return False
    if not match.group(2):
        return True
    try:
        values = json.loads(match.group(2))
    except ValueError:
        return False
    return isinstance(values, dict) and all(
        key in entities and isinstance(value, (str, int, float)) for key, value in values.items())


def clean_message(text: str) -> str:
    """The message as the assistant may read it: no lone surrogates, no control characters (except new line
    and tab), and a leading "/" only for a real button payload (otherwise it is read as ordinary text)."""
    text = "".join(char if char in KEPT_CONTROL_CHARACTERS or unicodedata.category(char) != "Cc" else " "
                   for char in replace_lone_surrogates(text))
    if text.lstrip().startswith("/") and not _is_button_payload(text.strip()):
        text = text.lstrip().lstrip("/")
    return text


class RateLimiter:
    """At most `limit` messages per conversation in any 60-second window.

    Memory is bounded: only the most recently active `max_conversations` are remembered, which is far more
    than one server handles at once. Per process: behind a proxy with sticky sessions that is per conversation.
    """

    def __init__(self, limit: int, max_conversations: int = 50_000, clock=time.monotonic):
        self.limit = limit
        self.max_conversations = max_conversations
        self.clock = clock
        self._recent: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, conversation_id: str) -> bool:
        now = self.clock()
        stamps = self._recent.pop(conversation_id, None) or deque()
        while stamps and now - stamps[0] >= WINDOW_SECONDS:
            stamps.popleft()
        allowed = len(stamps) < self.limit
        if allowed:
            stamps.append(now)
        self._recent[conversation_id] = stamps
        while len(self._recent) > self.max_conversations:
            self._recent.popitem(last=False)
        return allowed


class MessageGuard:
    def __init__(self, max_chars: int, messages_per_minute: int):
        self.max_chars = max_chars
        self.limiter = RateLimiter(messages_per_minute)

    def refusal(self, conversation_id: str, text: str) -> str | None:
        """The kind message to send instead of processing `text`, or None when it may be processed."""
        if len(text) > self.max_chars:
            return channel_messages()["te_lang"]
        if not self.limiter.allow(conversation_id):
            return channel_messages()["te_snel"]
        return None
