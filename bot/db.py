"""SQLAlchemy engines for the project's own databases (conversations, handoff): one place for the SQLite settings."""
from __future__ import annotations

import sqlalchemy as sa


def create_sql_engine(url: str, **kwargs) -> sa.engine.Engine:
    """On SQLite, deleted rows are overwritten (secure_delete) and a locked file is waited for instead of failing
    at once (the Rasa server, the action server and the command line share the files)."""
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute("PRAGMA busy_timeout = 5000")
    return engine
