import random

import pytest

from bot.triage.risico import compute_risico, merge_signalen
from bot.triage.signalen import catalogue


@pytest.mark.parametrize(
    "signalen, acuut, expected",
    [
        ([], False, None),
        (["onbekende_code"], False, None),
        (["controle"], False, "laag"),
        (["school_verzuim"], False, "laag"),
        (["controle", "controle"], False, "laag"),
        (["controle", "isolatie"], False, "verhoogd"),
        (["oudere_vriend", "geheimzinnig"], False, "verhoogd"),
        (["oudere_vriend", "geheimzinnig", "weglopen", "middelengebruik"], False, "verhoogd"),
        (["naaktbeelden_chantage"], False, "hoog"),
        (["controle", "isolatie", "geld_afstaan"], False, "hoog"),
        (["criminele_uitbuiting", "onbekende_code"], False, "hoog"),
        (["zelfbeschadiging"], False, "hoog"),
        (["zelfbeschadiging", "controle"], False, "hoog"),
        ([], True, "acuut"),
        (["controle"], True, "acuut"),
        (["dreiging_geweld"], True, "acuut"),
    ],
)
def test_risico_rules(signalen, acuut, expected):
    assert compute_risico(signalen, acuut=acuut) == expected


def test_risico_accepts_any_iterable():
    assert compute_risico(iter(("controle", "isolatie"))) == "verhoogd"
    assert compute_risico(("seks_met_anderen",)) == "hoog"


def test_merge_keeps_order_and_adds_new_known_codes():
    assert merge_signalen(["controle"], ["isolatie", "controle", "oudere_vriend"]) == [
        "controle", "isolatie", "oudere_vriend"]


def test_merge_ignores_unknown_new_codes():
    assert merge_signalen(["controle"], ["loverboy", "", "isolatie"]) == ["controle", "isolatie"]


def test_merge_never_drops_an_existing_code_even_an_unknown_one():
    assert merge_signalen(["oude_code", "controle"], []) == ["oude_code", "controle"]


def test_merge_handles_an_empty_slot():
    assert merge_signalen(None, ["weglopen"]) == ["weglopen"]
    assert merge_signalen([], []) == []


def test_merge_does_not_change_its_input():
    existing = ["controle"]
    merge_signalen(existing, ["isolatie"])
    assert existing == ["controle"]


def test_merge_never_drops_over_many_random_turns():
    codes = list(catalogue()) + ["onbekend", "x"]
    rng = random.Random(7)
    slot: list[str] = []
    seen_known: list[str] = []
    for _ in range(300):
        new = rng.sample(codes, rng.randint(0, 4))
        before = list(slot)
        slot = merge_signalen(slot, new)
        assert slot[: len(before)] == before
        assert len(slot) == len(set(slot))
        seen_known += [c for c in new if c in catalogue() and c not in seen_known]
        assert set(slot) == set(seen_known)
