"""The chat page's server side: page, static files, privacy page, status and the stored conversation."""
import re
import sqlite3
import uuid

import pytest
import requests


def get(assistant, path):
    return requests.get(f"{assistant.url}{path}", timeout=30)


def test_chat_page_has_no_inline_script_and_the_security_headers(assistant):
    page = get(assistant, "/chat")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<html lang=\"nl\"" in page.text
    for tag in re.findall(r"<script\b[^>]*>", page.text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path, kind", [("/chat/static/chat.js", "text/javascript"),
                                        ("/chat/static/chat.css", "text/css"), ("/chat/embed.js", "text/javascript")])
def test_static_files_are_served_locally_with_their_type(assistant, path, kind):
    response = get(assistant, path)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(kind)


@pytest.mark.parametrize("path", ["/chat/static/..%2f..%2fsettings.py", "/chat/static/app.py",
                                  "/chat/static/nope.js", "/chat/static/%2e%2e%2f%2e%2e%2f..%2f.env"])
def test_nothing_outside_the_static_folder_is_served(assistant, path):
    assert get(assistant, path).status_code == 404


def test_privacy_page_tells_what_is_stored_and_for_how_long(assistant):
    page = get(assistant, "/privacy")
    assert page.status_code == 200 and "30 dagen" in page.text and "Wis dit gesprek" in page.text


def test_status_says_honestly_whether_a_person_is_available(assistant):
    with sqlite3.connect(assistant.var_dir / "handoff.db") as db:
        db.execute("delete from staff_sessions")
    status = get(assistant, "/chat/api/status").json()
    assert status["medewerker_beschikbaar"] is False and status["tekst"]

    name, password = "status-" + uuid.uuid4().hex[:6], "een lang genoeg wachtwoord"
    assistant.add_staff(name, password)
    login = requests.post(f"{assistant.url}/staff/api/login", json={"gebruiker": name, "wachtwoord": password},
                          timeout=30)
    assert login.status_code == 200
    online = get(assistant, "/chat/api/status").json()
    assistant.remove_staff(name)
    assert online["medewerker_beschikbaar"] is True and online["tekst"] != status["tekst"]


def test_stored_conversation_comes_back_redacted_and_in_order(assistant):
    sender = uuid.uuid4().hex
    assistant.say(sender, "hoi")
    assistant.say(sender, "ik heet Sanne Jansen en mijn vriend wil dat ik fotos stuur")
    messages = get(assistant, f"/chat/api/gesprek/{sender}").json()["berichten"]
    mine = [message["tekst"] for message in messages if message["van"] == "jij"]
    assert mine == ["hoi", "ik heet [naam] en mijn vriend wil dat ik fotos stuur"]
    assert messages[1]["van"] == "chatbot" and "chatbot" in messages[1]["tekst"]
    assert get(assistant, "/chat/api/gesprek/" + "x" * 300).status_code == 400
