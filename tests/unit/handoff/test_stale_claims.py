"""Claims of a staff member whose console is gone return to the queue (bot/handoff/queue.py)."""
import sqlalchemy as sa

from bot.handoff import queue, staff
from bot.handoff.db import audit_log, engine_for, staff_sessions

NOW = 1_000_000.0


def setup(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'handoff.db'}")
    staff.add_account(engine, "anna", "een-lang-wachtwoord")
    staff.add_account(engine, "bram", "een-lang-wachtwoord")
    return engine


def claimed(engine, conversation, username, requested_at):
    handoff_id = queue.request(engine, conversation, "gevraagd", queue.Summary(), now=requested_at)
    assert queue.claim(engine, handoff_id, username, now=requested_at + 1)
    return handoff_id


def seen(engine, username, at):
    with engine.begin() as connection:
        connection.execute(staff_sessions.update().where(staff_sessions.c.username == username).values(last_seen=at))


def test_a_claim_stays_while_the_console_checks_in(tmp_path):
    engine = setup(tmp_path)
    staff.login(engine, "anna", "een-lang-wachtwoord", now=NOW - 100)
    handoff_id = claimed(engine, "c1", "anna", NOW - 90)
    seen(engine, "anna", NOW - 10)
    assert queue.release_stale_claims(engine, 60, now=NOW) == []
    assert queue.get(engine, handoff_id)["status"] == queue.ACTIVE


def test_a_console_gone_too_long_or_a_session_ended_returns_the_claim_first_in_line(tmp_path):
    engine = setup(tmp_path)
    staff.login(engine, "anna", "een-lang-wachtwoord", now=NOW - 500)
    staff.login(engine, "bram", "een-lang-wachtwoord", now=NOW - 500)
    waiting = queue.request(engine, "waits-long", "gevraagd", queue.Summary(), now=NOW - 400)
    gone = claimed(engine, "c-anna", "anna", NOW - 300)
    logged_out = claimed(engine, "c-bram", "bram", NOW - 200)
    seen(engine, "anna", NOW - 120)
    with engine.begin() as connection:
        connection.execute(staff_sessions.delete().where(staff_sessions.c.username == "bram"))

    assert sorted(queue.release_stale_claims(engine, 60, now=NOW)) == ["c-anna", "c-bram"]
    for handoff_id in (gone, logged_out):
        record = queue.get(engine, handoff_id)
        assert record["status"] == queue.WAITING and record["claimed_by"] is None
        assert queue.position(engine, handoff_id) <= 2
    assert queue.position(engine, gone) == 1, "the earliest request is first"
    assert queue.position(engine, waiting) == 3
    with engine.connect() as connection:
        actions = [row.action for row in connection.execute(sa.select(audit_log).order_by(audit_log.c.id))]
    assert actions.count("claim_vervallen") == 2
    assert queue.release_stale_claims(engine, 60, now=NOW) == [], "released once"
