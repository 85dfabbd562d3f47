"""A bounded retry with backoff for database calls that fail because the database is briefly unreachable."""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, TypeVar

import sqlalchemy as sa

logger = logging.getLogger(__name__)
T = TypeVar("T")

FIRST_DELAY_SECONDS = 0.25
MAX_DELAY_SECONDS = 2.0


class StoreUnavailable(RuntimeError):
    """The conversation database stayed unreachable for the whole retry budget."""


def backoff_delays(budget: float, first: float = FIRST_DELAY_SECONDS, cap: float = MAX_DELAY_SECONDS) -> list[float]:
    """Waits between attempts: doubling from `first` up to `cap`, together exactly `budget` seconds."""
    delays: list[float] = []
    total, delay = 0.0, first
    while budget - total > 1e-9:
        step = min(delay, cap, budget - total)
        delays.append(step)
        total += step
        delay *= 2
    return delays


def is_transient(error: BaseException) -> bool:
    """Connection lost, server down or restarting, pool exhausted, SQLite file locked: worth another try.
    Errors in the data or the SQL itself are not."""
    if isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)):
        return True
    return isinstance(error, sa.exc.DBAPIError) and bool(error.connection_invalidated)


async def retry_transient(operation: Callable[[], Awaitable[T]], budget: float,
                          sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> T:
    """Runs `operation` until it succeeds, retrying transient errors for at most `budget` seconds of waiting.

    Raises StoreUnavailable without the original error attached: SQLAlchemy's message holds the statement's
    parameters, and those can be (redacted) message text, which must never reach a log."""
    delays = backoff_delays(budget)
    for attempt in range(len(delays) + 1):
        try:
            return await operation()
        except Exception as error:  # noqa: BLE001 - filtered right below
            if not is_transient(error):
                raise
            kind = type(error).__name__
        if attempt == len(delays):
            break
        if attempt == 0:
            logger.warning("The conversation database is unreachable (%s); retrying for up to %.0f s.", kind, budget)
        await sleep(delays[attempt])
    logger.error("The conversation database stayed unreachable for %.0f s (%s).", budget, kind)
    raise StoreUnavailable(f"conversation database unreachable ({kind})") from None
