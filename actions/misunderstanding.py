"""What the bot does when it did not understand a message."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

FALLBACK_INTENT = "nlu_fallback"
# After this many misunderstood messages in a row, the bot offers a person instead of asking again.
OFFER_PERSON_AFTER = 2


def consecutive_misunderstandings(events: Iterable[Mapping[str, Any]]) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


def misunderstanding_response(count: int) -> str:
    return "utter_misunderstood_offer_person" if count >= OFFER_PERSON_AFTER else "utter_misunderstood"


class ActionHandleMisunderstanding(Action):
    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        count = max(1, consecutive_misunderstandings(tracker.events))
        dispatcher.utter_message(response=misunderstanding_response(count))
        return []
