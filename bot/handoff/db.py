"""Tables of the handoff database (HANDOFF_DB_URL; SQLite var/handoff.db by default, PostgreSQL by URL)."""
from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa

from bot.db import create_sql_engine

metadata = sa.MetaData()

handoffs = sa.Table(
    "handoffs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    # wachtend → in_gesprek → teruggegeven | afgesloten; wachtend → geannuleerd
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("reden", sa.String(20), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("claimed_at", sa.Float),
    sa.Column("ended_at", sa.Float),
    sa.Column("outcome", sa.String(80)),
    sa.Column("rol", sa.String(20)),
    sa.Column("signalen", sa.Text),  # JSON list of codes
    sa.Column("risico", sa.String(20)),
    sa.Column("gemeente", sa.String(120)),
    sa.Column("last_activity", sa.Float, nullable=False),
)

staff_accounts = sa.Table(
    "staff_accounts", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float, nullable=False, default=0.0),
    sa.Column("created_at", sa.Float, nullable=False),
)

staff_sessions = sa.Table(
    "staff_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
)

staff_notes = sa.Table(
    "staff_notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("text", sa.Text, nullable=False),  # redacted before storage
    sa.Column("created_at", sa.Float, nullable=False),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("username", sa.String(64)),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("conversation_id", sa.String(255)),
    sa.Column("detail", sa.String(200)),
)


@lru_cache(maxsize=8)
def engine_for(url: str) -> sa.engine.Engine:
    """One engine per URL and process, tables created on first use."""
    engine = create_sql_engine(url, future=True)
    metadata.create_all(engine)
    return engine
