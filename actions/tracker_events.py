"""Reading what happened in a conversation from the tracker, shared by the actions."""
from __future__ import annotations

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def bot_responses(tracker: Tracker) -> list[str]:
    """The names of the responses the bot sent so far, oldest first."""
    return [
        (event.get("metadata") or {}).get("utter_action")
        for event in tracker.events
        if event.get("event") == "bot"
    ]
