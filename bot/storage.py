"""Prepares the embedded storage before the servers start: the var/ folder, the handoff tables and a seeded
help directory."""
from __future__ import annotations

from bot.settings import Settings


def prepare_storage(settings: Settings) -> bool:
    """Creates var/ and loads the directory's seed data when the database is empty or the seed files changed.
    Returns True when seed data was (re)loaded."""
    from opvang_directory.db import make_engine
    from opvang_directory.seed import ensure_seeded

    from bot.handoff.db import engine_for

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    engine_for(settings.handoff_db_url)  # creates the handoff tables
    engine = make_engine(settings.directory_db_url)
    try:
        return ensure_seeded(engine)
    finally:
        engine.dispose()
