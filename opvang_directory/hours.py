"""Opening hours: a weekly schedule in Europe/Amsterdam time, or 24/7.

Text form (used in seed files, CSV and for display):
    "24/7"
    "ma-vr 09:00-17:00"
    "dagelijks 08:00-24:00"
    "ma-za 14:00-23:00; zo 11:00-23:00"
    "vr 20:00-02:00"          (past midnight: open until 02:00 on Saturday)
    "ma-vr 09:00-12:00, 13:00-17:00; za gesloten"
Later parts override earlier ones for the same day. Days not mentioned are closed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAGEN = ("ma", "di", "wo", "do", "vr", "za", "zo")
ALWAYS_TEXT = "24/7"

Interval = Tuple[int, int]  # minutes after midnight; end may exceed 1440 (past midnight)

_TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class WeeklyHours:
    always_open: bool = False
    days: Tuple[Tuple[Interval, ...], ...] = ((),) * 7  # index 0 = maandag

    @classmethod
    def always(cls) -> "WeeklyHours":
        return cls(always_open=True)

    def is_open(self, moment: datetime) -> bool:
        local = to_local(moment)
        if self.always_open:
            return True
        minute = local.hour * 60 + local.minute
        weekday = local.weekday()
        if any(start <= minute < end for start, end in self.days[weekday]):
            return True
        previous = self.days[(weekday - 1) % 7]
        return any(end > 1440 and minute < end - 1440 for _, end in previous)

    def next_opening(self, moment: datetime) -> Optional[datetime]:
        """The next moment it opens (None when open now or never open)."""
        local = to_local(moment)
        if self.is_open(local):
            return None
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            for start, _ in sorted(self.days[day.weekday()]):
                opening = _at(day, start)
                if opening > local:
                    return opening
        return None

    def to_text(self) -> str:
        return format_hours(self)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


def now_local() -> datetime:
    return datetime.now(AMSTERDAM)


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=AMSTERDAM)


def _parse_days(text: str) -> List[int]:
    text = text.strip().lower()
    if text in ("dagelijks", "elke dag"):
        return list(range(7))
    days: List[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            first, last = (p.strip() for p in part.split("-", 1))
            if first not in DAGEN or last not in DAGEN:
                raise HoursError(f"onbekende dagen '{part}' (gebruik ma, di, wo, do, vr, za, zo of dagelijks)")
            start, end = DAGEN.index(first), DAGEN.index(last)
            days.extend((start + i) % 7 for i in range(((end - start) % 7) + 1))
        elif part in DAGEN:
            days.append(DAGEN.index(part))
        else:
            raise HoursError(f"onbekende dag '{part}' (gebruik ma, di, wo, do, vr, za, zo of dagelijks)")
    return days


def _parse_interval(text: str) -> Interval:
    match = _TIME_RANGE.match(text.strip())
    if not match:
        raise HoursError(f"tijd '{text.strip()}' is niet in de vorm 09:00-17:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise HoursError(f"tijd '{text.strip()}' bestaat niet")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        end += 1440
    return start, end


def parse_hours(text: Optional[str]) -> Optional[WeeklyHours]:
    """Parse the text form; None or empty text means: hours unknown."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    if text.lower() in (ALWAYS_TEXT, "24 / 7", "dag en nacht"):
        return WeeklyHours.always()
    days: List[Tuple[Interval, ...]] = [()] * 7
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = re.match(r"^(\S+)\s+(.+)$", part)
        if not match:
            raise HoursError(f"'{part}' mist dagen of tijden (voorbeeld: ma-vr 09:00-17:00)")
        day_text, times_text = match.groups()
        if times_text.strip().lower() == "gesloten":
            intervals: Tuple[Interval, ...] = ()
        else:
            intervals = tuple(sorted(_parse_interval(t) for t in times_text.split(",")))
        for day in _parse_days(day_text):
            days[day] = intervals
    return WeeklyHours(always_open=False, days=tuple(days))


def _format_minute(minute: int) -> str:
    if minute == 1440:
        return "24:00"
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _format_intervals(intervals: Sequence[Interval]) -> str:
    return ", ".join(f"{_format_minute(s)}-{_format_minute(e)}" for s, e in intervals)


def format_hours(hours: Optional[WeeklyHours]) -> Optional[str]:
    if hours is None:
        return None
    if hours.always_open:
        return ALWAYS_TEXT
    if all(day == hours.days[0] for day in hours.days):
        return f"dagelijks {_format_intervals(hours.days[0])}" if hours.days[0] else "dagelijks gesloten"
    parts = []
    day = 0
    while day < 7:
        end = day
        while end + 1 < 7 and hours.days[end + 1] == hours.days[day]:
            end += 1
        if hours.days[day]:
            label = DAGEN[day] if end == day else f"{DAGEN[day]}-{DAGEN[end]}"
            parts.append(f"{label} {_format_intervals(hours.days[day])}")
        day = end + 1
    return "; ".join(parts)


def describe_hours(hours: Optional[WeeklyHours]) -> str:
    """Dutch text for people."""
    if hours is None:
        return "openingstijden onbekend"
    if hours.always_open:
        return "dag en nacht (24/7)"
    return format_hours(hours) or "gesloten"
