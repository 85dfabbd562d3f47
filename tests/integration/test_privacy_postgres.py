"""The redacting tracker store, "Wis dit gesprek" and retention on a real PostgreSQL server."""
import asyncio
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postgres_server import find_bin_dir, postgres_server  # noqa: E402

pytestmark = pytest.mark.skipif(find_bin_dir() is None,
                                reason="PostgreSQL is not installed (make test installs Debian's postgresql)")


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def settings_for(tmp_path, url, days=30):
    from bot.settings import load_settings

    env = tmp_path / ".env"
    env.write_text(f"RASA_AUTH_TOKEN=x\nTRACKER_DB_URL={url}\nRETENTION_DAYS={days}\n", encoding="utf-8")
    return load_settings(env, environ={})


def stored(url, sender):
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = [row[0] for row in connection.execute(
            sa.text("select data from events where sender_id = :s order by id"), {"s": sender})]
    engine.dispose()
    return rows


def save(url, sender, texts, timestamp=None):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.privacy.tracker_store import RedactingSQLTrackerStore
    from bot.settings import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = RedactingSQLTrackerStore(host=url, domain=domain)
    tracker = DialogueStateTracker.from_events(
        sender, [UserUttered(text, timestamp=timestamp) for text in texts], slots=domain.slots)
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def test_personal_data_never_reaches_postgresql(pg_url):
    save(pg_url, "pg-1", ["mijn nummer is +31 6 12345678 en mijn iban NL91ABNA0417164300, ik woon in Utrecht"])
    rows = " ".join(stored(pg_url, "pg-1"))
    assert "12345678" not in rows and "0417164300" not in rows and "Utrecht" in rows


def test_forget_and_retention_on_postgresql(pg_url, tmp_path):
    from bot.privacy.retention import SECONDS_PER_DAY, forget_conversation, purge_expired

    settings = settings_for(tmp_path, pg_url)
    save(pg_url, "pg-mine", ["hoi"])
    save(pg_url, "pg-old", ["hoi"], timestamp=time.time() - 40 * SECONDS_PER_DAY)
    assert forget_conversation(settings, "pg-mine") >= 1
    assert stored(pg_url, "pg-mine") == []
    report = purge_expired(settings)
    assert report.conversations == 1 and stored(pg_url, "pg-old") == []
    assert stored(pg_url, "pg-1"), "recent conversations stay"
