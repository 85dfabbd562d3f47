"""Builds the Dutch spaCy pipeline that config.yml's SpacyNLP loads by path.

With `nl_core_news_sm` installed the pipeline builds on that model (POS-aware lemmas, NER). Without it
(the usual case offline: the model is not on PyPI) it builds on `spacy.blank("nl")` with the lookup
lemmatizer of spacy-lookups-data. Both get tokenizer cases for the 's-names and an entity ruler that
marks every gemeente, alias and woonplaats from opvang_directory's place data as PLAATS, with the
CBS gm_code(s) as entity id.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from opvang_directory.places import everyday_word_places, place_names

PRETRAINED_MODEL = "nl_core_news_sm"
PLACE_LABEL = "PLAATS"
# Several gemeenten share a surface form (Bergen NH / Bergen L): the ruler's id lists them all.
CODE_SEPARATOR = "|"
BUILD_INFO = "build_info.json"
BUILDER_VERSION = 2


@dataclass(frozen=True)
class BuildReport:
    base: str
    place_patterns: int
    special_cases: int
    path: Path
    rebuilt: bool


def _capital_required(name: str) -> list[dict]:
    """Token pattern: every word in any case except the last, which must be written as in the data."""
    *leading, last = name.split()
    return [{"LOWER": word.lower()} for word in leading] + [{"ORTH": last}]


def place_patterns() -> list[dict]:
    """Phrase patterns matched case-insensitively; places that are also everyday words ("best", "echt",
    "buren") only with their capital ("Best"), so "ik doe mijn best" marks no place."""
    everyday = everyday_word_places()
    codes_by_name: dict[str, set[str]] = defaultdict(set)
    for name, code in place_names():
        codes_by_name[name.strip()].add(code)
    patterns = []
    for name, codes in sorted(codes_by_name.items()):
        if not name:
            continue
        pattern = _capital_required(name) if name.lower() in everyday else name
        patterns.append({"label": PLACE_LABEL, "pattern": pattern, "id": CODE_SEPARATOR.join(sorted(codes))})
    return patterns


def _spelling_variants(name: str) -> set[str]:
    return {name, name.lower(), name[:3] + name[3:4].upper() + name[4:], name.upper()}


def add_s_name_special_cases(nlp: Language, names: set[str]) -> int:
    """Keeps "'s-Hertogenbosch" one token; the blank Dutch tokenizer splits off the apostrophe."""
    added = 0
    for name in names:
        if not name.lower().startswith("'s-") or " " in name:
            continue
        for variant in _spelling_variants(name):
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant}])
            added += 1
    return added


def load_base() -> tuple[Language, str]:
    try:
        return spacy.load(PRETRAINED_MODEL), PRETRAINED_MODEL
    except OSError:
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the Dutch lookup table from spacy-lookups-data
        return nlp, "blank:nl"


def _fingerprint(base: str, patterns: list[dict]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{BUILDER_VERSION}|{base}|{spacy.__version__}".encode())
    digest.update(json.dumps(patterns, sort_keys=True).encode())
    return digest.hexdigest()


def _existing_fingerprint(out_dir: Path) -> str | None:
    try:
        return json.loads((out_dir / BUILD_INFO).read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def expected_base() -> str:
    return PRETRAINED_MODEL if spacy.util.is_package(PRETRAINED_MODEL) else "blank:nl"


def build_pipeline(out_dir: Path, force: bool = False) -> BuildReport:
    patterns = place_patterns()
    base_name = expected_base()
    fingerprint = _fingerprint(base_name, patterns)
    if not force and _existing_fingerprint(out_dir) == fingerprint:
        info = json.loads((out_dir / BUILD_INFO).read_text(encoding="utf-8"))
        return BuildReport(info["base"], info["place_patterns"], info["special_cases"], out_dir, rebuilt=False)

    nlp, base_name = load_base()
    special_cases = add_s_name_special_cases(nlp, {p["pattern"] for p in patterns if isinstance(p["pattern"], str)})
    ruler_position = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}, **ruler_position
    )
    ruler.add_patterns(patterns)
    nlp.meta["name"] = "loverboys_nl"
    nlp.meta["description"] = f"Dutch pipeline for the loverboys assistant, built on {base_name}."

    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    info = {"fingerprint": fingerprint, "base": base_name, "place_patterns": len(patterns),
            "special_cases": special_cases}
    (out_dir / BUILD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
    return BuildReport(base_name, len(patterns), special_cases, out_dir, rebuilt=True)
