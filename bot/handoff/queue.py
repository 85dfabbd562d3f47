"""The queue of conversations waiting for a person, and the conversations staff are handling."""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass

import sqlalchemy as sa

from bot.handoff.db import handoffs, staff_notes, staff_sessions
from bot.handoff.staff import audit

WAITING, ACTIVE, HANDED_BACK, CLOSED = "wachtend", "in_gesprek", "teruggegeven", "afgesloten"
OPEN = (WAITING, ACTIVE)
REASONS = ("gevraagd", "risico", "misverstand")


@dataclass(frozen=True)
class Summary:
    rol: str | None = None
    signalen: tuple[str, ...] = ()
    risico: str | None = None
    gemeente: str | None = None


def open_handoff(connection, conversation_id: str):
    return connection.execute(sa.select(handoffs).where(
        handoffs.c.conversation_id == conversation_id, handoffs.c.status.in_(OPEN))).mappings().first()


def request(engine, conversation_id: str, reason: str, summary: Summary, now: float | None = None) -> int:
    """Puts the conversation in the queue (once: asking again keeps its place); returns the handoff id."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        existing = open_handoff(connection, conversation_id)
        if existing:
            return existing["id"]
        result = connection.execute(handoffs.insert().values(
            conversation_id=conversation_id, status=WAITING, reden=reason if reason in REASONS else "gevraagd",
            requested_at=now, rol=summary.rol, signalen=json.dumps(list(summary.signalen)),
            risico=summary.risico, gemeente=summary.gemeente, last_activity=now))
        return result.inserted_primary_key[0]


def position(engine, handoff_id: int) -> int | None:
    """1 for the first in line; None when the conversation no longer waits."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(handoffs.c.status, handoffs.c.requested_at, handoffs.c.id)
                                 .where(handoffs.c.id == handoff_id)).first()
        if row is None or row.status != WAITING:
            return None
        ahead = connection.execute(sa.select(sa.func.count()).select_from(handoffs).where(
            handoffs.c.status == WAITING,
            sa.or_(handoffs.c.requested_at < row.requested_at,
                   sa.and_(handoffs.c.requested_at == row.requested_at, handoffs.c.id < row.id)))).scalar_one()
        return ahead + 1


def waiting_position(engine, conversation_id: str) -> int | None:
    with engine.connect() as connection:
        row = open_handoff(connection, conversation_id)
    return position(engine, row["id"]) if row else None


def expected_wait_minutes(place: int, staff: int, minutes_per_conversation: int) -> int:
    """A rough, honest estimate: everyone ahead takes `minutes_per_conversation` with one staff member."""
    return max(1, math.ceil(place * minutes_per_conversation / max(staff, 1)))


def board(engine) -> list[dict]:
    """Waiting conversations (oldest first), then those in progress."""
    with engine.connect() as connection:
        waiting_first = sa.case((handoffs.c.status == WAITING, 0), else_=1)
        rows = connection.execute(sa.select(handoffs).where(handoffs.c.status.in_(OPEN))
                                  .order_by(waiting_first, handoffs.c.requested_at, handoffs.c.id))
        return [dict(row) for row in rows.mappings()]


def get(engine, handoff_id: int) -> dict | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(handoffs).where(handoffs.c.id == handoff_id)).mappings().first()
    return dict(row) if row else None


def claim(engine, handoff_id: int, username: str, now: float | None = None) -> bool:
    """Atomic: a single UPDATE that only succeeds while the conversation still waits. Exactly one of two
    staff members claiming at the same moment wins."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        won = connection.execute(handoffs.update().where(handoffs.c.id == handoff_id, handoffs.c.status == WAITING)
                                 .values(status=ACTIVE, claimed_by=username, claimed_at=now,
                                         last_activity=now)).rowcount == 1
        row = connection.execute(sa.select(handoffs.c.conversation_id).where(handoffs.c.id == handoff_id)).first()
        audit(connection, username, "geclaimd" if won else "claim_geweigerd", row[0] if row else None)
    return won


def release_stale_claims(engine, timeout_seconds: float, now: float | None = None) -> list[str]:
    """Conversations in progress whose staff member has no console seen in the last `timeout_seconds` (closed,
    crashed, logged out, or the session ended) go back to the queue, ahead of everyone waiting. Returns their
    conversation ids; each release is in the audit log. Nothing else changes: the transcript stays whole."""
    now = time.time() if now is None else now
    last_seen = (sa.select(sa.func.max(staff_sessions.c.last_seen))
                 .where(staff_sessions.c.username == handoffs.c.claimed_by).scalar_subquery())
    released = []
    with engine.begin() as connection:
        stale = connection.execute(sa.select(handoffs.c.id, handoffs.c.conversation_id, handoffs.c.claimed_by,
                                             handoffs.c.requested_at)
                                   .where(handoffs.c.status == ACTIVE,
                                          sa.func.coalesce(last_seen, 0.0) < now - timeout_seconds)
                                   .order_by(handoffs.c.requested_at.desc(), handoffs.c.id.desc())).all()
        for row in stale:
            first = connection.execute(sa.select(sa.func.min(handoffs.c.requested_at))
                                       .where(handoffs.c.status == WAITING)).scalar()
            # Keep the original request time unless someone else has waited longer: then just ahead of them.
            requested_at = row.requested_at if first is None else min(row.requested_at, first - 1)
            moved = connection.execute(handoffs.update().where(
                handoffs.c.id == row.id, handoffs.c.status == ACTIVE, handoffs.c.claimed_by == row.claimed_by)
                .values(status=WAITING, claimed_by=None, claimed_at=None, requested_at=requested_at,
                        last_activity=now)).rowcount == 1
            if moved:
                audit(connection, row.claimed_by, "claim_vervallen", row.conversation_id)
                released.append(row.conversation_id)
    return released


def finish(engine, handoff_id: int, username: str, status: str, outcome: str | None = None,
           now: float | None = None) -> bool:
    """Hand back to the bot or close; only the staff member who claimed it (or anyone while it waits)."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        done = connection.execute(handoffs.update().where(
            handoffs.c.id == handoff_id, handoffs.c.status.in_(OPEN),
            sa.or_(handoffs.c.claimed_by == username, handoffs.c.status == WAITING))
            .values(status=status, ended_at=now, outcome=outcome, last_activity=now)).rowcount == 1
        row = connection.execute(sa.select(handoffs.c.conversation_id).where(handoffs.c.id == handoff_id)).first()
        if done:
            audit(connection, username, status, row[0], outcome)
    return done


def touch(engine, handoff_id: int, username: str, action: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with engine.begin() as connection:
        connection.execute(handoffs.update().where(handoffs.c.id == handoff_id).values(last_activity=now))
        row = connection.execute(sa.select(handoffs.c.conversation_id).where(handoffs.c.id == handoff_id)).first()
        audit(connection, username, action, row[0] if row else None)


def add_note(engine, conversation_id: str, username: str, redacted_text: str, now: float | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(staff_notes.insert().values(conversation_id=conversation_id, username=username,
                                                       text=redacted_text, created_at=time.time() if now is None else now))
        audit(connection, username, "notitie", conversation_id)


def notes(engine, conversation_id: str) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(staff_notes).where(staff_notes.c.conversation_id == conversation_id)
                                  .order_by(staff_notes.c.id)).mappings()
        return [{"gebruiker": row["username"], "tekst": row["text"], "tijd": row["created_at"]} for row in rows]
