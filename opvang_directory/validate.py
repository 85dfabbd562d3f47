"""Checks of directory files: schema, Dutch phone numbers, URLs, and entries whose check date is too old."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional

from .records import Issue
from .sources import LoadedEntry, read_files

DEFAULT_MAX_MONTHS = 12


@dataclass(frozen=True)
class ValidationReport:
    entries: List[LoadedEntry]
    errors: List[Issue]
    stale: List[Issue]

    @property
    def ok(self) -> bool:
        return not self.errors


def add_months(day: dt.date, months: int) -> dt.date:
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_entries(entries: Iterable[LoadedEntry], max_months: int, today: dt.date) -> List[Issue]:
    issues = []
    for entry in entries:
        checked = entry.record.gecontroleerd_op
        if add_months(checked, max_months) < today:
            issues.append(Issue(
                entry.file, entry.line,
                f"dienst '{entry.record.id}': gecontroleerd op {checked.isoformat()}, langer dan {max_months} "
                "maanden geleden: controleer bron, nummers en tijden opnieuw",
            ))
    return issues


def validate_files(
    paths: Iterable[Path], max_months: int = DEFAULT_MAX_MONTHS, today: Optional[dt.date] = None
) -> ValidationReport:
    entries, errors = read_files(paths)
    sort_key = lambda issue: (issue.file, issue.line)  # noqa: E731
    return ValidationReport(
        entries=entries,
        errors=sorted(errors, key=sort_key),
        stale=sorted(stale_entries(entries, max_months, today or dt.date.today()), key=sort_key),
    )
