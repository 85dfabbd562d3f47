"""Rasa's SQL tracker store, with personal data removed from every event before it is written.

Configured in endpoints.yml as `type: bot.privacy.tracker_store.RedactingSQLTrackerStore` with the
SQLAlchemy URL of TRACKER_DB_URL (SQLite by default, PostgreSQL by URL). Rasa's own SQL store writes the
full event JSON (text, entities, slots, metadata); this one writes the same rows with the data redacted
(bot/privacy/events.py). Conversations are read back redacted, so later turns, the HTTP API and the staff
console only ever see the redacted form. Within one turn, Rasa and the actions still work with what the
person typed: that lives in memory only.

Note: Rasa silently falls back to an in-memory store when a custom store cannot be imported; the e2e tests
check that conversations really end up in the database.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy.events import redact_events, user_texts

logger = logging.getLogger(__name__)


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, host: str | None = None, **kwargs: Any) -> None:
        if kwargs.get("event_broker"):
            # Rasa streams events to a broker before they reach the store: they would leave unredacted.
            raise ValueError("RedactingSQLTrackerStore does not work with an event broker: remove it from endpoints.yml.")
        # endpoints.yml passes the whole SQLAlchemy URL as `url`, which Rasa hands over as `host`.
        super().__init__(host=host, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = [event.as_dict() for event in self._additional_events(session, tracker)]
            if not new_events:
                return
            stored_count = len(tracker.events) - len(new_events)
            earlier = [event.as_dict() for event in list(tracker.events)[:stored_count]]
            for data in redact_events(new_events, user_texts(earlier)):
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=data.get("event"),
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("Conversation stored (redacted).")
