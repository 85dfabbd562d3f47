"""The bounded retry with backoff of the conversation store (bot/resilience/db_retry.py)."""
import asyncio

import pytest
import sqlalchemy as sa

from bot.resilience.db_retry import StoreUnavailable, backoff_delays, is_transient, retry_transient


def operational_error() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("INSERT ... ", {"data": "geheime tekst"}, Exception("connection refused"))


def test_delays_double_up_to_the_cap_and_fill_the_budget_exactly():
    delays = backoff_delays(10, first=0.25, cap=2)
    assert delays[:4] == [0.25, 0.5, 1.0, 2.0]
    assert max(delays) == 2
    assert sum(delays) == pytest.approx(10)
    assert backoff_delays(0) == []


def test_only_connection_problems_are_transient():
    assert is_transient(operational_error())
    assert is_transient(sa.exc.InterfaceError("x", {}, Exception()))
    assert not is_transient(sa.exc.IntegrityError("x", {}, Exception()))
    assert not is_transient(ValueError("x"))


def run(operation, budget):
    waited = []

    async def sleep(seconds):
        waited.append(seconds)

    return asyncio.run(retry_transient(operation, budget, sleep=sleep)), waited


def test_a_short_outage_is_bridged():
    calls = []

    async def operation():
        calls.append(1)
        if len(calls) < 3:
            raise operational_error()
        return "ok"

    result, waited = run(operation, 10)
    assert result == "ok" and len(calls) == 3 and waited == [0.25, 0.5]


def test_a_long_outage_raises_store_unavailable_without_the_statement_or_its_data():
    async def operation():
        raise operational_error()

    with pytest.raises(StoreUnavailable) as caught:
        run(operation, 3)
    assert "geheime tekst" not in str(caught.value) and "INSERT" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_other_errors_are_not_retried():
    calls = []

    async def operation():
        calls.append(1)
        raise sa.exc.IntegrityError("x", {}, Exception())

    with pytest.raises(sa.exc.IntegrityError):
        run(operation, 10)
    assert calls == [1]
