"""Handing a conversation to a person (docs/handoff.md) in real browsers against the real servers.

Debian's chromium through Playwright (never downloads a browser; skips when /usr/bin/chromium is missing).
Two sides: a young person on /chat, and helpline staff in the console on /staff. Covers the whole flow
(queue, claim, messages both ways, the bot silent during the handoff, hand back), login and session
security (wrong password, CSRF, expired session), two staff members claiming at the same moment, and
hostile text shown as text in the console.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import yaml

playwright_sync = pytest.importorskip("playwright.sync_api")

from bot.settings import load_settings  # noqa: E402
from browser import chat_send, chat_texts, requires_chromium, text_marker, wait_for_chat  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = yaml.safe_load((ROOT / "bot/content/console.yml").read_text(encoding="utf-8"))
CHANNEL = yaml.safe_load((ROOT / "bot/content/kanaal.yml").read_text(encoding="utf-8"))
SILENCE_MS = 5_000  # long enough for the bot to have answered if it were not paused
COOKIE = "staff_sessie"
HOSTILE = "<img src=x onerror=window.__xss=1>"

pytestmark = requires_chromium


# ---------- Fixtures and helpers ----------

def assistant_env(assistant) -> dict[str, str]:
    """The environment the session fixture gives the assistant, so the CLI uses the same databases."""
    return {
        **os.environ,
        "RASA_PORT": str(urlsplit(assistant.url).port),
        "ACTION_PORT": str(urlsplit(assistant.action_url).port),
        "RASA_AUTH_TOKEN": assistant.token,
        "VAR_DIR": str(assistant.var_dir),
        "TRACKER_DB_URL": "",
        "DIRECTORY_DB_URL": "",
    }


def add_staff(assistant, name: str, password: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "staff", "add", name, "--password-stdin"],
                            input=password + "\n", env=assistant_env(assistant), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def remove_staff(assistant, name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "staff", "remove", name], env=assistant_env(assistant),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def staff_accounts(assistant):
    """Two staff accounts: [(name, password), (name, password)]. Removed afterwards (with their sessions), so
    no one counts as online for the tests that follow: they expect "no staff member available"."""
    accounts = []
    for _ in range(2):
        name = "mw-" + uuid.uuid4().hex[:8]
        password = "wachtwoord-" + uuid.uuid4().hex[:12]
        add_staff(assistant, name, password)
        accounts.append((name, password))
    yield accounts
    for name, _ in accounts:
        remove_staff(assistant, name)
    path = handoff_sqlite(assistant)
    if path is not None:
        with sqlite3.connect(path) as db:
            assert db.execute("select count(*) from staff_sessions").fetchone()[0] == 0


def handoff_sqlite(assistant) -> Path | None:
    url = load_settings(environ=assistant_env(assistant)).handoff_db_url
    return Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None


def handoff_db(assistant) -> Path:
    path = handoff_sqlite(assistant)
    if path is None:
        pytest.skip("HANDOFF_DB_URL is not SQLite; this check reads the database file directly")
    return path


def watch(page, problems: list) -> None:
    """Collects Content-Security-Policy complaints, script errors and dialogs of a page."""
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def dialog(d):
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)


def open_console(ctx, assistant, problems: list | None = None):
    page = ctx.new_page()
    if problems is not None:
        watch(page, problems)
    page.goto(assistant.url + "/staff")
    page.wait_for_selector("#login-form")
    return page


def login_ui(page, name: str, password: str) -> None:
    page.wait_for_selector("#login", state="visible")
    page.fill("#login-gebruiker", name)
    page.fill("#login-wachtwoord", password)
    page.click("#login-knop")
    page.wait_for_selector("#console", state="visible")


def csrf_token(ctx, assistant) -> str:
    answer = ctx.request.get(assistant.url + "/staff/api/me")
    assert answer.status == 200, answer.text()
    return answer.json()["csrf_token"]


def session_cookie(ctx) -> str:
    return next(c["value"] for c in ctx.cookies() if c["name"] == COOKIE)


def api_session(ctx, assistant) -> requests.Session:
    """A plain HTTP session that carries a browser context's staff cookie and CSRF token."""
    session = requests.Session()
    session.headers["X-CSRF-Token"] = csrf_token(ctx, assistant)
    session.headers["Cookie"] = f"{COOKIE}={session_cookie(ctx)}"
    return session


def queue_item(session: requests.Session, assistant, preview: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        answer = session.get(assistant.url + "/staff/api/wachtrij", timeout=30)
        assert answer.status_code == 200, answer.text
        for item in answer.json()["gesprekken"]:
            if item["voorbeeld"] == preview:
                return item
        assert time.monotonic() < deadline, f"{preview!r} not in the queue: {answer.json()}"
        time.sleep(0.5)


def queue_person(assistant, marker: str, sender: str | None = None) -> str:
    """A young person (REST channel) who asks for a person and then writes `marker` (the queue preview)."""
    sender = sender or "e2e-" + uuid.uuid4().hex
    replies = assistant.say(sender, "/request_human")
    assert any("wachtrij" in reply.get("text", "") for reply in replies), replies
    assert assistant.say(sender, marker) == [], "the bot must stay silent while the person waits"
    return sender


def axe_violations(page) -> list[dict]:
    """axe-core (shipped by axe-playwright-python, no CDN) on WCAG 2.1 A/AA and best practices; [] when the
    package is missing."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        return []
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"]]


def row_for(page, preview: str):
    row = page.locator("#wachtrij-rijen tr").filter(has_text=preview)
    row.wait_for(state="visible", timeout=15_000)
    return row


# ---------- The whole flow in two browsers ----------

def test_young_person_and_staff_member_talk_and_the_bot_takes_over_again(assistant, new_context, staff_accounts):
    name, password = staff_accounts[0]
    problems: list[str] = []
    staff_ctx = new_context(viewport={"width": 1280, "height": 900})
    staff = open_console(staff_ctx, assistant, problems)
    login_ui(staff, name, password)  # before the request, so someone is online
    assert staff.locator("#account-naam").inner_text() == name

    person_ctx = new_context(viewport={"width": 375, "height": 740})
    person = person_ctx.new_page()
    watch(person, problems)
    person.goto(assistant.url + "/chat")
    person.wait_for_selector("#invoer")

    chat_send(person, "hoi")
    assert wait_for_chat(person, "chatbot", 0), "the bot answers before the handoff"

    before = len(chat_texts(person, "chatbot"))
    chat_send(person, "ik wil met een mens praten")
    replies = wait_for_chat(person, "chatbot", before)
    assert any("wachtrij" in reply for reply in replies), replies

    # While waiting the bot is silent.
    marker = "ben je er al " + text_marker()
    before = len(chat_texts(person, "chatbot"))
    chat_send(person, marker)
    person.wait_for_timeout(SILENCE_MS)
    assert len(chat_texts(person, "chatbot")) == before, "the bot answered while the person was in the queue"

    # The staff member sees the conversation in the queue (refreshed every 3 s) and claims it.
    row = row_for(staff, marker)
    assert CONSOLE["status_wachtend"] in row.inner_text()
    row.get_by_role("button", name=CONSOLE["claimen"]).click()
    staff.wait_for_selector("#gesprek", state="visible")
    transcript = staff.locator("#transcript")
    transcript.filter(has_text=marker).wait_for()
    assert "ik wil met een mens praten" in transcript.inner_text()
    assert staff.locator("#transcript .bericht-jij").count() >= 3
    assert staff.locator("#transcript .bericht-chatbot").count() >= 1
    for field in ("#sam-rol", "#sam-risico", "#sam-gemeente", "#sam-wachttijd", "#sam-signalen"):
        assert staff.locator(field).inner_text().strip(), field
    assert CONSOLE["status_in_gesprek"] in staff.locator("#sam-status").inner_text()
    assert staff.locator("#bericht-form").is_visible()
    assert staff.locator("#standaardzin option").count() >= 9  # the placeholder + 8-12 canned responses

    # The person hears that a person is there now.
    person.locator(".bericht-medewerker .tekst", has_text=CHANNEL["medewerker_er_is"]).wait_for()

    # Staff → person.
    staff_text = "Hoi, ik ben er. Waar wil je over praten? " + text_marker()
    staff.fill("#bericht", staff_text)
    staff.click("#versturen")
    person.locator(".bericht-medewerker .tekst", has_text=staff_text).wait_for(timeout=15_000)
    staff.locator("#transcript .bericht-medewerker .tekst", has_text=staff_text).wait_for(timeout=10_000)

    # A canned response fills the input; the staff member sends it with Enter.
    staff.select_option("#standaardzin", index=2)
    chosen = staff.locator("#standaardzin option").nth(2).get_attribute("value")
    staff.click("#standaardzin-invoegen")
    assert staff.input_value("#bericht") == chosen
    staff.press("#bericht", "Enter")
    person.locator(".bericht-medewerker .tekst", has_text=chosen[:40]).wait_for(timeout=15_000)

    # Person → staff (the console polls every 2 s), and the bot stays silent.
    before = len(chat_texts(person, "chatbot"))
    person_text = "ik durf het bijna niet te zeggen " + text_marker()
    chat_send(person, person_text)
    staff.locator("#transcript .bericht-jij .tekst", has_text=person_text).wait_for(timeout=10_000)
    person.wait_for_timeout(SILENCE_MS)
    assert len(chat_texts(person, "chatbot")) == before, "the bot answered during the handoff"

    # An internal note: visible in the console, never to the person.
    note = "Notitie voor collega's " + text_marker()
    staff.fill("#notitie", note)
    staff.click("#notitie-opslaan")
    staff.locator("#notities .tekst", has_text=note).wait_for(timeout=10_000)
    assert note not in person.locator("#berichten").inner_text()

    # Hand back: the person hears the chatbot is back, and the bot answers the next message again.
    before = len(chat_texts(person, "chatbot"))
    staff.click("#teruggeven")
    staff.wait_for_selector("#gesprek", state="hidden")
    staff.locator("#melding", has_text=CONSOLE["teruggegeven"]).wait_for()
    back = wait_for_chat(person, "chatbot", before, timeout=15_000)
    assert any(CHANNEL["terug_naar_chatbot"] in text for text in back), back
    before = len(chat_texts(person, "chatbot"))
    chat_send(person, "wat is een loverboy?")
    assert wait_for_chat(person, "chatbot", before), "the bot answers again after the hand back"

    # The conversation left the queue.
    staff.wait_for_timeout(3_500)
    assert staff.locator("#wachtrij-rijen tr").filter(has_text=marker).count() == 0
    assert problems == []


# ---------- Login and session security ----------

def test_console_rejects_wrong_password_missing_csrf_and_expired_sessions(assistant, new_context, staff_accounts):
    name, password = staff_accounts[1]
    problems: list[str] = []
    ctx = new_context(viewport={"width": 1280, "height": 900})
    page = open_console(ctx, assistant, problems)

    # Wrong password: the message is shown and there is no session.
    login_error = page.locator("#login-fout")
    page.fill("#login-gebruiker", name)
    page.fill("#login-wachtwoord", "dit-is-niet-het-wachtwoord")
    page.click("#login-knop")
    login_error.wait_for(state="visible")
    assert login_error.inner_text() == CONSOLE["fout_wachtwoord"]
    assert page.locator("#console").is_hidden()
    assert axe_violations(page) == []
    assert COOKIE not in {c["name"] for c in ctx.cookies()}
    assert ctx.request.get(assistant.url + "/staff/api/me").status == 401
    assert ctx.request.get(assistant.url + "/staff/api/wachtrij").status == 401

    # The right password, with the keyboard only.
    page.fill("#login-gebruiker", "")
    page.focus("#login-gebruiker")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "login-wachtwoord"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#console", state="visible")
    cookie = next(c for c in ctx.cookies() if c["name"] == COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE) == -1

    # A POST without (or with a wrong) CSRF token: 403, and the session stays valid.
    url = assistant.url + "/staff/api/logout"
    assert ctx.request.post(url, headers={"Content-Type": "application/json"}, data="{}").status == 403
    assert ctx.request.post(url, headers={"Content-Type": "application/json", "X-CSRF-Token": "fout"},
                            data="{}").status == 403
    assert ctx.request.get(assistant.url + "/staff/api/me").status == 200

    # Logout in the console: the old cookie no longer works.
    old = cookie["value"]
    page.click("#uitloggen")
    page.wait_for_selector("#login", state="visible")
    page.locator("#melding", has_text=CONSOLE["uitgelogd"]).wait_for()
    answer = requests.get(assistant.url + "/staff/api/wachtrij", headers={"Cookie": f"{COOKIE}={old}"}, timeout=30)
    assert answer.status_code == 401

    # An expired session (its row is gone, as after STAFF_IDLE_MINUTES): the open console goes back to the
    # login form with "session expired" at its next poll.
    login_ui(page, name, password)
    token_hashes_before = set()
    with sqlite3.connect(handoff_db(assistant)) as db:
        token_hashes_before = {row[0] for row in db.execute(
            "select token_hash from staff_sessions where username = ?", (name,))}
        assert token_hashes_before
        db.execute("delete from staff_sessions where username = ?", (name,))
    page.wait_for_selector("#login", state="visible", timeout=10_000)
    assert page.locator("#login-fout").inner_text() == CONSOLE["fout_sessie_verlopen"]
    assert page.locator("#console").is_hidden()
    assert ctx.request.get(assistant.url + "/staff/api/me").status == 401
    assert problems == []


# ---------- Two staff members claim at the same moment ----------

def test_two_staff_members_claim_at_once_exactly_one_wins(assistant, new_context, staff_accounts):
    contexts, pages = [], []
    for name, password in staff_accounts:
        ctx = new_context(viewport={"width": 1280, "height": 900})
        page = open_console(ctx, assistant)
        login_ui(page, name, password)
        contexts.append(ctx)
        pages.append(page)
    sessions = [api_session(ctx, assistant) for ctx in contexts]

    marker = "wie pakt dit op " + text_marker()
    queue_person(assistant, marker)
    handoff_id = queue_item(sessions[0], assistant, marker)["id"]

    barrier = threading.Barrier(len(sessions))
    results: list[tuple[int, dict]] = [None] * len(sessions)  # type: ignore[list-item]

    def claim(index: int) -> None:
        barrier.wait()
        answer = sessions[index].post(f"{assistant.url}/staff/api/gesprekken/{handoff_id}/claim", json={}, timeout=30)
        results[index] = (answer.status_code, answer.json())

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409], results
    winner = next(i for i, (status, _) in enumerate(results) if status == 200)
    loser = 1 - winner
    assert results[winner][1] == {"id": handoff_id, "status": "in_gesprek", "medewerker": staff_accounts[winner][0]}
    assert "error" in results[loser][1]

    # Only the winner may write or close; the loser's console shows it as someone else's conversation.
    url = f"{assistant.url}/staff/api/gesprekken/{handoff_id}"
    assert sessions[loser].post(url + "/bericht", json={"tekst": "hoi"}, timeout=30).status_code == 409
    loser_row = row_for(pages[loser], marker)
    pages[loser].wait_for_function(
        "([sel, text]) => [...document.querySelectorAll(sel)].some(r => r.textContent.includes(text))",
        arg=["#wachtrij-rijen tr", CONSOLE["status_in_gesprek"]], timeout=10_000)
    loser_row.get_by_role("button", name=CONSOLE["openen"]).click()
    pages[loser].locator("#claim-hint", has_text=CONSOLE["collega_bezig"]).wait_for()
    assert pages[loser].locator("#bericht-form").is_hidden()

    # In the console: a second person, the loser's queue frozen (no refresh) while the winner claims it,
    # then the loser clicks Claimen → 409 → "al geclaimd door een collega".
    marker2 = "nog iemand " + text_marker()
    queue_person(assistant, marker2)
    second_id = queue_item(sessions[0], assistant, marker2)["id"]
    row2 = row_for(pages[loser], marker2)
    pages[loser].route("**/staff/api/wachtrij", lambda route: route.abort())
    pages[loser].wait_for_timeout(3_500)  # the last refresh before the route took effect is done
    assert sessions[winner].post(f"{url[:url.rfind('/')]}/{second_id}/claim", json={}, timeout=30).status_code == 200
    row2.get_by_role("button", name=CONSOLE["claimen"]).click()
    pages[loser].locator("#wachtrij-fout, #gesprek-fout", has_text=CONSOLE["al_geclaimd"]).first.wait_for()
    pages[loser].unroute("**/staff/api/wachtrij")

    # The winner closes both with an outcome from console.yml; a made-up outcome is refused.
    assert sessions[winner].post(url + "/afsluiten", json={"uitkomst": "verzonnen"}, timeout=30).status_code == 400
    assert sessions[loser].post(url + "/afsluiten", json={"uitkomst": CONSOLE["uitkomsten"][0]},
                                timeout=30).status_code == 409
    for closing in (handoff_id, second_id):
        answer = sessions[winner].post(f"{url[:url.rfind('/')]}/{closing}/afsluiten",
                                       json={"uitkomst": CONSOLE["uitkomsten"][-1]}, timeout=30)
        assert answer.status_code == 200, answer.text


# ---------- Hostile text ----------

def test_hostile_text_from_the_person_is_shown_as_text_in_the_console(assistant, new_context, staff_accounts):
    name, password = staff_accounts[0]
    problems: list[str] = []
    ctx = new_context(viewport={"width": 1280, "height": 900})
    page = open_console(ctx, assistant, problems)
    login_ui(page, name, password)

    queue_person(assistant, HOSTILE)
    row = row_for(page, HOSTILE)
    assert row.locator(".voorbeeld").inner_text() == HOSTILE
    # With the keyboard: Enter on Claimen opens the conversation and moves the focus to its heading.
    row.get_by_role("button", name=CONSOLE["claimen"]).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#gesprek", state="visible")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'gesprek-titel'")
    page.locator("#transcript .bericht-jij .tekst", has_text=HOSTILE).wait_for()

    # A hostile internal note is shown as text too (it is redacted before storage, so only check the markup).
    page.fill("#notitie", '"><svg onload=window.__xss=1> let op')
    page.click("#notitie-opslaan")
    page.locator("#notities .tekst", has_text="let op").wait_for()

    page.wait_for_timeout(2_500)  # a few polls of the queue and the conversation
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#inhoud img, #inhoud svg").count() == 0
    assert axe_violations(page) == []  # the console with queue, summary, transcript and notes

    # Close with an outcome from the console's own list.
    page.select_option("#uitkomst", label=CONSOLE["uitkomsten"][1])
    page.click("#afsluiten")
    page.wait_for_selector("#gesprek", state="hidden")
    page.locator("#melding", has_text=CONSOLE["afgesloten"]).wait_for()
    assert problems == []
