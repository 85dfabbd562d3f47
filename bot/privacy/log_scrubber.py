"""Keeps message text out of Rasa's structured logs, also at WARNING and ERROR.

Rasa logs the user's text in some warnings and errors (for example "rest.message.received.failure" with
`text=...` when processing a message fails), and structured tracebacks carry the local variables of every
frame. This processor runs just before the renderer and blanks those fields, whatever the log level.
"""
from __future__ import annotations

from typing import Any

import structlog

# Field names Rasa uses for message text, parse results, slot values and events (rasa/utils/log_utils.py).
MESSAGE_FIELDS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response", "slot_candidates",
    "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes",
    "current_entity", "next_entity", "values", "placeholder_key", "user_message", "parse_data",
})
OMITTED = "[weggelaten]"


def scrub_event(_logger: Any, _method: str, event: dict) -> dict:
    for field in MESSAGE_FIELDS.intersection(event):
        event[field] = OMITTED
    for exception in event.get("exception") or []:
        if isinstance(exception, dict):
            for frame in exception.get("frames") or []:
                if isinstance(frame, dict):
                    frame.pop("locals", None)
    return event


def install_log_scrubber() -> None:
    """Adds `scrub_event` just before the renderer of the current structlog configuration."""
    processors = list(structlog.get_config()["processors"])
    if scrub_event in processors:
        return
    processors.insert(len(processors) - 1, scrub_event)
    structlog.configure(processors=processors)
