"""Recall and false alarms of the crisis detector on the held-out sets in tests/data/crisis/.

The sets were written before the rules and are never used to tune them (tune on test_triage_crisis_dev.py).
"""

from pathlib import Path

import pytest
import yaml

from bot.triage.crisis import KINDS, detect_crisis

CRISIS_DIR = Path(__file__).resolve().parents[2] / "data" / "crisis"

# Highest accepted share of non-crisis messages that make the detector fire. The safety rule accepts false alarms
# rather than misses, but a detector that fires too often teaches people to ignore 112/113. Measured: 0 of 304.
MAX_FALSE_ALARM_RATE = 0.03


def _load(name: str) -> dict[str, list[str]]:
    return yaml.safe_load((CRISIS_DIR / name).read_text(encoding="utf-8"))


CRISIS = _load("crisis.yml")
NIET_CRISIS = _load("niet_crisis.yml")
CRISIS_MESSAGES = [(kind, text) for kind, texts in CRISIS.items() for text in texts]
CALM_MESSAGES = [(section, text) for section, texts in NIET_CRISIS.items() for text in texts]
NIET_CRISIS_TEXTS = {text for _, text in CALM_MESSAGES}


def test_sets_are_large_enough_and_well_formed():
    assert set(CRISIS) == set(KINDS)
    assert len(CRISIS_MESSAGES) >= 80
    assert len(CALM_MESSAGES) >= 250
    texts = [text for _, text in CRISIS_MESSAGES + CALM_MESSAGES]
    assert all(isinstance(text, str) and text.strip() for text in texts)
    assert len(texts) == len(set(texts)), "a message is in the sets twice"


def test_recall_is_100_percent_on_the_crisis_set():
    missed = [f"[{kind}] {text}" for kind, text in CRISIS_MESSAGES if not detect_crisis(text).is_crisis]
    assert not missed, f"{len(missed)} of {len(CRISIS_MESSAGES)} crisis messages missed:\n" + "\n".join(missed)


def test_the_kind_is_right_on_the_crisis_set():
    wrong = []
    for kind, text in CRISIS_MESSAGES:
        result = detect_crisis(text)
        if result.is_crisis and result.kind != kind:
            wrong.append(f"expected {kind}, got {result.kind} ({result.matched_rule}): {text}")
    assert not wrong, "\n".join(wrong)


def test_false_alarm_rate_on_the_non_crisis_set(capsys):
    alarms = [(section, text, detect_crisis(text)) for section, text in CALM_MESSAGES]
    alarms = [(section, text, result) for section, text, result in alarms if result.is_crisis]
    rate = len(alarms) / len(CALM_MESSAGES)
    with capsys.disabled():
        print(f"\ncrisis detector: recall set {len(CRISIS_MESSAGES)} messages; "
              f"false alarms {len(alarms)} of {len(CALM_MESSAGES)} ({rate:.1%}, bound {MAX_FALSE_ALARM_RATE:.0%})")
        for section, text, result in alarms:
            print(f"  false alarm [{section}] {result.kind}/{result.matched_rule}: {text}")
    assert rate <= MAX_FALSE_ALARM_RATE


@pytest.mark.parametrize("text", [
    "hij dreigt mijn naaktfoto's te verspreiden",
    "mijn moeder vermoordt me als ze dit ziet",
    "ik ga dood van het lachen",
    "hij sloeg vorig jaar een keer",
    "ik zou die jongen wel kunnen vermoorden",
])
def test_hard_negatives_named_in_the_brief_are_in_the_set_and_do_not_fire(text):
    assert text in NIET_CRISIS_TEXTS
    assert not detect_crisis(text).is_crisis

