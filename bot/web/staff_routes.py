"""The staff console: /staff (page and static files) and its JSON API under /staff/api/ (docs/handoff.md).

Every API route except login needs a valid session cookie; every POST also needs the CSRF token in the
X-CSRF-Token header. Database calls are short and run in a worker thread so the chat never waits on them.
"""
from __future__ import annotations

import asyncio
import json
import time
from functools import lru_cache, partial, wraps
from pathlib import Path

import yaml
from sanic import Blueprint, response
from sanic.request import Request

from bot.handoff import queue, staff
from bot.privacy.redact import redact_text
from bot.settings import Settings
from bot.web.chat_routes import json_for_html, render, static_response
from bot.web.guards import channel_messages
from bot.web.handoff_bridge import HandoffBridge
from bot.web.json_body import json_body
from bot.web.transcript import transcript

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
COOKIE = "staff_sessie"
MAX_TEXT = 4000


@lru_cache(maxsize=1)
def console_texts() -> dict:
    return yaml.safe_load((CONTENT_DIR / "console.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def canned_responses() -> list[dict]:
    return yaml.safe_load((CONTENT_DIR / "standaardzinnen.yml").read_text(encoding="utf-8"))["zinnen"]


def error(key: str, status: int):
    return response.json({"error": channel_messages()[key]}, status=status)


def staff_blueprint(settings: Settings, bridge: HandoffBridge) -> Blueprint:
    blueprint = Blueprint("staff")
    idle_seconds = settings.staff_idle_minutes * 60

    async def db(function, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args, **kwargs))

    def authenticated(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            session = await db(staff.session_for, bridge.engine, request.cookies.get(COOKIE), idle_seconds)
            if session is None:
                return error("staff_niet_ingelogd", 401)
            if request.method == "POST" and not staff.csrf_ok(session, request.headers.get("X-CSRF-Token")):
                return error("staff_csrf", 403)
            return await handler(request, session, *args, **kwargs)
        return wrapper

    def body_text(request: Request, key: str, strip: bool = True) -> str | None:
        payload = json_body(request)
        value = payload.get(key) if isinstance(payload, dict) else None
        if not isinstance(value, str) or not value.strip():
            return None
        return (value.strip() if strip else value)[:MAX_TEXT]

    async def handoff_for(handoff_id: int, session, *, mine: bool):
        record = await db(queue.get, bridge.engine, handoff_id)
        if record is None:
            return None, error("staff_onbekend", 404)
        if mine and (record["status"] != queue.ACTIVE or record["claimed_by"] != session.username):
            return None, error("staff_niet_van_jou", 409)
        return record, None

    @blueprint.get("/staff")
    async def page(_request: Request):
        texts = {key: value for key, value in console_texts().items() if isinstance(value, str)}
        return response.html(render("staff.html", texts, raw={"teksten_json": json_for_html(console_texts())}))

    @blueprint.get("/staff/static/<name:str>")
    async def static_file(_request: Request, name: str):
        return static_response(name)

    @blueprint.post("/staff/api/login")
    async def login(request: Request):
        username, password = body_text(request, "gebruiker"), body_text(request, "wachtwoord", strip=False)
        if not username or not password:
            return error("staff_login_fout", 401)
        try:
            result = await db(staff.login, bridge.engine, username, password)
        except staff.LoginLocked:
            return error("staff_geblokkeerd", 423)
        if result is None:
            return error("staff_login_fout", 401)
        token, session = result
        answer = response.json({"gebruiker": session.username, "csrf_token": session.csrf_token})
        answer.cookies[COOKIE] = token
        cookie = answer.cookies[COOKIE]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/staff"
        cookie["secure"] = settings.staff_cookie_secure
        return answer

    @blueprint.post("/staff/api/logout")
    @authenticated
    async def logout(request: Request, _session):
        await db(staff.logout, bridge.engine, request.cookies.get(COOKIE))
        answer = response.json({})
        del answer.cookies[COOKIE]
        return answer

    @blueprint.get("/staff/api/me")
    @authenticated
    async def me(_request: Request, session):
        return response.json({"gebruiker": session.username, "csrf_token": session.csrf_token})

    @blueprint.get("/staff/api/wachtrij")
    @authenticated
    async def board(request: Request, _session):
        now = time.time()
        records = await db(queue.board, bridge.engine)
        items = []
        for record in records:
            messages = await _messages(request, record["conversation_id"])
            mine = [m["tekst"] for m in messages if m["van"] == "jij"]
            items.append({**_summary(record, now), "voorbeeld": mine[-1][:140] if mine else ""})
        return response.json({"gesprekken": items})

    @blueprint.post("/staff/api/gesprekken/<handoff_id:int>/claim")
    @authenticated
    async def claim(_request: Request, session, handoff_id: int):
        record, failure = await handoff_for(handoff_id, session, mine=False)
        if failure:
            return failure
        if not await db(queue.claim, bridge.engine, handoff_id, session.username):
            return error("staff_al_geclaimd", 409)
        await bridge.say(record["conversation_id"], channel_messages()["medewerker_er_is"], sender="medewerker")
        return response.json({"id": handoff_id, "status": queue.ACTIVE, "medewerker": session.username})

    @blueprint.get("/staff/api/gesprekken/<handoff_id:int>")
    @authenticated
    async def conversation(request: Request, session, handoff_id: int):
        record, failure = await handoff_for(handoff_id, session, mine=False)
        if failure:
            return failure
        notes = await db(queue.notes, bridge.engine, record["conversation_id"])
        return response.json({"id": handoff_id, "status": record["status"],
                              "samenvatting": _summary(record, time.time()),
                              "berichten": await _messages(request, record["conversation_id"]), "notities": notes})

    async def handoff_and_text(request: Request, session, handoff_id: int, *, mine: bool):
        record, failure = await handoff_for(handoff_id, session, mine=mine)
        text = body_text(request, "tekst") if not failure else None
        if not failure and not text:
            failure = error("verkeerd_bericht", 400)
        return record, text, failure

    @blueprint.post("/staff/api/gesprekken/<handoff_id:int>/bericht")
    @authenticated
    async def message(request: Request, session, handoff_id: int):
        record, text, failure = await handoff_and_text(request, session, handoff_id, mine=True)
        if failure:
            return failure
        await bridge.say(record["conversation_id"], text)
        await db(queue.touch, bridge.engine, handoff_id, session.username, "bericht")
        return response.json({})

    @blueprint.post("/staff/api/gesprekken/<handoff_id:int>/notitie")
    @authenticated
    async def note(request: Request, session, handoff_id: int):
        record, text, failure = await handoff_and_text(request, session, handoff_id, mine=False)
        if failure:
            return failure
        await db(queue.add_note, bridge.engine, record["conversation_id"], session.username, redact_text(text))
        return response.json({})

    @blueprint.post("/staff/api/gesprekken/<handoff_id:int>/teruggeven")
    @authenticated
    async def hand_back(_request: Request, session, handoff_id: int):
        return await _finish(session, handoff_id, queue.HANDED_BACK, None, "terug_naar_chatbot")

    @blueprint.post("/staff/api/gesprekken/<handoff_id:int>/afsluiten")
    @authenticated
    async def close(request: Request, session, handoff_id: int):
        outcome = body_text(request, "uitkomst")
        if outcome not in console_texts().get("uitkomsten", []):
            return error("verkeerd_bericht", 400)
        return await _finish(session, handoff_id, queue.CLOSED, outcome, "gesprek_afgesloten")

    @blueprint.get("/staff/api/standaardzinnen")
    @authenticated
    async def canned(_request: Request, _session):
        return response.json({"zinnen": canned_responses()})

    async def _finish(session, handoff_id: int, status: str, outcome: str | None, message_key: str):
        record, failure = await handoff_for(handoff_id, session, mine=True)
        if failure:
            return failure
        if not await db(queue.finish, bridge.engine, handoff_id, session.username, status, outcome):
            return error("staff_niet_van_jou", 409)
        await bridge.hand_back(record["conversation_id"], channel_messages()[message_key])
        return response.json({})

    async def _messages(request: Request, conversation_id: str) -> list[dict]:
        tracker = await request.app.ctx.agent.tracker_store.retrieve_full_tracker(conversation_id)
        return transcript(event.as_dict() for event in tracker.events) if tracker else []

    return blueprint


def _summary(record: dict, now: float) -> dict:
    return {
        "id": record["id"], "status": record["status"], "reden": record["reden"],
        "wacht_seconden": int(((record["claimed_at"] or now) if record["status"] != queue.WAITING else now)
                              - record["requested_at"]),
        "rol": record["rol"], "signalen": json.loads(record["signalen"] or "[]"), "risico": record["risico"],
        "gemeente": record["gemeente"], "medewerker": record["claimed_by"],
    }
