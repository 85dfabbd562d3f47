"""Searching everything the assistant wrote to disk for values that must not be there."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path


def written_files(var_dir: Path, log_path: Path) -> list[Path]:
    return [path for path in var_dir.rglob("*") if path.is_file()] + [log_path]


def _forms(value: str) -> set[str]:
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6:
        forms.add(digits)
    return {form.lower() for form in forms if form}


def find_on_disk(values: list[str], files: list[Path]) -> dict[str, list[str]]:
    """Maps each value that occurs (case-insensitively, as a whole word or number) to the files it is in.

    Numbers are also searched as bare digits, so "06-12 34 56 78" stored as "0612345678" still counts.
    A hit whose both neighbours are bytes that are no text (e.g. inside the 8 bytes of a stored timestamp,
    where "kiki" turned up by chance) is not text; every text cell of a SQLite file is searched as well, so a
    value stored on its own between binary fields is still found.
    """
    contents = {path: _searchable(path) for path in files}
    found: dict[str, list[str]] = {}
    for value in values:
        for form in _forms(value):
            pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
            # The substring test is a fast scan that rules out most files before the slower regex runs.
            hits = [path.name for path, text in contents.items()
                    if form in text and any(_in_text(text, m) for m in pattern.finditer(text))]
            if hits:
                found.setdefault(value, []).extend(hits)
    return found


NOT_TEXT = "\ufffd"  # what a byte that is no UTF-8 text decodes to


def _in_text(text: str, match: re.Match) -> bool:
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return not (before == NOT_TEXT and after == NOT_TEXT)


def _searchable(path: Path) -> str:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if raw.startswith(b"SQLite format 3\x00"):
        text += "\n" + "\n".join(_sqlite_text_cells(path))
    return text.lower()


def _sqlite_text_cells(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        return [cell for table in tables for row in connection.execute(f'select * from "{table}"')
                for cell in row if isinstance(cell, str)]
    finally:
        connection.close()
