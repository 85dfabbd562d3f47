"""Rasa's SQL tracker store, with personal data removed from every event before it is written.

Configured in endpoints.yml as `type: bot.privacy.tracker_store.RedactingSQLTrackerStore` with the
SQLAlchemy URL of TRACKER_DB_URL (SQLite by default, PostgreSQL by URL). Rasa's own SQL store writes the
full event JSON (text, entities, slots, metadata); this one writes the same rows with the data redacted
(bot/privacy/events.py). Conversations are read back redacted, so later turns, the HTTP API and the staff
console only ever see the redacted form. Within one turn, Rasa and the actions still work with what the
person typed: that lives in memory only.

Note: Rasa silently falls back to an in-memory store when a custom store cannot be imported; the e2e tests
check that conversations really end up in the database.

A short database outage (a restart, a failover) is bridged: every read and write is retried with backoff for
DB_RETRY_SECONDS, and pooled connections are tested before use, so they recover after a restart. After that
the call raises StoreUnavailable, and bot/resilience/message_guard.py gives the person a kind reply.
"""
from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.db import create_sql_engine
from bot.privacy.events import redact_events, user_texts
from bot.resilience.db_retry import retry_transient

logger = logging.getLogger(__name__)


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, host: str | None = None, retry_seconds: float | None = None, **kwargs: Any) -> None:
        if kwargs.get("event_broker"):
            # Rasa streams events to a broker before they reach the store: they would leave unredacted.
            raise ValueError("RedactingSQLTrackerStore does not work with an event broker: remove it from endpoints.yml.")
        # endpoints.yml passes the whole SQLAlchemy URL as `url`, which Rasa hands over as `host`.
        super().__init__(host=host, **kwargs)
        self.retry_seconds = _configured_retry_seconds() if retry_seconds is None else float(retry_seconds)
        url = self.engine.url
        self.engine.dispose()
        # The project's one engine set-up (SQLite: secure_delete, busy_timeout), plus connection checks.
        self.engine = create_sql_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        parent = super()._retrieve
        return await retry_transient(lambda: parent(sender_id, fetch_events_from_all_sessions), self.retry_seconds)

    async def keys(self):
        parent = super().keys
        return await retry_transient(parent, self.retry_seconds)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Each attempt counts the stored events again, so a retried write never stores an event twice.
        async def attempt() -> None:
            self._save_once(tracker)

        await retry_transient(attempt, self.retry_seconds)

    def _save_once(self, tracker: DialogueStateTracker) -> None:
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


def _configured_retry_seconds() -> float:
    from bot.settings import DEFAULT_DB_RETRY_SECONDS, MissingSecret, load_settings

    try:
        return float(load_settings().db_retry_seconds)
    except MissingSecret:  # built outside the servers (tests, scripts) without a .env
        return float(DEFAULT_DB_RETRY_SECONDS)
