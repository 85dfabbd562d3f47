"""Two Rasa server processes sharing PostgreSQL and Redis behind nginx (docs/deployment.md).

One conversation may reach either process: its messages must be stored once each, in order, each turn complete,
with the slots built up across both processes; messages that arrive at both processes at the same moment must
take turns (the Redis lock store); and a message sent from one process must reach a socket held by the other
(socket.io rooms through Redis).
"""
import asyncio
import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS / "e2e")]

from nginx_server import nginx_proxy  # noqa: E402
from scaleout_cluster import ROOT, cluster, missing_servers  # noqa: E402
from socket_client import SocketChat  # noqa: E402

pytestmark = pytest.mark.skipif(
    bool(missing_servers()),
    reason=f"{', '.join(missing_servers())} not installed (make test-integration installs them on Debian as root)")

PASSWORD = "een lang genoeg wachtwoord"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does) first.")
    with cluster(tmp_path_factory.mktemp("scaleout")) as running:
        with nginx_proxy([process.url.rsplit(":", 1)[1] for process in running.rasa]) as proxy_url:
            running.proxy_url = proxy_url
            yield running


def say(url, sender, message):
    response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=120)
    response.raise_for_status()
    return response.json()


def tracker(scaled, url, sender):
    response = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": scaled.token}, timeout=30)
    response.raise_for_status()
    return response.json()


def stored_events(scaled, sender):
    engine = sa.create_engine(scaled.database_url)
    try:
        with engine.connect() as connection:
            return [json.loads(row[0]) for row in connection.execute(
                sa.text("select data from events where sender_id = :s order by id"), {"s": sender})]
    finally:
        engine.dispose()


def turns(events):
    """Each user message with the events that follow it until the next user message."""
    result = []
    for event in events:
        if event["event"] == "user":
            result.append((event["text"], []))
        elif result:
            result[-1][1].append(event)
    return result


def assert_complete_turns(events):
    for text, following in turns(events):
        assert any(event["event"] == "bot" for event in following), f"no reply stored after {text!r}"
        actions = [event["name"] for event in following if event["event"] == "action"]
        assert actions and actions[-1] == "action_listen", f"turn of {text!r} not finished: {actions}"


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def test_one_conversation_alternating_between_both_processes(scaled):
    first, second = (process.url for process in scaled.rasa)
    sender = uuid.uuid4().hex
    messages = [
        (first, "mijn dochter van 14 heeft een vriend van 23 die haar overal ophaalt met de auto"),
        (second, "hij heeft haar ook een nieuwe iphone en dure sieraden gegeven"),
        (first, "waar kan ik hulp krijgen"),
        (second, "ik woon in den bosch"),
        (first, "oke dankjewel"),
    ]
    for url, message in messages:
        assert say(url, sender, message), f"no reply to {message!r}"

    events = stored_events(scaled, sender)
    assert [text for text, _ in turns(events)] == [message for _, message in messages]
    assert_complete_turns(events)
    slots = [tracker(scaled, url, sender)["slots"] for url in (first, second)]
    assert slots[0] == slots[1], "both processes see the same conversation"
    assert {"oudere_vriend", "cadeaus_geld"} <= set(slots[0]["signalen"]), slots[0]
    assert slots[0]["rol"] == "ouder"
    assert slots[0]["gemeente"] == "'s-Hertogenbosch"


def test_messages_at_the_same_moment_on_both_processes_take_turns(scaled):
    import redis

    first, second = (process.url for process in scaled.rasa)
    sender = uuid.uuid4().hex
    assert say(first, sender, "hoi")
    burst = [(first, "wat is een loverboy"), (second, "hoe herken ik een loverboy"),
             (first, "ben jij een echt mens?"), (second, "oke dankjewel")]
    with ThreadPoolExecutor(len(burst)) as pool:
        replies = list(pool.map(lambda item: say(item[0], sender, item[1]), burst))
    assert all(replies), "every message got a reply"

    events = stored_events(scaled, sender)
    stored_texts = [text for text, _ in turns(events)]
    assert sorted(stored_texts) == sorted(["hoi"] + [message for _, message in burst]), "each message exactly once"
    assert_complete_turns(events)
    assert len(tracker(scaled, second, sender)["events"]) == len(tracker(scaled, first, sender)["events"])
    assert not redis.Redis.from_url(scaled.redis_url).keys("loverboys:lock:*"), "no lock left behind"


def test_a_socketio_conversation_through_nginx(scaled):
    sender = uuid.uuid4().hex

    async def chat():
        # Polling first, then the upgrade to a WebSocket, as browsers do.
        async with SocketChat(scaled.proxy_url, sender, transports=("polling", "websocket")) as chat:
            greeting = await chat.send("hoi")
            answer = await chat.send("mijn dochter van 14 heeft een vriend van 23 die haar overal ophaalt met de auto")
            return greeting, answer

    greeting, answer = asyncio.run(chat())
    assert greeting and "oudere vriend" in texts(answer)
    assert [text for text, _ in turns(stored_events(scaled, sender))][-1].startswith("mijn dochter")
    assert say(scaled.proxy_url, uuid.uuid4().hex, "hoi"), "REST through nginx"


def test_a_staff_message_from_the_other_process_reaches_the_socket(scaled):
    from bot.handoff import staff as staff_accounts
    from bot.handoff.db import engine_for

    holder, other = scaled.rasa
    name = "medewerker-" + uuid.uuid4().hex[:6]
    staff_accounts.add_account(engine_for(scaled.database_url), name, PASSWORD)
    console = requests.Session()
    login = console.post(f"{other.url}/staff/api/login", json={"gebruiker": name, "wachtwoord": PASSWORD}, timeout=30)
    assert login.status_code == 200
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    sender = uuid.uuid4().hex
    staff_text = "Hoi, ik ben van de hulplijn."

    async def conversation():
        async with SocketChat(holder.url, sender) as chat:
            queued = await chat.send("ik wil met een mens praten")
            board = console.get(f"{other.url}/staff/api/wachtrij", timeout=30).json()["gesprekken"]
            handoff = next(item for item in board if item["voorbeeld"] == "ik wil met een mens praten"
                           and item["status"] == "wachtend")
            claim = console.post(f"{other.url}/staff/api/gesprekken/{handoff['id']}/claim", headers=csrf, timeout=30)
            assert claim.status_code == 200
            sent = console.post(f"{other.url}/staff/api/gesprekken/{handoff['id']}/bericht", json={"tekst": staff_text},
                                headers=csrf, timeout=30)
            assert sent.status_code == 200
            return queued, await wait_for_reply(chat, staff_text)

    queued, arrived = asyncio.run(conversation())
    assert "wachtrij" in texts(queued)
    assert arrived == {"text": staff_text, "van": "medewerker"}


async def wait_for_reply(chat, text, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = next((reply for reply in chat.replies if reply.get("text") == text), None)
        if match is not None:
            return match
        await asyncio.sleep(0.1)
    return None
