"""Retention and "Wis dit gesprek" on a real SQLite database shaped like Rasa's events table."""

import sqlalchemy as sa

from bot.privacy.retention import SECONDS_PER_DAY, forget_conversation, purge_expired
from bot.settings import load_settings

NOW = 1_800_000_000.0


def make_settings(tmp_path, days=30):
    env = tmp_path / ".env"
    env.write_text(f"RASA_AUTH_TOKEN=x\nVAR_DIR={tmp_path}\nRETENTION_DAYS={days}\n", encoding="utf-8")
    return load_settings(env, environ={})


def create_events(url, rows):
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    events = sa.Table("events", meta, sa.Column("id", sa.Integer, primary_key=True),
                      sa.Column("sender_id", sa.String(255)), sa.Column("timestamp", sa.Float),
                      sa.Column("data", sa.Text))
    meta.create_all(engine)
    with engine.begin() as connection:
        connection.execute(events.insert(), [
            {"sender_id": sender, "timestamp": stamp, "data": data} for sender, stamp, data in rows])
    engine.dispose()


def senders(url):
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        result = sorted({row[0] for row in connection.execute(sa.text("select sender_id from events"))})
    engine.dispose()
    return result


def test_purge_deletes_only_conversations_whose_last_activity_is_too_old(tmp_path):
    settings = make_settings(tmp_path)
    day = SECONDS_PER_DAY
    create_events(settings.tracker_db_url, [
        ("oud", NOW - 40 * day, "{}"), ("oud", NOW - 31 * day, "{}"),
        ("lopend", NOW - 40 * day, "{}"), ("lopend", NOW - 2 * day, "{}"),
        ("nieuw", NOW - 60, "{}"),
    ])
    report = purge_expired(settings, now=NOW)
    assert (report.conversations, report.rows) == (1, 2)
    assert senders(settings.tracker_db_url) == ["lopend", "nieuw"]


def test_the_retention_period_is_configurable(tmp_path):
    settings = make_settings(tmp_path, days=1)
    create_events(settings.tracker_db_url, [("a", NOW - 2 * SECONDS_PER_DAY, "{}"), ("b", NOW - 3600, "{}")])
    assert purge_expired(settings, now=NOW).conversations == 1
    assert senders(settings.tracker_db_url) == ["b"]


def test_forget_removes_one_conversation_and_overwrites_it_on_disk(tmp_path):
    settings = make_settings(tmp_path)
    marker = "MARKER-" + "q" * 40
    create_events(settings.tracker_db_url, [("mine", NOW, f'{{"text": "{marker}"}}'), ("other", NOW, "{}")])
    assert forget_conversation(settings, "mine") == 1
    assert senders(settings.tracker_db_url) == ["other"]
    assert marker.encode() not in (tmp_path / "tracker.db").read_bytes()


def test_deletion_before_the_server_created_its_tables_is_harmless(tmp_path):
    settings = make_settings(tmp_path)
    assert forget_conversation(settings, "x") == 0
    assert purge_expired(settings, now=NOW).conversations == 0


def test_every_table_is_reached(tmp_path, monkeypatch):
    settings = make_settings(tmp_path)
    create_events(settings.tracker_db_url, [("mine", NOW, "{}")])
    other_db = f"sqlite:///{tmp_path / 'other.db'}"
    create_events(other_db, [("mine", NOW, "{}"), ("yours", NOW, "{}")])
    import bot.privacy.retention as retention

    extra = retention.ConversationTable(other_db, "events", "sender_id", "timestamp")
    original = retention.conversation_tables
    monkeypatch.setattr(retention, "conversation_tables", lambda s: [*original(s), extra])
    assert forget_conversation(settings, "mine") == 2
    assert senders(other_db) == ["yours"]
