"""Which action-server failures get the fault reply, and only once per message (bot/resilience/action_fallback.py)."""
import asyncio

import aiohttp
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.exceptions import RasaException

from bot.resilience.action_fallback import fallback_events, is_unreachable
from bot.resilience.replies import ACTION_SERVER_DOWN, fault_text


def raised_from(original: BaseException, chained: bool) -> RasaException:
    try:
        try:
            raise original
        except Exception as error:
            if chained:
                raise RasaException("Failed to execute custom action") from error
            raise RasaException("Couldn't connect")
    except RasaException as wrapped:
        return wrapped


def test_connection_failures_and_timeouts_count_as_unreachable():
    assert is_unreachable(raised_from(aiohttp.ClientConnectionError("refused"), chained=False))
    assert is_unreachable(raised_from(aiohttp.ServerDisconnectedError(), chained=False))
    assert is_unreachable(raised_from(asyncio.TimeoutError(), chained=False))


def test_action_errors_keep_rasas_behaviour():
    assert not is_unreachable(RasaException("no endpoint configured"))
    error = aiohttp.ClientResponseError(None, (), status=500)
    assert not is_unreachable(raised_from(error, chained=True))
    assert is_unreachable(raised_from(aiohttp.ClientResponseError(None, (), status=503), chained=True))


def test_one_fault_reply_per_user_message():
    first = fallback_events([UserUttered("hoi"), ActionExecuted("action_update_triage")])
    assert [event.text for event in first] == [fault_text(ACTION_SERVER_DOWN)]
    turn = [UserUttered("hoi"), *first, ActionExecuted("action_find_help")]
    assert fallback_events(turn) == []
    assert len(fallback_events([*turn, UserUttered("nog een keer")])) == 1
    assert not any(isinstance(event, BotUttered) and event.text is None for event in first)
