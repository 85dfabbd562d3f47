import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.triage import crisis
from bot.triage.crisis import KINDS, CrisisResult, crisis_rules, detect_crisis, load_rules

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_rules_load_with_unique_names_and_known_kinds():
    rules = crisis_rules()
    assert {rule.kind for rule in rules} == set(KINDS)
    assert len({rule.name for rule in rules}) == len(rules)
    assert [rule.kind for rule in rules] == sorted((rule.kind for rule in rules), key=KINDS.index)


def test_result_names_the_rule_and_never_keeps_the_text():
    text = "ik wil er niet meer zijn"
    result = detect_crisis(text)
    assert result == CrisisResult(kind="suicide", matched_rule=result.matched_rule, kinds=("suicide",),
                                  signalen=("zelfbeschadiging",))
    assert result.matched_rule in {rule.name for rule in crisis_rules()}
    assert all(text not in str(value) for value in dataclasses.asdict(result).values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kind = None


def test_no_crisis_gives_an_empty_result():
    assert detect_crisis("hoi, wat is een loverboy?") == CrisisResult()
    assert not detect_crisis("").is_crisis
    assert not detect_crisis(None).is_crisis


def test_danger_now_comes_first_and_both_kinds_are_reported():
    result = detect_crisis("hij slaat me en ik wil dood")
    assert result.kind == "gevaar"
    assert result.kinds == ("gevaar", "suicide")
    assert set(result.signalen) == {"dreiging_geweld", "zelfbeschadiging"}


@pytest.mark.parametrize("text, signalen", [
    ("ik wil niet meer leven", ("zelfbeschadiging",)),
    ("hij houdt me vast in zijn flat en ik kan niet weg", ("dreiging_geweld",)),
    ("help er staat iemand met een mes voor me", ("dreiging_geweld",)),
    ("ik ben in gevaar", ()),  # danger, but which signal is not said
    ("ik moet nu met een man mee en ik wil niet", ()),  # forced, without hold or threat
])
def test_a_crisis_names_only_the_signals_it_shows_for_certain(text, signalen):
    result = detect_crisis(text)
    assert result.is_crisis and result.signalen == signalen


def test_every_signaal_of_a_rule_is_a_known_signal_code():
    from bot.triage.signalen import catalogue

    named = {rule.signaal for rule in crisis_rules() if rule.signaal} | set(crisis.SIGNAAL_OF_KIND.values())
    assert named and named <= set(catalogue())


@pytest.mark.parametrize("text, kind", [
    ("wat moet ik doen als iemand zelfmoord wil plegen", "suicide"),
    ("mijn vriendin zegt dat ze zichzelf snijdt, hoe help ik haar", "suicide"),
    ("mijn vriendin wordt nu in een auto getrokken", "gevaar"),
])
def test_someone_else_in_crisis_counts(text, kind):
    assert detect_crisis(text).kind == kind


def _write(tmp_path, body: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_rule_with_an_unknown_suppressor_is_refused(tmp_path):
    path = _write(tmp_path, "gevaar:\n  - name: r\n    patterns: ['x']\n    unless: [nope]\n")
    with pytest.raises(ValueError, match="nope"):
        load_rules(path)


def test_an_unknown_placeholder_is_refused(tmp_path):
    path = _write(tmp_path, "suicide:\n  - name: r\n    patterns: ['<NOPE>']\n")
    with pytest.raises(ValueError, match="NOPE"):
        load_rules(path)


def test_a_misspelt_key_is_refused(tmp_path):
    path = _write(tmp_path, "gevaar:\n  - name: r\n    patterns: ['x']\n    unles: []\n")
    with pytest.raises(ValueError, match="unles"):
        load_rules(path)


def test_duplicate_rule_names_are_refused(tmp_path):
    path = _write(tmp_path, "gevaar:\n  - {name: r, patterns: ['a']}\nsuicide:\n  - {name: r, patterns: ['b']}\n")
    with pytest.raises(ValueError, match="duplicate"):
        load_rules(path)


def test_suppressor_window_and_exception(tmp_path):
    path = _write(tmp_path, """
suppressors:
  past:
    before: 20
    after: 0
    patterns: ['\\bvroeger\\b']
    except: ['\\bweer\\b']
suicide:
  - name: cut
    patterns: ['\\bsnij\\b']
    unless: [past]
""")
    (rule,) = load_rules(path)
    assert rule.fires("ik snij")
    assert not rule.fires("vroeger snij ik")
    assert rule.fires("vroeger snij ik en nu weer")
    assert rule.fires("snij ik en dat deed ik vroeger ook")  # after-window is 0


def test_module_is_light_to_import():
    code = ("import sys, time; t = time.perf_counter(); import bot.triage.crisis, bot.triage.risico, "
            "bot.triage.normalise; bot.triage.crisis.detect_crisis('x'); "
            "heavy = [m for m in ('rasa', 'rasa_sdk', 'tensorflow', 'spacy') if m in sys.modules]; "
            "print(heavy, time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    heavy, seconds = out.stdout.rsplit(" ", 1)
    assert heavy == "[]"
    assert float(seconds) < 1.0


def test_detection_is_fast():
    crisis_rules()
    start = time.perf_counter()
    for _ in range(200):
        detect_crisis("ik weet echt niet meer wat ik moet doen, hij zegt dat ik vanavond weer met iemand mee moet")
    assert (time.perf_counter() - start) / 200 < 0.01


def test_patterns_file_is_next_to_the_module():
    assert crisis.PATTERNS_FILE.exists()
    assert crisis.PATTERNS_FILE.parent == Path(crisis.__file__).parent


@pytest.mark.parametrize("text, kind", [
    ("help hij slaat me", "gevaar"),
    ("ik word vastgehouden", "gevaar"),
    ("ik kan niet weg", "gevaar"),
    ("hij staat voor de deur en dreigt", "gevaar"),
    ("help meeee", "gevaar"),
    ("he is hurting me rn", "gevaar"),
    ("ik wil dood", "suicide"),
    ("ik wil dooood", "suicide"),
    ("ik wil er niet meer zijn", "suicide"),
    ("ik snij mezelf", "suicide"),
    ("kill myself", "suicide"),
    ("kms", "suicide"),
    ("i want to die", "suicide"),
    ("ik zie het niet meer zitten", "suicide"),
    ("wil niet meer leven", "suicide"),
    ("wil nie meer leve", "suicide"),
    ("pillen ingenomen", "suicide"),
    ("ik wil gewoon slapen en nooit meer wakker worden", "suicide"),
    ("iedereen is beter af zonder mij", "suicide"),
    ("ik heb een afscheidsbrief geschreven", "suicide"),
    ("wat moet ik doen als iemand wil zelfmoord plegen", "suicide"),
    ("ik wl dood 😭", "suicide"),
])
def test_examples_from_the_brief_fire(text, kind):
    assert detect_crisis(text).kind == kind


@pytest.mark.parametrize("text", [
    "mijn moeder vermoordt me als ze dit ziet",
    "ik ga dood van het lachen",
    "doodmoe",
    "ik schaam me dood",
    "die film was killing",
    "ik zou die jongen wel kunnen vermoorden",
    "hij sloeg vorig jaar een keer",
    "hij dreigt mijn naaktfoto's te verspreiden",
])
def test_examples_from_the_brief_do_not_fire(text):
    assert not detect_crisis(text).is_crisis


@pytest.mark.parametrize("text, kind", [
    ("mijn zoon komt zijn kamer niet meer uit sinds hij die jongens kent", None),  # withdrawal, not held
    ("ze laten me de kamer niet uit", "gevaar"),
    ("ik kom mijn kamer niet uit want hij staat beneden met een mes", "gevaar"),
    ("ze moet van hem stoppen met hockey want die trainer snapt het niet", None),  # Dutch "want die"
    ("i want die", "suicide"),
    ("mn oom van 30 neemt me mee naar ajax, hij is echt de beste", None),  # an outing, not taken away
    ("hij neemt me mee shoppen en betaalt alles", None),
    ("ze nemen me mee in de auto en ik wil niet", "gevaar"),
    ("ze brengen me ergens heen en ik weet niet waar", "gevaar"),
    ("i just want to die", "suicide"),
])
def test_idioms_that_look_like_a_crisis_and_the_crises_next_to_them(text, kind):
    assert detect_crisis(text).kind == kind
