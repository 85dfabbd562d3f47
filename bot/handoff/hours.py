"""Opening hours of the helpline's chat, e.g. "ma-vr 09:00-21:00; za-zo 12:00-17:00" (HANDOFF_OPENING_HOURS)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
PART = re.compile(r"^\s*(ma|di|wo|do|vr|za|zo)(?:\s*-\s*(ma|di|wo|do|vr|za|zo))?\s+"
                  r"([0-2]?\d):([0-5]\d)\s*-\s*([0-2]?\d):([0-5]\d)\s*$")
ALWAYS = "ma-zo 00:00-24:00"


class InvalidOpeningHours(ValueError):
    pass


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    start: int  # minutes after midnight
    end: int


def parse(text: str) -> tuple[Window, ...]:
    windows = []
    for part in filter(str.strip, text.split(";")):
        match = PART.match(part.lower())
        if not match:
            raise InvalidOpeningHours(f"Cannot read opening hours {part!r}; write e.g. 'ma-vr 09:00-21:00'.")
        first, last = DAYS.index(match[1]), DAYS.index(match[2] or match[1])
        days = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        start, end = int(match[3]) * 60 + int(match[4]), int(match[5]) * 60 + int(match[6])
        if not 0 <= start < end <= 24 * 60:
            raise InvalidOpeningHours(f"Opening time must be before closing time in {part!r}.")
        windows.append(Window(frozenset(days), start, end))
    if not windows:
        raise InvalidOpeningHours("No opening hours given.")
    return tuple(windows)


def is_open(windows: tuple[Window, ...], moment: datetime) -> bool:
    minute = moment.hour * 60 + moment.minute
    return any(moment.weekday() in w.days and w.start <= minute < w.end for w in windows)


