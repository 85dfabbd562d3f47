"""Is a person available now? Inside the opening hours and at least one staff member with the console open."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.handoff import staff
from bot.handoff.hours import is_open, parse
from opvang_directory.hours import now_local


@dataclass(frozen=True)
class Availability:
    available: bool
    staff_online: int
    within_hours: bool


def availability(engine, opening_hours: str, now: datetime | None = None) -> Availability:
    """`now` in Dutch time (the opening hours are Dutch time); default: now in Europe/Amsterdam."""
    moment = now or now_local()
    within = is_open(parse(opening_hours), moment)
    online = staff.staff_online(engine) if within else 0
    return Availability(within and online > 0, online, within)
