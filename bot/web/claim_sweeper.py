"""Returns claimed conversations to the queue when the staff member's console is gone (docs/faults.md).

While the staff member's console checks in, a claim stays, also across a reload or a new login; the person's
messages keep arriving in the transcript meanwhile. When no console of theirs has been seen for
HANDOFF_CLAIM_TIMEOUT_SECONDS, or their session ended (STAFF_IDLE_MINUTES, logout), the conversation goes back
to the queue, first in line, and the person is told.
"""
from __future__ import annotations

import asyncio
import logging

from bot.handoff.queue import release_stale_claims
from bot.settings import Settings
from bot.web.guards import channel_messages
from bot.web.handoff_bridge import BOT, HandoffBridge

logger = logging.getLogger(__name__)
MAX_INTERVAL_SECONDS = 30.0


def claim_timeout(settings: Settings) -> float:
    """A session that ended releases its claim too, so the idle limit caps the timeout."""
    return float(min(settings.handoff_claim_timeout_seconds, settings.staff_idle_minutes * 60))


def sweep_interval(timeout: float) -> float:
    return max(1.0, min(timeout / 3, MAX_INTERVAL_SECONDS))


async def release_once(settings: Settings, bridge: HandoffBridge) -> list[str]:
    loop = asyncio.get_running_loop()
    released = await loop.run_in_executor(None, release_stale_claims, bridge.engine, claim_timeout(settings))
    for conversation_id in released:
        await bridge.say(conversation_id, channel_messages()["claim_vervallen"], sender=BOT)
    if released:
        logger.info("Returned %d conversation(s) to the queue: their staff member's console was gone.",
                    len(released))
    return released


async def claim_sweep_loop(settings: Settings, bridge: HandoffBridge) -> None:
    interval = sweep_interval(claim_timeout(settings))
    while True:
        await asyncio.sleep(interval)
        try:
            await release_once(settings, bridge)
        except Exception as error:  # noqa: BLE001 - a database hiccup must not stop the sweeps
            logger.error("Returning stale claims failed (%s); trying again in %.0f s.", type(error).__name__, interval)
