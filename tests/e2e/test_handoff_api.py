"""Handing a conversation to a person, through the real servers and the staff API (docs/handoff.md)."""
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor

from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = yaml.safe_load((ROOT / "bot/content/kanaal.yml").read_text(encoding="utf-8"))
PASSWORD = "een lang genoeg wachtwoord"


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def handoff_db(assistant):
    return sqlite3.connect(assistant.var_dir / "handoff.db")


class Staff:
    def __init__(self, assistant, name):
        self.url = assistant.url
        self.http = requests.Session()
        self.name = name
        self.csrf = None

    def login(self, password=PASSWORD):
        response = self.http.post(f"{self.url}/staff/api/login", json={"gebruiker": self.name, "wachtwoord": password},
                                  timeout=30)
        if response.status_code == 200:
            self.csrf = response.json()["csrf_token"]
        return response

    def get(self, path):
        return self.http.get(f"{self.url}/staff/api/{path}", timeout=30)

    def post(self, path, body=None, csrf=True):
        headers = {"X-CSRF-Token": self.csrf} if csrf and self.csrf else {}
        return self.http.post(f"{self.url}/staff/api/{path}", json=body or {}, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def staff(assistant):
    names = [f"medewerker{n}-{uuid.uuid4().hex[:4]}" for n in range(2)]
    for name in names:
        assistant.add_staff(name, PASSWORD)
    yield [Staff(assistant, name) for name in names]
    for name in names:
        assistant.remove_staff(name)


def test_nobody_online_gives_an_honest_answer_and_the_bot_goes_on(assistant):
    with handoff_db(assistant) as db:
        db.execute("delete from staff_sessions")
    sender = uuid.uuid4().hex
    replies = assistant.say(sender, "ik wil met een mens praten")
    assert "geen medewerker" in texts(replies)
    assert assistant.say(sender, "hoi"), "not paused: the bot still answers"


def test_the_api_refuses_without_session_csrf_or_right_password(assistant, staff):
    anna = staff[0]
    assert anna.get("wachtrij").status_code == 401
    assert anna.post("gesprekken/1/claim", csrf=False).status_code == 401
    assert anna.login("fout wachtwoord").status_code == 401
    assert anna.login().status_code == 200
    cookie = anna.http.cookies.get("staff_sessie")
    assert cookie, "session cookie set"
    assert anna.post("gesprekken/1/notitie", {"tekst": "x"}, csrf=False).status_code == 403
    assert anna.get("me").json()["gebruiker"] == anna.name


def test_a_full_handoff_with_claim_messages_notes_and_hand_back(assistant, staff):
    anna, bob = staff
    anna.login(), bob.login()
    sender = uuid.uuid4().hex
    assistant.say(sender, "mijn vriend wil dat ik met andere mannen afspreek")
    queued = assistant.say(sender, "ik wil met een mens praten")
    assert "wachtrij" in texts(queued)
    status = requests.get(f"{assistant.url}/chat/api/status", params={"gesprek": sender}, timeout=30).json()
    assert status["medewerker_beschikbaar"] is True and status["wachtrij_positie"] >= 1

    assert assistant.say(sender, "hallo is daar iemand") == [], "the bot is silent during the handoff"
    crisis = assistant.say(sender, "ik wil niet meer leven")
    assert "113" in texts(crisis), "crisis still gets 113 during a handoff"

    board = anna.get("wachtrij").json()["gesprekken"]
    handoff = next(item for item in board if item["voorbeeld"] == "ik wil niet meer leven")
    assert isinstance(handoff["signalen"], list) and handoff["status"] == "wachtend" and handoff["wacht_seconden"] >= 0
    with ThreadPoolExecutor(2) as pool:
        claims = list(pool.map(lambda who: who.post(f"gesprekken/{handoff['id']}/claim").status_code, (anna, bob)))
    assert sorted(claims) == [200, 409], "exactly one staff member wins"
    owner, other = (anna, bob) if claims[0] == 200 else (bob, anna)

    assert owner.post(f"gesprekken/{handoff['id']}/bericht", {"tekst": "Hoi, ik ben van de hulplijn."}).status_code == 200
    assert other.post(f"gesprekken/{handoff['id']}/bericht", {"tekst": "ik ook"}).status_code == 409
    assert owner.post(f"gesprekken/{handoff['id']}/notitie", {"tekst": "belt morgen, tel 0612345678"}).status_code == 200
    view = owner.get(f"gesprekken/{handoff['id']}").json()
    assert view["status"] == "in_gesprek"
    assert {"van": "medewerker", "tekst": "Hoi, ik ben van de hulplijn.", "knoppen": []} in view["berichten"]
    assert view["notities"][0]["tekst"] == "belt morgen, tel [telefoon]"

    assert owner.post(f"gesprekken/{handoff['id']}/teruggeven").status_code == 200
    assert any("chatbot" in reply.get("text", "") for reply in assistant.say(sender, "ben jij een robot"))

    tracker = assistant.tracker(sender)
    staff_texts = [e["text"] for e in tracker["events"]
                   if e["event"] == "bot" and (e.get("metadata") or {}).get("van") == "medewerker"]
    assert "Hoi, ik ben van de hulplijn." in staff_texts
    with handoff_db(assistant) as db:
        actions = [row[0] for row in db.execute("select action from audit_log where conversation_id = ?", (sender,))]
    assert {"geclaimd", "claim_geweigerd", "bericht", "notitie", "teruggegeven"} <= set(actions)


def test_closing_needs_a_known_outcome(assistant, staff):
    anna = staff[0]
    anna.login()
    sender = uuid.uuid4().hex
    assistant.say(sender, "ik wil met een mens praten")
    with handoff_db(assistant) as db:
        handoff_id = db.execute("select id from handoffs where conversation_id = ?", (sender,)).fetchone()[0]
    assert anna.post(f"gesprekken/{handoff_id}/claim").status_code == 200
    assert anna.post(f"gesprekken/{handoff_id}/afsluiten", {"uitkomst": "iets verzonnens"}).status_code == 400
    outcome = yaml.safe_load((ROOT / "bot/content/console.yml").read_text(encoding="utf-8"))["uitkomsten"][0]
    assert anna.post(f"gesprekken/{handoff_id}/afsluiten", {"uitkomst": outcome}).status_code == 200
    assert assistant.say(sender, "hoi")


def test_lockout_after_five_wrong_passwords(assistant):
    name = "slot-" + uuid.uuid4().hex[:6]
    assistant.add_staff(name, PASSWORD)
    mallory = Staff(assistant, name)
    assert [mallory.login("fout").status_code for _ in range(5)] == [401] * 5
    assert mallory.login().status_code == 423
    assistant.remove_staff(name)


def test_wis_dit_gesprek_also_deletes_the_handoff_and_notes(assistant, staff):
    anna = staff[0]
    anna.login()
    sender = uuid.uuid4().hex
    assistant.say(sender, "ik wil met een mens praten")
    with handoff_db(assistant) as db:
        handoff_id = db.execute("select id from handoffs where conversation_id = ?", (sender,)).fetchone()[0]
    anna.post(f"gesprekken/{handoff_id}/notitie", {"tekst": "notitie"})
    assert requests.post(f"{assistant.url}/privacy/wis", json={"sender": sender}, timeout=30).status_code == 200
    with handoff_db(assistant) as db:
        assert db.execute("select count(*) from handoffs where conversation_id = ?", (sender,)).fetchone()[0] == 0
        assert db.execute("select count(*) from staff_notes where conversation_id = ?", (sender,)).fetchone()[0] == 0
