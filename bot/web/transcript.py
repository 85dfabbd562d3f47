"""The stored (redacted) conversation as the chat page shows it after a reload. Pure logic on event dicts."""
from __future__ import annotations

from typing import Iterable

STAFF = "medewerker"


def _buttons(data: dict | None) -> list[dict]:
    buttons = (data or {}).get("buttons") or []
    return [{"titel": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in buttons if isinstance(button, dict)]


def transcript(events: Iterable[dict]) -> list[dict]:
    """User and bot messages in order. A button click ("/intent{...}") is shown as the title of the button
    that was clicked, as the chat page showed it live; a payload without a matching button is left out."""
    messages = []
    titles: dict[str, str] = {}
    for event in events:
        kind, text = event.get("event"), event.get("text")
        if kind == "user" and isinstance(text, str) and text:
            shown = titles.get(text) if text.startswith("/") else text
            if shown:
                messages.append({"van": "jij", "tekst": shown, "knoppen": []})
        elif kind == "bot" and (text or _buttons(event.get("data"))):
            titles.update({button["payload"]: button["titel"] for button in _buttons(event.get("data"))})
            sender = STAFF if (event.get("metadata") or {}).get("van") == STAFF else "chatbot"
            messages.append({"van": sender, "tekst": text or "", "knoppen": _buttons(event.get("data"))})
    return messages
