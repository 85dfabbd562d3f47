"""action_request_human: to a staff member when one is available, otherwise honest alternatives that are open now.

The decision and the queue live in bot/handoff/ (plain Python + SQLAlchemy); this action only speaks.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher

from actions.find_help import directory_engine
from bot.handoff import queue
from bot.handoff.availability import availability
from bot.handoff.db import engine_for
from bot.help_finder import describe, search_options
from bot.settings import load_settings
from opvang_directory.db import session_scope
from opvang_directory.hours import now_local

LIVE_CHANNELS = ("telefoon", "chat", "app")


def reason_for(tracker: Tracker) -> str:
    if tracker.latest_message.get("intent", {}).get("name") == "nlu_fallback":
        return "misverstand"
    return "risico" if tracker.get_slot("risico") in ("acuut", "hoog") else "gevraagd"


def open_now(options: list[dict]) -> list[dict]:
    return [option for option in options if option.get("open_nu") is True
            and any(channel["soort"] in LIVE_CHANNELS for channel in option["kanalen"])]


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[Any]:
        settings = load_settings()
        engine = engine_for(settings.handoff_db_url)
        now = now_local()
        state = availability(engine, settings.handoff_opening_hours, now)
        if state.available:
            summary = queue.Summary(rol=tracker.get_slot("rol"), signalen=tuple(tracker.get_slot("signalen") or ()),
                                    risico=tracker.get_slot("risico"), gemeente=tracker.get_slot("gemeente"))
            handoff_id = queue.request(engine, tracker.sender_id, reason_for(tracker), summary)
            place = queue.position(engine, handoff_id) or 1
            wait = queue.expected_wait_minutes(place, state.staff_online, settings.minutes_per_conversation)
            dispatcher.utter_message(response="utter_handoff_wachtrij", positie=place, wachttijd=wait)
            return [ConversationPaused()]

        dispatcher.utter_message(response="utter_handoff_niet_beschikbaar")
        with session_scope(directory_engine()) as session:
            options = open_now(search_options(session, tracker.get_slot("gemeente"), tracker.get_slot("rol"),
                                              tracker.get_slot("signalen") or [], "hulp", now))
        if options:
            for option in options:
                dispatcher.utter_message(response="utter_hulp_optie", **describe(option, now))
        else:
            dispatcher.utter_message(response="utter_request_human")
        dispatcher.utter_message(response="utter_handoff_verder")
        return []
