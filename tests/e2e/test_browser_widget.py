"""The web chat (/chat) in a real browser against the real servers: Debian's chromium through Playwright.

Never downloads a browser: it uses /usr/bin/chromium (apt) and skips when that is missing.
What a young person on a phone does: read the notices, chat, tap a button, reload, lose the network,
leave quickly ("Snel weg"), delete the conversation; plus hostile input, the partner embed snippet,
keyboard use and an axe-core accessibility scan (axe-playwright-python ships axe.min.js, no CDN).
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import yaml

playwright_sync = pytest.importorskip("playwright.sync_api")

from bot.settings import load_settings  # noqa: E402
from browser import REPLY_TIMEOUT_MS, chat_send, requires_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEXTS = yaml.safe_load((ROOT / "bot/content/widget.yml").read_text(encoding="utf-8"))
HOSTILE = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    '"><svg onload=window.__xss=1>',
]

pytestmark = requires_chromium


# ---------- Fixtures and helpers ----------

@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, locale="nl-NL", has_touch=False)
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def csp_errors():
    return []


def watch(page, csp_errors: list) -> None:
    """Collects Content-Security-Policy complaints and script errors of a page."""
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: csp_errors.append(f"page error: {error}"))


def open_chat(context, assistant, csp_errors=None, path="/chat"):
    page = context.new_page()
    if csp_errors is not None:
        watch(page, csp_errors)
    page.goto(assistant.url + path)
    page.wait_for_selector("#invoer")
    return page


def bot_count(page) -> int:
    return page.locator(".bericht-chatbot, .bericht-medewerker").count()


def wait_for_reply(page, before: int, settle_ms: int = 800) -> list[str]:
    """Waits until there are more bot messages than `before`; returns the new ones."""
    page.wait_for_function("n => document.querySelectorAll('.bericht-chatbot, .bericht-medewerker').length > n",
                           arg=before, timeout=REPLY_TIMEOUT_MS)
    page.wait_for_timeout(settle_ms)  # one message can get several replies
    return page.locator(".bericht-chatbot .tekst, .bericht-medewerker .tekst").all_inner_texts()[before:]


def say(page, text: str) -> list[str]:
    before = bot_count(page)
    chat_send(page, text)
    return wait_for_reply(page, before)


def conversation_id(page) -> str:
    return page.evaluate("sessionStorage.getItem('chat-gesprek-id')")


def user_texts_stored(assistant, sender: str) -> list[str]:
    with sqlite3.connect(assistant.var_dir / "tracker.db") as db:
        rows = db.execute("select data from events where sender_id = ? and type_name = 'user' order by id",
                          (sender,)).fetchall()
    return [json.loads(row[0]).get("text") for row in rows]


def stored_rows(assistant, sender: str) -> int:
    with sqlite3.connect(assistant.var_dir / "tracker.db") as db:
        return db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]


def eventually(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.25)


def quick_exit_url(assistant) -> str:
    # The same settings the server reads (.env plus the environment the fixture gives it).
    environ = getattr(assistant, "env", None) or {**os.environ, "RASA_AUTH_TOKEN": assistant.token}
    return load_settings(environ=environ).quick_exit_url


def route_neutral_site(context, url: str) -> dict:
    """Answers the neutral site locally (tests have no internet). Set the returned dict's "status" to 204 to
    answer "No Content": the browser then stays on the chat page, so the test can see what "Snel weg" left of
    it. (Holding the request instead would make Playwright's key press wait for the navigation.)"""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    mode = {"status": 200, "requests": 0}

    def handler(route):
        mode["requests"] += 1
        if mode["status"] == 204:
            route.fulfill(status=204, body="")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8",
                          body="<!doctype html><html lang=nl><title>Weer</title><h1>Het weer</h1></html>")

    context.route(lambda address: address.startswith(origin), handler)
    return mode


def storage_of_chat_origin(page) -> dict:
    return page.evaluate("""async () => ({
        session: sessionStorage.length,
        local: localStorage.length,
        cookie: document.cookie,
        indexedDB: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    })""")


# ---------- A young person chats ----------

def test_notices_greeting_and_a_quick_reply(context, assistant, csp_errors):
    page = open_chat(context, assistant, csp_errors)
    header = page.locator("header").inner_text()
    for key in ("chatbot_melding", "gevaar", "privacy_regel", "privacy_link", "snel_weg"):
        assert TEXTS[key] in header, key
    assert page.get_attribute("a[href='/privacy']", "href") == "/privacy"
    # Whether a staff member is online depends on the handoff database: the line shows what the server says.
    status = requests.get(assistant.url + "/chat/api/status", timeout=30).json()
    assert status["tekst"] in (TEXTS["mens_beschikbaar"], TEXTS["mens_niet_beschikbaar"])
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg=status["tekst"])
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("#berichten").get_attribute("role") == "log"
    assert page.locator("#berichten").get_attribute("aria-live") == "polite"

    greeting = " ".join(say(page, "hoi"))
    assert "chatbot" in greeting and "112" in greeting
    assert page.locator(".bericht-jij .tekst").all_inner_texts() == ["hoi"]
    assert page.evaluate("document.activeElement.id") == "invoer", "focus stays in the input after sending"

    say(page, "ja")
    buttons = page.locator("#berichten button.keuze")
    assert buttons.count() >= 2
    title = buttons.first.inner_text()
    before = bot_count(page)
    buttons.first.click()
    answer = wait_for_reply(page, before)
    assert answer and all(text.strip() for text in answer)
    assert page.locator(".bericht-jij .tekst").last.inner_text() == title, "the person sees the button title"
    assert page.evaluate("document.activeElement.id") == "invoer"
    assert csp_errors == []


def test_reload_shows_the_conversation_again_with_the_same_id(context, assistant, csp_errors):
    page = open_chat(context, assistant, csp_errors)
    say(page, "hoi")
    sender = conversation_id(page)
    assert re.fullmatch(r"[0-9a-f]{32}", sender)
    shown = page.locator("#berichten .tekst").all_inner_texts()
    assert eventually(lambda: stored_rows(assistant, sender) > 0)

    page.reload()
    page.wait_for_function("n => document.querySelectorAll('#berichten .tekst').length >= n", arg=len(shown))
    assert conversation_id(page) == sender
    assert page.locator("#berichten .tekst").all_inner_texts() == shown
    # Only the id is kept in the browser, never the conversation.
    assert page.evaluate("Object.keys(sessionStorage)") == ["chat-gesprek-id"]
    assert page.evaluate("localStorage.length") == 0
    assert context.cookies() == []

    assert any("Graag gedaan" in text for text in say(page, "oke dankjewel")), "the chat goes on after a reload"
    assert csp_errors == []


def test_a_message_typed_offline_is_sent_once_when_back_online(context, assistant, csp_errors):
    page = open_chat(context, assistant, csp_errors)
    say(page, "hoi")
    sender = conversation_id(page)
    message = "wat is een loverboy precies"

    context.set_offline(True)
    # The page says so politely ("weg", then "opnieuw" while it retries with backoff).
    page.wait_for_function("t => t.includes(document.getElementById('verbinding').textContent)",
                           arg=[TEXTS["verbinding_weg"], TEXTS["verbinding_opnieuw"]])
    before = bot_count(page)
    chat_send(page, message)
    assert page.locator(".bericht-jij.wacht").count() == 1
    assert TEXTS["bericht_wacht"] in page.locator(".bericht-jij.wacht").inner_text()
    page.wait_for_timeout(1500)
    assert bot_count(page) == before

    context.set_offline(False)
    wait_for_reply(page, before, settle_ms=3000)
    assert page.locator(".bericht-jij .tekst").all_inner_texts().count(message) == 1
    assert page.locator(".bericht-jij.wacht").count() == 0
    assert eventually(lambda: message in user_texts_stored(assistant, sender))
    time.sleep(2)
    assert user_texts_stored(assistant, sender).count(message) == 1, "sent exactly once"
    assert csp_errors == []


# ---------- Snel weg ----------

def _start_chat_with_history(context, assistant):
    """A tab that was on a neutral page of ours first, then the chat with one exchange."""
    page = context.new_page()
    page.goto(assistant.url + "/privacy")
    page.goto(assistant.url + "/chat")
    page.wait_for_selector("#invoer")
    say(page, "hoi")
    return page


def _assert_nothing_left(context, page, assistant, exit_url, history_before):
    assert page.url.rstrip("/") == exit_url.rstrip("/")
    assert page.evaluate("history.length") == history_before, "Snel weg adds no history entry"
    # Back goes past the chat: the chat page was replaced, not kept in history.
    page.go_back()
    assert "/chat" not in page.url
    assert page.url.startswith(assistant.url)
    # Same tab, chat origin, and no chat script running: nothing of the chat is stored.
    assert storage_of_chat_origin(page) == {"session": 0, "local": 0, "cookie": "", "indexedDB": 0}
    state = context.storage_state()
    assert state["cookies"] == []
    assert all(not origin.get("localStorage") for origin in state["origins"])


def test_snel_weg_button_leaves_at_once_and_leaves_nothing(context, assistant):
    exit_url = quick_exit_url(assistant)
    route_neutral_site(context, exit_url)
    page = _start_chat_with_history(context, assistant)
    assert page.get_attribute("body", "data-quick-exit-url") == exit_url
    history_before = page.evaluate("history.length")
    page.click("#snel-weg")
    page.wait_for_url(lambda url: url.rstrip("/") == exit_url.rstrip("/"))
    _assert_nothing_left(context, page, assistant, exit_url, history_before)


def _shift_three_times(page):
    for _ in range(3):
        page.keyboard.press("Shift")


def test_snel_weg_with_shift_three_times_blanks_the_page_and_leaves(context, assistant):
    exit_url = quick_exit_url(assistant)
    neutral = route_neutral_site(context, exit_url)

    # 1. What is left of the chat page itself at once, before any other page arrives: nothing.
    neutral["status"] = 204
    page = _start_chat_with_history(context, assistant)
    # Capitals while typing do not count: only Shift three times in a row.
    page.focus("#invoer")
    for char in "Ik Wil Hulp":
        if char.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(char)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(char if char != " " else "Space")
    page.wait_for_timeout(300)
    assert page.input_value("#invoer") == "Ik Wil Hulp"
    assert neutral["requests"] == 0
    _shift_three_times(page)
    page.wait_for_function("() => document.documentElement.classList.contains('weg')")
    page.wait_for_timeout(300)
    assert neutral["requests"] == 1, "Snel weg went to the neutral site"
    blank = page.evaluate("""() => ({
        visible: [...document.body.children].some(el => getComputedStyle(el).display !== 'none'),
        messages: document.querySelectorAll('#berichten > *').length,
        input: document.getElementById('invoer').value,
        background: getComputedStyle(document.body).backgroundColor,
        session: sessionStorage.length,
    })""")
    assert blank == {"visible": False, "messages": 0, "input": "", "background": "rgb(255, 255, 255)",
                     "session": 0}
    page.close()

    # 2. The whole way: the neutral site replaces the chat in the same tab.
    neutral["status"] = 200
    page = _start_chat_with_history(context, assistant)
    history_before = page.evaluate("history.length")
    _shift_three_times(page)
    page.wait_for_url(lambda url: url.rstrip("/") == exit_url.rstrip("/"))
    _assert_nothing_left(context, page, assistant, exit_url, history_before)


def test_snel_weg_works_while_the_wis_dialog_is_open(context, assistant):
    neutral = route_neutral_site(context, quick_exit_url(assistant))
    neutral["status"] = 204  # stay on the chat page to look at it
    page = open_chat(context, assistant)
    page.click("#wis")
    assert page.locator("#wis-dialoog").is_visible()
    page.locator("#wis-dialoog .snel-weg").click()
    page.wait_for_function("() => document.documentElement.classList.contains('weg')")
    page.wait_for_timeout(300)
    assert neutral["requests"] == 1
    assert page.evaluate("sessionStorage.length") == 0


# ---------- Wis dit gesprek ----------

def test_wis_dit_gesprek_deletes_everything_and_the_chat_goes_on(context, assistant, csp_errors):
    page = open_chat(context, assistant, csp_errors)
    say(page, "hoi")
    old = conversation_id(page)
    assert eventually(lambda: stored_rows(assistant, old) > 0)

    # Cancelling keeps everything; focus goes back to the button.
    page.click("#wis")
    dialog = page.locator("#wis-dialoog")
    assert dialog.is_visible()
    assert TEXTS["wis_vraag"] in dialog.inner_text()
    assert page.evaluate("document.activeElement.id") == "wis-nee"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "wis"
    assert page.locator(".bericht-jij").count() == 1

    page.click("#wis")
    page.click("#wis-ja")
    page.wait_for_function("() => !document.getElementById('wis-dialoog').open")
    assert page.locator("#berichten > *").count() == 0
    assert eventually(lambda: stored_rows(assistant, old) == 0)
    new = conversation_id(page)
    assert new and new != old
    assert page.evaluate("document.activeElement.id") == "invoer"
    assert page.locator("#verbinding").inner_text().strip()  # "Je gesprek is gewist."

    assert any("chatbot" in text for text in say(page, "hoi")), "the chat still works"
    assert eventually(lambda: stored_rows(assistant, new) > 0)
    assert stored_rows(assistant, old) == 0
    page.reload()
    page.wait_for_selector(".bericht-jij")
    assert page.locator(".bericht-jij .tekst").all_inner_texts() == ["hoi"]
    assert csp_errors == []


# ---------- Hostile content ----------

def test_hostile_messages_are_shown_as_text(context, assistant, csp_errors):
    page = open_chat(context, assistant, csp_errors)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for message in HOSTILE:
        say(page, message)
    assert page.locator(".bericht-jij .tekst").all_inner_texts() == HOSTILE

    def no_script_ran():
        return page.evaluate("""() => window.__xss === undefined
            && document.querySelectorAll('#berichten img, #berichten svg, #berichten script').length === 0""")

    assert no_script_ran()
    page.reload()  # the stored (redacted) conversation comes back from the server: still only text
    page.wait_for_selector(".bericht-jij")
    page.wait_for_timeout(500)
    assert no_script_ran()
    assert dialogs == []
    assert csp_errors == []


# ---------- Partner sites ----------

@pytest.fixture(scope="module")
def partner_site(assistant):
    """A partner's page on another origin (localhost on its own port) with the one-tag snippet."""
    page = (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Partner</title></head>'
            f'<body><main><h1>Jongerenwerk</h1><p>Welkom.</p></main>'
            f'<script src="{assistant.url}/chat/embed.js"></script></body></html>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_embed_texts_match_the_content_file():
    script = (ROOT / "bot/web/static/embed.js").read_text(encoding="utf-8")
    for key in ("embed_knop", "embed_sluit", "embed_titel"):
        assert f'{key}: {json.dumps(TEXTS[key], ensure_ascii=False)}' in script, key


def test_embed_snippet_is_blocked_by_default(context, assistant, partner_site):
    refused = []
    page = context.new_page()
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(partner_site + "/")
    page.click(".lbchat-knop")
    frame_element = page.locator("iframe.lbchat-frame")
    assert frame_element.get_attribute("src") == assistant.url + "/chat?ingebed=1"
    assert frame_element.get_attribute("title") == TEXTS["embed_titel"]
    page.wait_for_timeout(2000)
    frame = frame_element.element_handle().content_frame()
    assert frame is None or frame.query_selector("#invoer") is None, \
        "without FRAME_ANCESTORS no other site may frame the chat"
    assert refused, "the browser reports the frame-ancestors refusal"


def test_embed_snippet_opens_and_closes_the_chat_for_an_allowed_partner(context, assistant, partner_site):
    # The server allows a partner with FRAME_ANCESTORS; the session server has none, so the test adds the
    # partner to the header the way the server would.
    def allow_partner(route):
        response = route.fetch()
        headers = dict(response.headers)
        headers["content-security-policy"] = headers["content-security-policy"].replace(
            "frame-ancestors 'none'", f"frame-ancestors {partner_site}")
        route.fulfill(response=response, headers=headers)

    context.route(assistant.url + "/chat?ingebed=1", allow_partner)
    page = context.new_page()
    page.goto(partner_site + "/")
    assert page.locator("link[href$='/chat/static/embed.css']").count() == 1
    assert page.locator("iframe").count() == 0, "nothing of the chat loads before the button is pressed"

    # Keyboard: Tab to the button, Enter opens; focus goes to the close button.
    knop = page.locator(".lbchat-knop")
    assert knop.inner_text() == TEXTS["embed_knop"]
    assert knop.evaluate("el => getComputedStyle(el).position") == "fixed"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "lbchat-knop":
            break
    assert page.evaluate("document.activeElement.className") == "lbchat-knop"
    page.keyboard.press("Enter")
    assert knop.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == TEXTS["embed_sluit"]

    frame = page.frame_locator("iframe.lbchat-frame")
    frame.locator("#invoer").wait_for()
    assert frame.locator("body.ingebed-ja").count() == 1
    frame.locator("#invoer").fill("hoi")
    frame.locator("#invoer").press("Enter")
    frame.locator(".bericht-chatbot").first.wait_for(timeout=REPLY_TIMEOUT_MS)

    page.click(".lbchat-sluit")
    assert not page.locator(".lbchat-paneel").is_visible()
    assert knop.is_visible()
    assert page.evaluate("document.activeElement.className") == "lbchat-knop"
    # The partner's page itself is untouched: only our own lbchat- elements were added.
    added = page.evaluate("[...document.body.children].map(el => el.tagName + '.' + el.className)")
    assert added == ["MAIN.", "SCRIPT.", "BUTTON.lbchat-knop", "DIV.lbchat-paneel lbchat-dicht"]

    # Reopening keeps the conversation; "Snel weg" in the chat leaves the partner's page too.
    knop.click()
    assert frame.locator(".bericht-jij").count() == 1
    exit_url = quick_exit_url(assistant)
    route_neutral_site(context, exit_url)
    history_before = page.evaluate("history.length")
    frame.locator("#snel-weg").click()
    page.wait_for_url(lambda url: url.rstrip("/") == exit_url.rstrip("/"))
    assert page.evaluate("history.length") == history_before


# ---------- Keyboard and accessibility ----------

def _chat_with_quick_replies(context, assistant):
    page = open_chat(context, assistant)
    say(page, "hoi")
    say(page, "ja")
    page.wait_for_selector("#berichten button.keuze")
    return page


def test_keyboard_reaches_everything_with_visible_focus(context, assistant):
    page = _chat_with_quick_replies(context, assistant)
    # Start from the top of a freshly loaded page; the buttons come back with the stored conversation.
    page.reload()
    page.wait_for_selector("#berichten button.keuze")
    reached, outlines = [], {}
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const el = document.activeElement; const style = getComputedStyle(el);
            return {name: el.id || el.className, outline: style.outlineStyle, shadow: style.boxShadow}; }""")
        reached.append(info["name"])
        outlines[info["name"]] = info
    for name in ("naar-gesprek", "snel-weg", "invoer", "verstuur", "keuze", "wis"):
        assert name in reached, (name, reached)
        assert outlines[name]["outline"] != "none" or outlines[name]["shadow"] != "none", name
    assert reached.index("snel-weg") < reached.index("invoer"), "Snel weg comes early in the tab order"

    # A quick reply works with the keyboard, and focus returns to the input.
    page.focus("#berichten button.keuze")
    before = bot_count(page)
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    assert page.evaluate("document.activeElement.id") == "invoer"

    # The skip link jumps to the input.
    page.reload()
    page.wait_for_selector("#invoer")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "naar-gesprek"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "invoer"


def _axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag",
                                                   "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                              "best-practice"]}})
    return results.response["violations"]


def test_axe_finds_no_serious_accessibility_problems(context, assistant):
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (ships axe.min.js) is not installed")
    page = _chat_with_quick_replies(context, assistant)
    found = {"chat": _axe_violations(page)}
    page.click("#wis")
    found["wis-dialoog"] = _axe_violations(page)
    page.keyboard.press("Escape")
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 1024, "height": 768})
    found["desktop"] = _axe_violations(page)

    report = [f"{where}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['help']}"
              for where, violations in found.items() for v in violations]
    print("\naxe-core:", "\n".join(report) or "no violations")
    serious = [line for line in report if "(serious)" in line or "(critical)" in line]
    assert serious == [], "\n".join(serious)
