"""Faults (issue #7, docs/faults.md), each against real processes: the action server killed mid-conversation,
the conversation database (a real PostgreSQL server) stopped for a short and a longer while, the Rasa server
killed and started again under an open chat page, and a staff console that disappears during a handoff.

One set of servers for the whole module (PostgreSQL, action server, Rasa server as separate processes, see
separate_servers.py); the shared `assistant` of the other e2e tests is never touched. The tests run in file
order and each leaves the servers running.
"""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.resilience.replies import ACTION_SERVER_DOWN, STORE_DOWN, fault_text  # noqa: E402
from browser import chat_send, chat_texts, requires_chromium, text_marker, wait_for_chat  # noqa: E402
from postgres_server import find_bin_dir, postgres_control  # noqa: E402
from separate_servers import SeparateServers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = yaml.safe_load((ROOT / "bot/content/kanaal.yml").read_text(encoding="utf-8"))
CONSOLE = yaml.safe_load((ROOT / "bot/content/console.yml").read_text(encoding="utf-8"))
DB_RETRY_SECONDS = 8
CLAIM_TIMEOUT_SECONDS = 20  # the staff member below logs in again well within this
SLOTS = ("rol", "signalen", "risico", "gemeente")

pytestmark = pytest.mark.skipif(find_bin_dir() is None,
                                reason="PostgreSQL is not installed (make test installs Debian's postgresql)")


# ---------- Servers ----------

@pytest.fixture(scope="module")
def database():
    with postgres_control("faults") as server:
        yield server


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does) first.")
    work = tmp_path_factory.mktemp("faults")
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "RASA_AUTH_TOKEN": "faults-" + uuid.uuid4().hex,
        "VAR_DIR": str(work / "var"),
        "TRACKER_DB_URL": database.url,
        "DIRECTORY_DB_URL": "",
        "HANDOFF_DB_URL": "",
        "HANDOFF_OPENING_HOURS": "ma-zo 00:00-24:00",
        "REDIS_URL": "",
        "DB_RETRY_SECONDS": str(DB_RETRY_SECONDS),
        "HANDOFF_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT_SECONDS),
    }
    stack = SeparateServers.create(work, env)
    try:
        stack.start()
    except RuntimeError as error:
        stack.stop()
        pytest.fail(str(error))
    yield stack
    stack.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def texts(replies: list[dict]) -> list[str]:
    return [reply.get("text", "") for reply in replies]


def user_texts(tracker: dict) -> list[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def assert_in_order(tracker: dict) -> None:
    stamps = [event["timestamp"] for event in tracker["events"]]
    assert stamps == sorted(stamps), "events out of order"


def new_sender() -> str:
    return "fault-" + uuid.uuid4().hex


# ---------- The action server is killed mid-conversation ----------

def test_action_server_killed_gives_the_national_numbers_and_the_bot_goes_on_when_it_is_back(servers):
    sender = new_sender()
    assert servers.say(sender, "hoi"), "the bot answers before the fault"
    slots_before = {name: servers.tracker(sender)["slots"].get(name) for name in SLOTS}

    servers.actions.kill(signal.SIGKILL)
    replies = texts(servers.say(sender, "/request_human"))  # runs the custom action action_request_human
    fallback = fault_text(ACTION_SERVER_DOWN)
    assert replies.count(fallback) == 1, replies
    for number in ("112", "113", "0800-0113", "0800-2000"):
        assert number in fallback
    tracker = servers.tracker(sender)
    assert {name: tracker["slots"].get(name) for name in SLOTS} == slots_before, "the fault changed the slots"
    assert tracker["latest_action_name"] == "action_listen", "the bot waits for the next message"

    servers.restart(servers.actions)
    replies = texts(servers.say(sender, "/request_human"))
    assert replies and fallback not in replies, replies
    assert any("medewerker" in text or "mens" in text for text in replies), replies
    tracker = servers.tracker(sender)
    assert user_texts(tracker) == ["hoi", "/request_human", "/request_human"]
    assert_in_order(tracker)


# ---------- The database is unavailable for a while ----------

def wait_for_log(server, needle: str, start: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in server.log()[start:]:
        assert time.monotonic() < deadline, f"{needle!r} not in the {server.name}'s log"
        time.sleep(0.2)


def test_a_short_database_outage_is_bridged_without_the_person_noticing(servers, database):
    sender = new_sender()
    assert servers.say(sender, "hoi")
    start = len(servers.rasa.log())
    database.stop()
    answer: dict = {}

    def talk() -> None:
        answer["replies"] = texts(servers.say(sender, "wat is een loverboy?"))

    thread = threading.Thread(target=talk)
    try:
        thread.start()
        wait_for_log(servers.rasa, "The conversation database is unreachable", start)
    finally:
        database.start()
    thread.join(120)
    assert answer.get("replies"), "no answer after the database came back"
    assert fault_text(STORE_DOWN) not in answer["replies"]
    tracker = servers.tracker(sender)
    assert user_texts(tracker) == ["hoi", "wat is een loverboy?"], "a message was lost or stored twice"
    assert_in_order(tracker)


def test_a_longer_database_outage_gets_a_kind_reply_and_the_conversation_goes_on_afterwards(servers, database):
    sender = new_sender()
    first = texts(servers.say(sender, "hoi"))
    assert first
    database.stop()
    try:
        during = texts(servers.say(sender, "wat is een loverboy?"))
        assert during == [fault_text(STORE_DOWN)], during
        assert "112" in during[0] and "113" in during[0]
    finally:
        database.start()

    after = texts(servers.say(sender, "wat is een loverboy?"))
    assert after and fault_text(STORE_DOWN) not in after, after
    tracker = servers.tracker(sender)
    # The reply during the outage said the message was not stored: it is not; everything else is, once.
    assert user_texts(tracker) == ["hoi", "wat is een loverboy?"]
    bot_texts = [event.get("text") for event in tracker["events"] if event["event"] == "bot"]
    assert bot_texts[:len(first)] == first, "the conversation before the outage is whole"
    assert fault_text(STORE_DOWN) not in bot_texts
    assert_in_order(tracker)
    log = servers.rasa.log()
    assert "wat is een loverboy" not in log and "Traceback" not in log


def open_chat(ctx, servers):
    page = ctx.new_page()
    page.goto(servers.url + "/chat")
    page.wait_for_selector("#invoer")
    return page


def conversation_id(page) -> str:
    return page.evaluate("window.sessionStorage.getItem('chat-gesprek-id')")


# ---------- The Rasa server restarts mid-conversation ----------

@requires_chromium
def test_the_chat_page_reconnects_after_a_rasa_restart_and_the_conversation_goes_on(servers, new_context):
    page = open_chat(new_context(viewport={"width": 375, "height": 740}), servers)
    chat_send(page, "hoi")
    wait_for_chat(page, "chatbot", 0)
    before = len(chat_texts(page, "chatbot"))
    chat_send(page, "wat is een loverboy?")
    wait_for_chat(page, "chatbot", before)
    sender = conversation_id(page)
    shown_before = page.locator("#berichten").inner_text()

    servers.rasa.kill(signal.SIGKILL)
    page.locator("#verbinding", has_text=yaml.safe_load(
        (ROOT / "bot/content/widget.yml").read_text(encoding="utf-8"))["verbinding_weg"]).wait_for(timeout=60_000)
    # Typed while the server is down: the page keeps it and sends it once the connection is back.
    later = "hoe herken ik een loverboy?"
    before = len(chat_texts(page, "chatbot"))
    chat_send(page, later)
    servers.rasa.start(servers.env)
    servers.rasa.wait_until_up()

    replies = wait_for_chat(page, "chatbot", before, timeout=180_000)  # the page's backoff is at most 30 s
    assert replies and fault_text(ACTION_SERVER_DOWN) not in replies, replies
    assert page.locator("#berichten").inner_text().startswith(shown_before.strip()[:200])
    assert conversation_id(page) == sender, "the page started a new conversation"
    tracker = servers.tracker(sender)
    assert user_texts(tracker) == ["hoi", "wat is een loverboy?", later], "one conversation, each message once"
    assert_in_order(tracker)

    # After a reload the page shows the stored conversation, in the same order.
    page.reload()
    page.locator(".bericht-jij .tekst", has_text=later).wait_for()
    assert chat_texts(page, "jij") == ["hoi", "wat is een loverboy?", later]


# ---------- A staff console disconnects during a handoff ----------

def login(ctx, servers, name: str, password: str):
    page = ctx.new_page()
    page.goto(servers.url + "/staff")
    page.wait_for_selector("#login", state="visible")
    page.fill("#login-gebruiker", name)
    page.fill("#login-wachtwoord", password)
    page.click("#login-knop")
    page.wait_for_selector("#console", state="visible")
    return page


def queue_row(page, preview: str):
    row = page.locator("#wachtrij-rijen tr").filter(has_text=preview)
    row.wait_for(state="visible", timeout=15_000)
    return row


def audit_actions(servers, conversation: str) -> list[str]:
    path = Path(servers.env["VAR_DIR"]) / "handoff.db"
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute(
            "select action from audit_log where conversation_id = ? order by id", (conversation,))]


@requires_chromium
def test_a_claim_survives_a_closed_console_and_returns_to_the_queue_when_the_console_stays_away(
        servers, new_context):
    accounts = [("mw-" + uuid.uuid4().hex[:8], "wachtwoord-" + uuid.uuid4().hex[:12]) for _ in range(2)]
    for name, password in accounts:
        servers.add_staff(name, password)
    (name, password), (colleague, colleague_password) = accounts

    staff_ctx = new_context(viewport={"width": 1280, "height": 900})
    staff = login(staff_ctx, servers, name, password)  # someone online, so the person can join the queue
    person = open_chat(new_context(viewport={"width": 375, "height": 740}), servers)
    chat_send(person, "ik wil met een mens praten")
    assert any("wachtrij" in text for text in wait_for_chat(person, "chatbot", 0))
    marker = "ben je er nog " + text_marker()
    chat_send(person, marker)
    sender = conversation_id(person)

    queue_row(staff, marker).get_by_role("button", name=CONSOLE["claimen"]).click()
    staff.locator("#transcript .bericht-jij .tekst", has_text=marker).wait_for()
    person.locator(".bericht-medewerker .tekst", has_text=CHANNEL["medewerker_er_is"]).wait_for()

    # The console disappears (tab closed, laptop gone); the person goes on writing.
    staff_ctx.close()
    written = "hallo, ben je daar nog? " + text_marker()
    chat_send(person, written)

    # The staff member logs in again: still theirs, with the new message in the transcript.
    staff = login(new_context(viewport={"width": 1280, "height": 900}), servers, name, password)
    row = queue_row(staff, written)
    assert CONSOLE["status_in_gesprek"] in row.inner_text()
    row.get_by_role("button", name=CONSOLE["openen"]).click()
    staff.locator("#transcript .bericht-jij .tekst", has_text=written).wait_for(timeout=10_000)
    assert staff.locator("#bericht-form").is_visible(), "the conversation is still the staff member's"
    assert "claim_vervallen" not in audit_actions(servers, sender)

    # Now the console stays away: after HANDOFF_CLAIM_TIMEOUT_SECONDS the conversation returns to the queue and
    # the person is told.
    staff.context.close()
    person.locator(".bericht-chatbot .tekst", has_text=CHANNEL["claim_vervallen"]).wait_for(
        timeout=(CLAIM_TIMEOUT_SECONDS + 60) * 1000)
    assert audit_actions(servers, sender).count("claim_vervallen") == 1

    # A colleague sees it waiting, first in line, and finds the whole conversation.
    colleague_page = login(new_context(viewport={"width": 1280, "height": 900}), servers, colleague,
                           colleague_password)
    row = queue_row(colleague_page, written)
    assert CONSOLE["status_wachtend"] in row.inner_text()
    first_row = colleague_page.locator("#wachtrij-rijen tr").first
    assert written in first_row.inner_text(), "the returned conversation is first in line"
    row.get_by_role("button", name=CONSOLE["claimen"]).click()
    transcript = colleague_page.locator("#transcript")
    transcript.filter(has_text=written).wait_for()
    for text in ("ik wil met een mens praten", marker, written, CHANNEL["claim_vervallen"]):
        assert text in transcript.inner_text(), text
    person.locator(".bericht-medewerker .tekst", has_text=CHANNEL["medewerker_er_is"]).nth(1).wait_for()
    colleague_page.select_option("#uitkomst", label=CONSOLE["uitkomsten"][-1])
    colleague_page.click("#afsluiten")
    colleague_page.wait_for_selector("#gesprek", state="hidden")
