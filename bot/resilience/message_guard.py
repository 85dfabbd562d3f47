"""The last line of defence around every chat message: a kind reply instead of silence or an HTTP 500.

Rasa's channels call `app.ctx.agent.handle_message` for each message (rasa/core/channels/channel.py), so wrapping
Agent.handle_message covers REST and socket.io alike. When the conversation database stays unreachable after
the retries in bot/privacy/tracker_store.py, or anything else fails, the person gets a kind Dutch message with
the national numbers. Only the error's type and place are logged: an exception's message can hold text.

Rasa also wraps every tracker store in a FailSafeTrackerStore, which on a database error silently continues with
an empty conversation in memory: the bot would greet the person as a stranger, and the later save could write a
wrong tail of events. `strict_tracker_store` removes that wrapper, so a database error reaches this guard.
"""
from __future__ import annotations

import functools
import logging
import traceback
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore

from bot.resilience.db_retry import StoreUnavailable
from bot.resilience.replies import ACTION_SERVER_DOWN, STORE_DOWN, fault_text

logger = logging.getLogger(__name__)


def strict_tracker_store(agent: Agent) -> None:
    store = agent.tracker_store
    if isinstance(store, FailSafeTrackerStore):
        agent.tracker_store = store._tracker_store  # noqa: SLF001 - Rasa 3.6 offers no public accessor
    if agent.processor is not None:
        agent.processor.tracker_store = agent.tracker_store


def where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def install() -> None:
    """Idempotent: wraps Agent.handle_message once per process (also covers an agent loaded later)."""
    original = Agent.handle_message
    if getattr(original, "_guarded", False):
        return

    @functools.wraps(original)
    async def handle_message(self: Agent, message: Any) -> Any:
        strict_tracker_store(self)
        try:
            return await original(self, message)
        except StoreUnavailable:
            reply = fault_text(STORE_DOWN)
        except Exception as error:  # noqa: BLE001 - any failure gets the kind reply instead of silence
            logger.error("Handling a message failed with %s at %s; sent the fault reply.",
                         type(error).__name__, where(error))
            reply = fault_text(ACTION_SERVER_DOWN)
        try:
            await message.output_channel.send_text_message(message.sender_id, reply)
        except Exception as error:  # noqa: BLE001 - the channel itself is gone; nothing more to do
            logger.error("Could not send the fault reply (%s).", type(error).__name__)
        return None

    handle_message._guarded = True  # type: ignore[attr-defined]
    Agent.handle_message = handle_message  # type: ignore[method-assign]
