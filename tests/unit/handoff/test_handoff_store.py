"""Queue, accounts and sessions on a real SQLite database."""
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa

from bot.handoff import queue, staff
from bot.handoff.db import audit_log, engine_for
from bot.handoff.hours import InvalidOpeningHours, is_open, parse

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(tmp_path):
    return engine_for(f"sqlite:///{tmp_path / 'handoff.db'}")


def test_accounts_are_hashed_listed_and_removed(engine):
    staff.add_account(engine, "anna", PASSWORD)
    assert staff.list_accounts(engine) == ["anna"]
    with engine.connect() as connection:
        stored = connection.execute(sa.text("select password_hash from staff_accounts")).scalar_one()
    assert PASSWORD not in stored and stored.startswith("$argon2id$")
    with pytest.raises(staff.AccountError):
        staff.add_account(engine, "anna", PASSWORD)
    with pytest.raises(staff.AccountError, match="12"):
        staff.add_account(engine, "bob", "kort")
    assert staff.remove_account(engine, "anna") and staff.list_accounts(engine) == []


def test_login_session_csrf_idle_expiry_and_logout(engine):
    staff.add_account(engine, "anna", PASSWORD)
    assert staff.login(engine, "anna", "fout wachtwoord", now=100) is None
    token, session = staff.login(engine, "anna", PASSWORD, now=100)
    assert staff.session_for(engine, token, idle_seconds=60, now=150) == session
    assert staff.csrf_ok(session, session.csrf_token) and not staff.csrf_ok(session, None)
    assert not staff.csrf_ok(session, "x" + session.csrf_token[1:])
    assert staff.session_for(engine, token, idle_seconds=60, now=211) is None, "idle for 61 s"
    token, _ = staff.login(engine, "anna", PASSWORD, now=300)
    staff.logout(engine, token)
    assert staff.session_for(engine, token, idle_seconds=60, now=301) is None


def test_five_wrong_passwords_lock_the_account_for_a_while(engine):
    staff.add_account(engine, "anna", PASSWORD)
    for _ in range(staff.MAX_FAILED_LOGINS):
        assert staff.login(engine, "anna", "fout", now=1000) is None
    with pytest.raises(staff.LoginLocked):
        staff.login(engine, "anna", PASSWORD, now=1001)
    assert staff.login(engine, "anna", PASSWORD, now=1000 + staff.LOCKOUT_SECONDS + 1) is not None


def test_staff_online_counts_recent_sessions(engine):
    staff.add_account(engine, "anna", PASSWORD)
    staff.login(engine, "anna", PASSWORD, now=1000)
    assert staff.staff_online(engine, within_seconds=120, now=1100) == 1
    assert staff.staff_online(engine, within_seconds=120, now=1200) == 0


def test_queue_positions_and_asking_twice_keeps_the_place(engine):
    first = queue.request(engine, "c1", "gevraagd", queue.Summary(rol="jongere"), now=1)
    second = queue.request(engine, "c2", "risico", queue.Summary(signalen=("cadeaus",), risico="hoog"), now=2)
    assert queue.request(engine, "c1", "gevraagd", queue.Summary(), now=3) == first
    assert (queue.position(engine, first), queue.position(engine, second)) == (1, 2)
    assert queue.waiting_position(engine, "c2") == 2
    assert queue.expected_wait_minutes(2, staff=1, minutes_per_conversation=15) == 30
    assert queue.expected_wait_minutes(3, staff=2, minutes_per_conversation=15) == 23


def test_exactly_one_of_many_simultaneous_claims_wins(engine):
    handoff = queue.request(engine, "c1", "gevraagd", queue.Summary())
    results, barrier = [], threading.Barrier(8)

    def claim(name):
        barrier.wait()
        results.append(queue.claim(engine, handoff, name))

    threads = [threading.Thread(target=claim, args=(f"staff{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]
    assert queue.get(engine, handoff)["status"] == queue.ACTIVE


def test_only_the_claiming_staff_member_finishes_and_it_is_audited(engine):
    handoff = queue.request(engine, "c1", "gevraagd", queue.Summary())
    queue.claim(engine, handoff, "anna")
    assert not queue.finish(engine, handoff, "bob", queue.CLOSED, "anders")
    assert queue.finish(engine, handoff, "anna", queue.CLOSED, "informatie gegeven")
    assert queue.board(engine) == []
    with engine.connect() as connection:
        actions = [row[0] for row in connection.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id))]
    assert actions == ["geclaimd", queue.CLOSED]


def test_opening_hours():
    windows = parse("ma-vr 09:00-21:00; za-zo 12:00-17:00")
    assert is_open(windows, datetime(2026, 11, 30, 9, 0))       # Monday
    assert not is_open(windows, datetime(2026, 11, 30, 21, 0))
    assert not is_open(windows, datetime(2026, 12, 5, 11, 59))   # Saturday
    assert is_open(parse("ma-zo 00:00-24:00"), datetime(2026, 12, 6, 23, 59))
    for wrong in ("", "maandag 9-17", "ma-vr 21:00-09:00"):
        with pytest.raises(InvalidOpeningHours):
            parse(wrong)


def test_staff_command_line(tmp_path):
    import subprocess
    import sys

    env_file = tmp_path / ".env"
    env_file.write_text(f"RASA_AUTH_TOKEN=x\nVAR_DIR={tmp_path}\n", encoding="utf-8")

    def bot(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "bot", "--env-file", str(env_file), "staff", *args],
                              input=stdin, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})

    assert bot("add", "anna", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    assert bot("add", "bob", "--password-stdin", stdin="kort\n").returncode == 2
    assert bot("list").stdout.split() == ["anna"]
    assert bot("remove", "anna").returncode == 0 and bot("remove", "anna").returncode == 1
