"""A kind reply with the national numbers when the action server cannot be reached.

Rasa 3.6 has no hook for this: when a custom action fails, MessageProcessor._run_action logs the error, drops
the action's events and the bot says nothing. `install` wraps RemoteAction.run so that only "the action server
cannot be reached" (connection refused or lost, timeout, a gateway error from a proxy) becomes one bot message.
Every other failure keeps Rasa's behaviour. The failed action's events are lost either way, so slots stay as
they were; the next message is handled normally again once the action server is back.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.exceptions import RasaException

from bot.resilience.replies import ACTION_SERVER_DOWN, fault_text

logger = logging.getLogger(__name__)
GATEWAY_ERRORS = frozenset({502, 503, 504})
MARK = {"storing": "actieserver"}


def is_unreachable(error: BaseException) -> bool:
    """Rasa re-raises connection errors as a RasaException; the original is its cause or context."""
    for candidate in (error, error.__cause__, error.__context__):
        if isinstance(candidate, (aiohttp.ClientConnectionError, asyncio.TimeoutError)):
            return True
        if isinstance(candidate, aiohttp.ClientResponseError) and candidate.status in GATEWAY_ERRORS:
            return True
    return False


def fallback_already_sent(events: list[Event]) -> bool:
    """One fault reply per user message, even when several custom actions fail in the same turn."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get("storing") == MARK["storing"]:
            return True
    return False


def fallback_events(events: list[Event]) -> list[Event]:
    if fallback_already_sent(events):
        return []
    return [BotUttered(fault_text(ACTION_SERVER_DOWN), metadata=dict(MARK))]


def install() -> None:
    """Idempotent: the wrapper is installed once per process."""
    original = RemoteAction.run
    if getattr(original, "_with_fallback", False):
        return

    @functools.wraps(original)
    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list[Event]:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except RasaException as error:
            if not is_unreachable(error):
                raise
            logger.warning("The action server could not be reached for %s; sent the fault reply.", self.name())
            return fallback_events(list(tracker.events))

    run._with_fallback = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[method-assign]
