"""The chat page for young people and partner sites: /chat, its static files, the embed snippet, the privacy
page and two small JSON routes (availability, the stored conversation after a reload).

The page keeps only the conversation id, in sessionStorage; after a reload it asks for the stored (redacted)
conversation. The conversation id is the only key: it is random and only that browser tab knows it.
"""
from __future__ import annotations

import asyncio
import html
import json
from functools import lru_cache
from pathlib import Path
from string import Template

import yaml
from sanic import Blueprint, response
from sanic.request import Request

from bot.handoff.availability import availability
from bot.handoff.db import engine_for
from bot.handoff.queue import waiting_position
from bot.settings import Settings
from bot.web.guards import channel_messages, valid_conversation_id
from bot.web.privacy_page import privacy_html
from bot.web.transcript import transcript

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATE_DIR = WEB_DIR / "templates"
WIDGET_TEXTS = WEB_DIR.parent / "content" / "widget.yml"
CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


@lru_cache(maxsize=1)
def widget_texts() -> dict[str, str]:
    return {key: str(value) for key, value in yaml.safe_load(WIDGET_TEXTS.read_text(encoding="utf-8")).items()}


def json_for_html(data: object) -> str:
    """JSON that can sit inside <script type="application/json"> without ending it early."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(template: str, values: dict[str, str], raw: dict[str, str] | None = None) -> str:
    text = (TEMPLATE_DIR / template).read_text(encoding="utf-8")
    escaped = {key: html.escape(value) for key, value in values.items()}
    return Template(text).safe_substitute({**escaped, **(raw or {})})




def chat_blueprint(settings: Settings) -> Blueprint:
    blueprint = Blueprint("chat")

    @blueprint.get("/chat")
    async def chat_page(request: Request):
        texts = widget_texts()
        embedded = "ja" if request.args.get("ingebed") == "1" else "nee"
        page = render("chat.html", {**texts, "quick_exit_url": settings.quick_exit_url, "privacy_url": "/privacy",
                                    "ingebed": embedded},
                      raw={"teksten_json": json_for_html(texts)})
        return response.html(page)

    @blueprint.get("/chat/static/<name:str>")
    async def static_file(_request: Request, name: str):
        return static_response(name)

    @blueprint.get("/chat/embed.js")
    async def embed(_request: Request):
        return static_response("embed.js")

    @blueprint.get("/privacy")
    async def privacy(_request: Request):
        title, body = privacy_html()
        return response.html(render("privacy.html", {"titel": title, "terug": channel_messages()["terug_naar_chat"]},
                                    raw={"inhoud": body}))

    @blueprint.get("/chat/api/status")
    async def status(request: Request):
        engine = engine_for(settings.handoff_db_url)
        loop = asyncio.get_running_loop()
        available = (await loop.run_in_executor(
            None, availability, engine, settings.handoff_opening_hours)).available
        key = "mens_beschikbaar" if available else "mens_niet_beschikbaar"
        answer = {"medewerker_beschikbaar": available, "tekst": widget_texts()[key]}
        conversation_id = request.args.get("gesprek")
        if valid_conversation_id(conversation_id):
            place = await loop.run_in_executor(None, waiting_position, engine, conversation_id)
            if place:
                answer["wachtrij_positie"] = place
        return response.json(answer)

    @blueprint.get("/chat/api/gesprek/<conversation_id:str>")
    async def conversation(request: Request, conversation_id: str):
        if not valid_conversation_id(conversation_id):
            return response.json({"error": channel_messages()["verkeerd_bericht"]}, status=400)
        tracker = await request.app.ctx.agent.tracker_store.retrieve(conversation_id)
        events = [event.as_dict() for event in tracker.events] if tracker else []
        return response.json({"berichten": transcript(events)})

    return blueprint


def static_response(name: str):
    path = (STATIC_DIR / name).resolve()
    if path.parent != STATIC_DIR.resolve() or path.suffix not in CONTENT_TYPES or not path.is_file():
        return response.json({"error": "not found"}, status=404)
    return response.raw(path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])
