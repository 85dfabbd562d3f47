"""Looks up help and reporting points in the directory (opvang_directory) for the person's place."""
from __future__ import annotations

from functools import lru_cache

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_events import bot_responses, latest_intent
from bot.help_finder import MELDEN, describe, plan_lookup, resolve_from_message, search_options
from opvang_directory.db import session_scope
from opvang_directory.hours import now_local

ASK_PLACE = "utter_ask_plaats"
OFFER_MORE = "utter_hulp_afsluiting"
# (purpose is reporting, a place is known) -> the sentence that introduces the options
INTRO = {
    (False, True): "utter_hulp_intro_plaats",
    (False, False): "utter_hulp_intro_landelijk",
    (True, True): "utter_melden_intro_plaats",
    (True, False): "utter_melden_intro_landelijk",
}


@lru_cache(maxsize=1)
def directory_engine():
    from bot.settings import load_settings
    from opvang_directory.db import make_engine
    from opvang_directory.seed import ensure_seeded

    engine = make_engine(load_settings().directory_db_url)
    ensure_seeded(engine)
    return engine


class ActionFindHelp(Action):
    def name(self) -> str:
        return "action_find_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        places = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == "PLAATS"]
        resolution = resolve_from_message(places, message.get("text") or "")
        sent = bot_responses(tracker)
        last = sent[-1] if sent else None
        step = plan_lookup(latest_intent(tracker), tracker.get_slot("zoekdoel"), tracker.get_slot("gemeente"),
                           resolution, asked_place_last=last == ASK_PLACE, offered_more_last=last == OFFER_MORE,
                           shown=int(tracker.get_slot("hulp_getoond") or 0))

        if step.kind == "ask_place":
            dispatcher.utter_message(response=ASK_PLACE)
            return [SlotSet("zoekdoel", step.purpose)]
        if step.kind == "ask_which":
            dispatcher.utter_message(response="utter_ask_plaats_welke", buttons=[
                {"title": name, "payload": f'/inform_place{{"PLAATS": "{name}"}}'} for name in step.candidates])
            return [SlotSet("zoekdoel", step.purpose)]
        if step.kind == "place_noted":
            dispatcher.utter_message(response="utter_plaats_genoteerd", gemeente=step.gemeente)
            return [SlotSet("gemeente", step.gemeente)]
        if step.kind == "declined":
            dispatcher.utter_message(response="utter_deny_next")
            return []
        if step.kind == "agreed":
            dispatcher.utter_message(response="utter_affirm_next")
            return []

        now = now_local()
        with session_scope(directory_engine()) as session:
            options = search_options(session, step.gemeente, tracker.get_slot("rol"),
                                     tracker.get_slot("signalen") or [], step.purpose, now, offset=step.offset)
        if not options:
            dispatcher.utter_message(response="utter_hulp_geen_meer")
            return [SlotSet("hulp_getoond", None)]
        if step.offset == 0:
            dispatcher.utter_message(response=INTRO[(step.purpose == MELDEN, bool(step.gemeente))],
                                     gemeente=step.gemeente or "")
        for option in options:
            dispatcher.utter_message(response="utter_hulp_optie", **describe(option, now))
        dispatcher.utter_message(response=OFFER_MORE)
        return [SlotSet("gemeente", step.gemeente), SlotSet("zoekdoel", step.purpose),
                SlotSet("hulp_getoond", step.offset + len(options))]
