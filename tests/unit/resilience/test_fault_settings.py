"""The fault settings (docs/faults.md) and how the stale-claim sweep uses them."""
import pytest

from bot.settings import InvalidSetting, load_settings
from bot.web.claim_sweeper import claim_timeout, sweep_interval


def settings(tmp_path, extra=""):
    env = tmp_path / ".env"
    env.write_text("RASA_AUTH_TOKEN=x\n" + extra, encoding="utf-8")
    return load_settings(env, environ={})


def test_defaults(tmp_path):
    values = settings(tmp_path)
    assert values.db_retry_seconds == 10 and values.handoff_claim_timeout_seconds == 300


def test_the_session_idle_limit_caps_the_claim_timeout(tmp_path):
    assert claim_timeout(settings(tmp_path, "HANDOFF_CLAIM_TIMEOUT_SECONDS=20\n")) == 20
    assert claim_timeout(settings(tmp_path, "HANDOFF_CLAIM_TIMEOUT_SECONDS=7200\nSTAFF_IDLE_MINUTES=30\n")) == 1800


def test_the_sweep_runs_often_enough_but_not_more_than_needed():
    assert sweep_interval(300) == 30
    assert sweep_interval(15) == 5
    assert sweep_interval(1) == 1


@pytest.mark.parametrize("name", ["DB_RETRY_SECONDS", "HANDOFF_CLAIM_TIMEOUT_SECONDS"])
def test_values_must_be_positive_whole_numbers(tmp_path, name):
    with pytest.raises(InvalidSetting):
        settings(tmp_path, f"{name}=0\n")
