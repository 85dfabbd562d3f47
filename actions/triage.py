"""Keeps track of the signals, the risk and the role, and answers a described situation."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_events import bot_responses, latest_intent
from bot.triage.reply import ASK_ROL, Recognised, State, plan_reply


class ActionUpdateTriage(Action):
    def name(self) -> str:
        return "action_update_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        state = State(
            signalen=tuple(tracker.get_slot("signalen") or ()),
            risico=tracker.get_slot("risico"),
            rol=tracker.get_slot("rol"),
            rol_asked=ASK_ROL in bot_responses(tracker),
        )
        entities = (tracker.latest_message or {}).get("entities") or []
        plan = plan_reply(latest_intent(tracker), Recognised.from_entities(entities), state)
        for utterance in plan.utterances:
            dispatcher.utter_message(response=utterance.response, **utterance.variables)
        return [SlotSet("signalen", plan.signalen), SlotSet("risico", plan.risico), SlotSet("rol", plan.rol)]
