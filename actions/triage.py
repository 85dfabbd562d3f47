"""Keeps track of the signals, the risk and the role, and answers a described situation."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.triage.reply import ASK_ROL, Recognised, State, plan_reply


def was_uttered(tracker: Tracker, response: str) -> bool:
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response
        for event in tracker.events
    )


class ActionUpdateTriage(Action):
    def name(self) -> str:
        return "action_update_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        state = State(
            signalen=tuple(tracker.get_slot("signalen") or ()),
            risico=tracker.get_slot("risico"),
            rol=tracker.get_slot("rol"),
            rol_asked=was_uttered(tracker, ASK_ROL),
        )
        plan = plan_reply(intent, Recognised.from_entities(message.get("entities") or []), state)
        for utterance in plan.utterances:
            dispatcher.utter_message(response=utterance.response, **utterance.variables)
        return [SlotSet("signalen", plan.signalen), SlotSet("risico", plan.risico), SlotSet("rol", plan.rol)]
