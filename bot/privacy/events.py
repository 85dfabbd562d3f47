"""Redacts Rasa tracker events (as dicts, the form they are stored in) before they are written anywhere.

Pure logic on plain dicts, so it is tested without Rasa. What is kept is decided by structure: keys that only
ever hold names the project itself defines (intent, action, slot and entity names, confidences, timestamps)
are kept; every other string, however deeply nested, goes through the redactor. Metadata is dropped except
for the keys the project itself sets, because a channel or a client can put anything there (IP addresses,
user agents, names).
"""
from __future__ import annotations

from typing import Any, Iterable

from bot.privacy.redact import find_personal_data, redact_text

# Keys whose string values are structure defined by the project or by Rasa, never text a person typed.
STRUCTURAL_KEYS = frozenset({
    "event", "name", "policy", "input_channel", "message_id", "timestamp", "confidence", "intent_name",
    "entity", "extractor", "role", "group", "processors", "type", "action_name", "prev_action", "active_loop",
    "retrieval_intent", "utter_action", "template_name", "response", "id", "intent", "full_retrieval_intent_name",
})
# Metadata keys the project's own code sets; everything else in "metadata" is dropped before storage.
SAFE_METADATA_KEYS = frozenset({"utter_action", "model_id", "assistant_id", "van"})


def _echo_values(texts: Iterable[str]) -> set[str]:
    return {finding.text for text in texts for finding in find_personal_data(text) if len(finding.text) >= 3}


def redact_string(text: str, echoes: Iterable[str] = ()) -> str:
    """Redacts personal data, including values the person typed earlier that a bot text repeats verbatim."""
    for value in sorted(echoes, key=len, reverse=True):
        if value in text:
            text = text.replace(value, "[herhaald]")
    return redact_text(text)


def _redact_value(value: Any, echoes: frozenset[str], key: str | None = None) -> Any:
    if isinstance(value, str):
        return value if key in STRUCTURAL_KEYS else redact_string(value, echoes)
    if isinstance(value, dict):
        return _redact_mapping(value, echoes)
    if isinstance(value, (list, tuple)):
        return [_redact_value(item, echoes, key) for item in value]
    return value


def _redact_mapping(data: dict, echoes: frozenset[str]) -> dict:
    redacted = {}
    for key, value in data.items():
        if key == "metadata" and isinstance(value, dict):
            redacted[key] = {k: _redact_value(v, echoes, k) for k, v in value.items() if k in SAFE_METADATA_KEYS}
        elif key == "value" and data.get("event") == "slot" and data.get("name") in SAFE_SLOT_VALUES:
            redacted[key] = value
        else:
            redacted[key] = _redact_value(value, echoes, key)
    return redacted


# Slots whose values come from the project's own code lists (signal codes, roles, risk levels, official
# municipality names) and are needed as they are by the staff console and the evaluation.
SAFE_SLOT_VALUES = frozenset({"rol", "signalen", "risico", "gemeente", "zoekdoel", "hulp_getoond"})


def user_texts(events: Iterable[dict]) -> list[str]:
    return [event["text"] for event in events if event.get("event") == "user" and isinstance(event.get("text"), str)]


def redact_events(events: list[dict], earlier_user_texts: Iterable[str] = ()) -> list[dict]:
    """Redacts a batch of event dicts. Bot texts are also cleared of values the person typed in this batch
    or in `earlier_user_texts` (the conversation so far, as still held in memory)."""
    echoes = frozenset(_echo_values([*earlier_user_texts, *user_texts(events)]))
    # The person's own messages are redacted by the detector alone; echoes matter where the context that
    # revealed a value ("ik heet ...") is gone: bot texts, slot values, action results.
    return [_redact_mapping(event, frozenset() if event.get("event") == "user" else echoes) for event in events]
