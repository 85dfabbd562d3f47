"""Deleting conversations: after the retention period, and at once when the person asks ("Wis dit gesprek").

Every table that holds data about a conversation is listed in `conversation_tables`, so both kinds of
deletion reach every store at once. Plain SQLAlchemy, no Rasa: the launcher, the command line and the
Rasa server all use it. On SQLite, deleted rows are overwritten (secure_delete), not just unlinked.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from bot.db import create_sql_engine
from bot.settings import Settings

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class ConversationTable:
    """A table with one or more rows per conversation; `time_column` holds epoch seconds."""
    db_url: str
    table: str
    conversation_column: str
    time_column: str


def conversation_tables(settings: Settings) -> list[ConversationTable]:
    # The tracker store (Rasa's `events` table, written by RedactingSQLTrackerStore; staff messages included),
    # the handoff queue and the staff's internal notes (bot/handoff/db.py).
    return [
        ConversationTable(settings.tracker_db_url, "events", "sender_id", "timestamp"),
        ConversationTable(settings.handoff_db_url, "handoffs", "conversation_id", "last_activity"),
        ConversationTable(settings.handoff_db_url, "staff_notes", "conversation_id", "created_at"),
    ]


@dataclass(frozen=True)
class DeletionReport:
    conversations: int
    rows: int


def _reflect(connection, spec: ConversationTable) -> sa.Table | None:
    if not sa.inspect(connection).has_table(spec.table):
        return None  # nothing stored yet (the server creates the table on first start)
    return sa.Table(spec.table, sa.MetaData(), autoload_with=connection)


def _per_database(specs: list[ConversationTable]) -> dict[str, list[ConversationTable]]:
    grouped: dict[str, list[ConversationTable]] = {}
    for spec in specs:
        grouped.setdefault(spec.db_url, []).append(spec)
    return grouped


def _each_table(settings: Settings):
    """(connection, spec, table) for every conversation table that exists, one transaction per database."""
    for url, specs in _per_database(conversation_tables(settings)).items():
        engine = create_sql_engine(url)
        try:
            with engine.begin() as connection:
                for spec in specs:
                    table = _reflect(connection, spec)
                    if table is not None:
                        yield connection, spec, table
        finally:
            engine.dispose()


def forget_conversation(settings: Settings, conversation_id: str) -> int:
    """Deletes every row of one conversation from every store; returns the number of rows deleted."""
    deleted = 0
    for connection, spec, table in _each_table(settings):
        column = table.c[spec.conversation_column]
        deleted += connection.execute(table.delete().where(column == conversation_id)).rowcount
    return deleted


def purge_expired(settings: Settings, now: float | None = None) -> DeletionReport:
    """Deletes every conversation whose last activity is older than the retention period."""
    cutoff = (time.time() if now is None else now) - settings.retention_days * SECONDS_PER_DAY
    conversations: set[str] = set()
    rows = 0
    for connection, spec, table in _each_table(settings):
        conversation, moment = table.c[spec.conversation_column], table.c[spec.time_column]
        expired = [row[0] for row in connection.execute(
            sa.select(conversation).group_by(conversation).having(sa.func.max(moment) < cutoff))]
        for chunk in _chunks(expired, 500):
            rows += connection.execute(table.delete().where(conversation.in_(chunk))).rowcount
        conversations.update(expired)
    return DeletionReport(len(conversations), rows)


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
