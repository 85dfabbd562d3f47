"""RedactingSQLTrackerStore with Rasa's own events and a real SQLite database."""
import asyncio
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.tracker_store import RedactingSQLTrackerStore
from bot.settings import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def make_store(tmp_path):
    return RedactingSQLTrackerStore(host=f"sqlite:///{tmp_path / 'tracker.db'}", domain=DOMAIN)


def raw_rows(tmp_path):
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        return [row[0] for row in db.execute("select data from events order by id")]


def test_events_are_stored_redacted_and_read_back_in_order(tmp_path):
    store = make_store(tmp_path)
    tracker = DialogueStateTracker.from_events("c1", [
        ActionExecuted("action_listen"),
        UserUttered("ik heet Noor de Wit en mijn nummer is 06-12345678, ik woon in Zwolle",
                    intent={"name": "describe_situation", "confidence": 0.9},
                    metadata={"ip": "198.51.100.7"}),
        SlotSet("gemeente", "Zwolle"),
        BotUttered("Dank je, Noor de Wit.", metadata={"utter_action": "utter_x"}),
    ], slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))

    stored = " ".join(raw_rows(tmp_path))
    for value in ("Noor", "de Wit", "12345678", "198.51.100.7"):
        assert value not in stored
    assert "Zwolle" in stored

    again = asyncio.run(store.retrieve("c1"))
    assert [event.type_name for event in again.events] == [event.type_name for event in tracker.events]
    assert again.get_slot("gemeente") == "Zwolle"
    assert again.latest_message.text == "ik heet [naam] en mijn nummer is [telefoon], ik woon in Zwolle"


def test_a_later_turn_appends_only_new_events(tmp_path):
    store = make_store(tmp_path)
    tracker = DialogueStateTracker.from_events("c2", [UserUttered("hoi")], slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    tracker.update(BotUttered("Hoi!"))
    tracker.update(UserUttered("mijn mail is a.b@example.com"))
    asyncio.run(store.save(tracker))
    rows = raw_rows(tmp_path)
    assert len(rows) == 3 and "example.com" not in rows[2]


def test_refuses_an_event_broker(tmp_path):
    with pytest.raises(ValueError, match="event broker"):
        RedactingSQLTrackerStore(host=f"sqlite:///{tmp_path / 'x.db'}", domain=DOMAIN, event_broker=object())
