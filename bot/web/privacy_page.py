"""The privacy page: the user part ("Voor jou") of PRIVACY.md as HTML, so there is one text to maintain.

A deliberately small Markdown subset (the one PRIVACY.md uses): `##` headings, paragraphs, `- ` lists,
`**bold**`. Everything is HTML-escaped first.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

PRIVACY_FILE = Path(__file__).resolve().parents[2] / "PRIVACY.md"
USER_PART = re.compile(r"^## Voor jou\n(.*?)(?=^---|^## Voor beheerders|\Z)", re.MULTILINE | re.DOTALL)
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


def markdown_to_html(markdown: str) -> str:
    parts, paragraph, items = [], [], []

    def flush():
        if paragraph:
            parts.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            parts.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>")
            items.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("#"):
            flush()
            level = min(len(stripped) - len(stripped.lstrip("#")) + 1, 4)
            parts.append(f"<h{level}>{_inline(stripped.lstrip('#').strip())}</h{level}>")
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            items.append(stripped[2:])
        elif items and line.startswith("  "):
            items[-1] += " " + stripped
        else:
            paragraph.append(stripped)
    flush()
    return "\n".join(parts)


def privacy_html() -> tuple[str, str]:
    """(title, body HTML) from PRIVACY.md."""
    text = PRIVACY_FILE.read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("# ").strip()
    match = USER_PART.search(text)
    intro = text.split("\n", 1)[1].split("## Voor jou", 1)[0]
    return title, markdown_to_html(intro + "\n" + (match.group(1) if match else ""))
