"""The training data (data/nlu/) and the held-out data (tests/nlu/, tests/data/crisis/) as issue #3 asks:
enough examples per intent and per signal, valid labels, a held-out set of at least a quarter of the training
size, and no held-out message that is also a training message. Plain YAML, no Rasa."""
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.privacy.false_redactions import strip_markup
from bot.settings import PROJECT_ROOT
from bot.triage.signalen import catalogue

TRAINING = PROJECT_ROOT / "data" / "nlu"
HELD_OUT = PROJECT_ROOT / "tests" / "nlu"
CRISIS_SETS = PROJECT_ROOT / "tests" / "data" / "crisis"
ROLLEN = {"jongere", "ouder", "omstander", "professional"}


def examples(folder: Path) -> list[tuple[str, str, dict]]:
    """(intent, text, metadata) of every example in the folder's NLU files."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue  # synonyms, lookup tables
            listed = block["examples"]
            if isinstance(listed, str):
                listed = [{"text": line[2:]} for line in listed.splitlines() if line.startswith("- ")]
            for example in listed:
                found.append((block["intent"], example["text"], example.get("metadata") or {}))
    return found


def signal_codes() -> set[str]:
    return set(catalogue())


def crisis_set_texts() -> list[str]:
    """The messages of the dedicated crisis test sets (tests/data/crisis/), crisis and not."""
    return [text for name in ("crisis.yml", "niet_crisis.yml")
            for texts in yaml.safe_load((CRISIS_SETS / name).read_text(encoding="utf-8")).values()
            for text in texts]


def normalised(text: str) -> str:
    text = strip_markup(text)  # entity markup [Utrecht](PLAATS)
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def training():
    return examples(TRAINING)


@pytest.fixture(scope="module")
def held_out():
    return examples(HELD_OUT)


def test_every_intent_has_40_examples_and_every_signal_15(training):
    codes = signal_codes()
    per_intent = Counter(intent for intent, _, _ in training)
    per_signal = Counter(code for _, _, meta in training for code in meta.get("signalen", []))
    assert {i: n for i, n in per_intent.items() if n < 40} == {}
    assert {c: per_signal[c] for c in codes if per_signal[c] < 15} == {}


@pytest.mark.parametrize("which", ["training", "held_out"])
def test_labels_are_known_codes_and_roles(which, request):
    codes = signal_codes()
    data = request.getfixturevalue(which)
    assert [(t, c) for _, t, meta in data for c in meta.get("signalen", []) if c not in codes] == []
    assert [(t, meta["rol"]) for _, t, meta in data if "rol" in meta and meta["rol"] not in ROLLEN] == []


def test_held_out_is_at_least_a_quarter_of_the_training_data(training, held_out):
    crisis = len(crisis_set_texts())
    assert len(held_out) + crisis >= 0.25 * len(training), (len(held_out), crisis, len(training))


def test_no_held_out_message_is_a_training_message(training, held_out):
    seen = {normalised(text) for _, text, _ in training}
    crisis = crisis_set_texts()
    # Two-word greetings and the like are bound to repeat; longer messages must not.
    shared = [text for text in [t for _, t, _ in held_out] + crisis
              if len(normalised(text).split()) >= 4 and normalised(text) in seen]
    assert shared == []
