"""Dutch messages through the real servers over REST and socket.io."""
import asyncio
import sqlite3
import time
import uuid

import requests
import socketio


def texts(replies):
    return " ".join(reply.get("text", "") for reply in replies)


def new_sender():
    return uuid.uuid4().hex


def test_greeting_says_it_is_a_chatbot_and_what_it_can_do(assistant):
    reply = texts(assistant.say(new_sender(), "hoi"))
    assert "chatbot" in reply and "112" in reply
    assert "loverboy" in reply


def test_bot_question_thanks_and_goodbye(assistant):
    sender = new_sender()
    assert "chatbot" in texts(assistant.say(sender, "ben jij een echt mens?"))
    assert "Graag gedaan" in texts(assistant.say(sender, "oke dankjewel"))
    assert "Dag" in texts(assistant.say(sender, "ik moet gaan, doei"))


def test_out_of_scope_gets_a_kind_redirect(assistant):
    reply = texts(assistant.say(new_sender(), "wat is de hoofdstad van frankrijk"))
    assert "niet mee helpen" in reply and "loverboys" in reply


def test_two_misunderstandings_in_a_row_offer_a_person_via_the_action_server(assistant):
    sender = new_sender()
    first = texts(assistant.say(sender, "qwzx plof grrbl"))
    assert "begreep ik niet" in first
    second = texts(assistant.say(sender, "zxcv brmbl knarf"))
    assert "mens praten" in second and "0800-2000" in second


def test_http_api_needs_the_token_and_returns_the_contract_slots(assistant):
    sender = new_sender()
    assistant.say(sender, "hallo")
    unauthorised = requests.get(f"{assistant.url}/conversations/{sender}/tracker", timeout=30)
    assert unauthorised.status_code == 401
    tracker = assistant.tracker(sender)
    assert {"rol", "signalen", "risico", "gemeente"} <= set(tracker["slots"])
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["hallo"]


def test_conversations_are_stored_in_the_sqlite_tracker_store(assistant):
    sender = new_sender()
    assistant.say(sender, "hoi")
    with sqlite3.connect(assistant.var_dir / "tracker.db") as db:
        rows = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
    assert rows > 0


async def socket_exchange(url, session_id, message):
    """Connects, claims the session, sends one message and returns the bot's replies."""
    client = socketio.AsyncClient(reconnection=False)
    replies, confirmed = [], asyncio.Event()
    got_reply = asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(data):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        replies.append(data)
        got_reply.set()

    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    await client.emit("session_request", {"session_id": session_id})
    await asyncio.wait_for(confirmed.wait(), 30)
    await client.emit("user_uttered", {"message": message, "session_id": session_id})
    await asyncio.wait_for(got_reply.wait(), 60)
    await asyncio.sleep(1.0)  # a response can be several messages
    await client.disconnect()
    return replies


def test_socketio_session_survives_a_reconnect(assistant):
    session_id = new_sender()
    first = asyncio.run(socket_exchange(assistant.url, session_id, "hallo"))
    assert any("chatbot" in reply.get("text", "") for reply in first)
    second = asyncio.run(socket_exchange(assistant.url, session_id, "ben jij een robot"))
    assert any("chatbot" in reply.get("text", "") for reply in second)

    tracker = assistant.tracker(session_id)
    user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert user_texts == ["hallo", "ben jij een robot"], "the reconnect started a new conversation"


def test_info_log_contains_no_message_text(assistant):
    marker = "geheimzinnigezin" + uuid.uuid4().hex[:8]
    assistant.say(new_sender(), f"hoi {marker}")
    time.sleep(0.5)
    assert marker not in assistant.log()
