"""Rule-based crisis detector: the safety net that a machine-learning classifier can never outvote.

`detect_crisis(text)` tells whether a message shows danger now ("gevaar": held, forced, threatened or hurt right
now) or thoughts of suicide or self-harm ("suicide"). The rules live in crisis_patterns.yml, where that file's
header explains how they are applied; this module only loads and runs them.

Decisions (see also the headers of tests/data/crisis/*.yml):
- Danger now outranks suicide as the primary `kind`; `kinds` lists every kind that fired, so a reply can give
  both 112 and 113.
- Someone asking about another person's suicidal thoughts or self-harm ("wat moet ik doen als iemand zelfmoord
  wil plegen") is "suicide" too: 113 also advises people who worry about someone.
- Threats on a condition or about the future ("hij dreigt mijn naaktfoto's te verspreiden") and past or habitual
  violence are signals for the risico, not a crisis.
- When in doubt the rules fire: a false alarm costs an extra line with 112/113, a miss can cost a life.
- A crisis also tells which warning signals the message shows for certain: every "suicide" rule means
  `zelfbeschadiging` (thoughts of suicide or self-harm, docs/evaluation/annotation.md), and a "gevaar" rule may
  name one with `signaal` (being hit, held or threatened now is `dreiging_geweld`). The assistant records these
  next to what the signal classifier found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.triage.normalise import normalise_variants

KINDS = ("gevaar", "suicide")
SIGNAAL_OF_KIND = {"suicide": "zelfbeschadiging"}
PATTERNS_FILE = Path(__file__).with_name("crisis_patterns.yml")

_PLACEHOLDER = re.compile(r"<([A-Z_]+)>")


@dataclass(frozen=True)
class CrisisResult:
    """What the detector found. `matched_rule` names the rule (for evaluation); the text is never kept."""

    kind: str | None = None
    matched_rule: str | None = None
    kinds: tuple[str, ...] = ()
    signalen: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        return self.kind is not None


@dataclass(frozen=True)
class Suppressor:
    name: str
    patterns: tuple[re.Pattern, ...]
    before: int
    after: int
    exceptions: tuple[re.Pattern, ...]

    def applies(self, text: str, start: int, end: int) -> bool:
        if any(pattern.search(text) for pattern in self.exceptions):
            return False
        window = text[_word_start(text, start - self.before) : _word_end(text, end + self.after)]
        return any(pattern.search(window) for pattern in self.patterns)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    patterns: tuple[re.Pattern, ...]
    requires: tuple[re.Pattern, ...]
    suppressors: tuple[Suppressor, ...]
    signaal: str | None = None

    def fires(self, text: str) -> bool:
        if self.requires and not any(pattern.search(text) for pattern in self.requires):
            return False
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                if not any(s.applies(text, match.start(), match.end()) for s in self.suppressors):
                    return True
        return False


def detect_crisis(text: str) -> CrisisResult:
    variants = normalise_variants(text or "")
    fired: dict[str, str] = {}
    signalen: dict[str, None] = {}
    for rule in crisis_rules():
        # Once a kind fired, its later rules only matter for a signal not found yet.
        if rule.kind in fired and (rule.signaal is None or rule.signaal in signalen):
            continue
        if any(rule.fires(variant) for variant in variants):
            fired.setdefault(rule.kind, rule.name)
            for signaal in (rule.signaal, SIGNAAL_OF_KIND.get(rule.kind)):
                if signaal:
                    signalen[signaal] = None
    if not fired:
        return CrisisResult()
    kinds = tuple(kind for kind in KINDS if kind in fired)
    return CrisisResult(kind=kinds[0], matched_rule=fired[kinds[0]], kinds=kinds, signalen=tuple(signalen))


@lru_cache(maxsize=1)
def crisis_rules() -> tuple[Rule, ...]:
    """All rules, gevaar first, in file order."""
    return load_rules(PATTERNS_FILE)


def load_rules(path: Path) -> tuple[Rule, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabulary = _expand_vocabulary(data.get("vocabulary", {}))
    suppressors = {
        name: _build_suppressor(name, spec, vocabulary) for name, spec in data.get("suppressors", {}).items()
    }
    unknown_sections = set(data) - {"vocabulary", "suppressors", *KINDS}
    if unknown_sections:
        raise ValueError(f"{path.name}: unknown sections {sorted(unknown_sections)}")
    rules = [
        _build_rule(kind, spec, vocabulary, suppressors) for kind in KINDS for spec in data.get(kind, [])
    ]
    names = [rule.name for rule in rules]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"{path.name}: duplicate rule names {sorted(duplicates)}")
    return tuple(rules)


RULE_KEYS = {"name", "why", "patterns", "requires", "unless", "signaal"}
SUPPRESSOR_KEYS = {"why", "before", "after", "patterns", "except"}


def _check_keys(what: str, spec: dict, allowed: set[str]) -> None:
    # A misspelt key (say "unles") would silently drop a suppressor or a condition.
    unknown = set(spec) - allowed
    if unknown:
        raise ValueError(f"{what}: unknown keys {sorted(unknown)}")


def _build_rule(kind: str, spec: dict, vocabulary: dict[str, str], suppressors: dict[str, Suppressor]) -> Rule:
    _check_keys(f"rule {spec.get('name')}", spec, RULE_KEYS)
    missing = [name for name in spec.get("unless", []) if name not in suppressors]
    if missing:
        raise ValueError(f"rule {spec['name']}: unknown suppressors {missing}")
    return Rule(
        name=spec["name"],
        kind=kind,
        patterns=_compile_all(spec["patterns"], vocabulary),
        requires=_compile_all(spec.get("requires", []), vocabulary),
        suppressors=tuple(suppressors[name] for name in spec.get("unless", [])),
        signaal=spec.get("signaal"),
    )


def _build_suppressor(name: str, spec: dict, vocabulary: dict[str, str]) -> Suppressor:
    _check_keys(f"suppressor {name}", spec, SUPPRESSOR_KEYS)
    return Suppressor(
        name=name,
        patterns=_compile_all(spec["patterns"], vocabulary),
        before=int(spec.get("before", 40)),
        after=int(spec.get("after", 40)),
        exceptions=_compile_all(spec.get("except", []), vocabulary),
    )


def _expand_vocabulary(raw: dict[str, str]) -> dict[str, str]:
    expanded: dict[str, str] = {}
    for name in raw:
        expanded[name] = _substitute(raw[name], raw, seen=(name,))
    return expanded


def _substitute(pattern: str, vocabulary: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in vocabulary:
            raise ValueError(f"unknown placeholder <{name}> in {pattern!r}")
        if name in seen:
            raise ValueError(f"placeholder <{name}> refers to itself")
        return _substitute(vocabulary[name], vocabulary, seen + (name,))

    return _PLACEHOLDER.sub(replace, pattern)


def _compile_all(patterns: list[str], vocabulary: dict[str, str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(_substitute(pattern, vocabulary)) for pattern in patterns)


def _word_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    return text.rfind(" ", 0, index) + 1


def _word_end(text: str, index: int) -> int:
    end = text.find(" ", index)
    return len(text) if end == -1 else end
