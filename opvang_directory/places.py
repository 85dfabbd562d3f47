"""Places: the 342 gemeenten, their regions, aliases, woonplaatsen and 4-digit postcodes.

Pure Python over the reviewable files in `data/` (no database). Public API:

- `place_names()`: every surface form with the gm_code it points to (for gazetteers such as a spaCy entity ruler)
- `resolve_place(text)`: free text -> `PlaceResolution` (found / ambiguous / not_found)
- `gemeente(code_or_name)`: -> `Gemeente` with province, veiligheidsregio and GGD region
- `all_gemeenten()`, `gemeente_for_postcode(pc4)`, `everyday_word_places()`
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import yaml

from .textnorm import Token, normalize_key, strip_accents, tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"
GEMEENTEN_CSV = DATA_DIR / "gemeenten.csv"
PC4_CSV = DATA_DIR / "pc4.csv"
ALIASSEN_YML = DATA_DIR / "aliassen.yml"

FOUND = "found"
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not_found"

# Priority of a surface form: an official name or curated alias beats a woonplaats from pc4.csv.
_TIER_OFFICIAL = 0
_TIER_WOONPLAATS = 1

# Words around a place that make an everyday word count as a place ("ik woon in best").
_PLACE_CONTEXT_WORDS = frozenset(
    "in uit bij nabij naar rond rondom omgeving buurt regio gemeente postcode woonplaats plaats dorp stad "
    "woon woont wonen woonachtig".split()
)
# Words that may stand next to a function word that is a place name when the message is "just the place" ("in Een").
_BARE_PLACE_WORDS = frozenset("in uit gemeente".split())
# Words that may surround a place in a message that is "just the place" ("ik woon in best").
_FILLER_WORDS = frozenset(
    "ik we wij hij zij ze woon woont wonen woonachtig in uit kom komt komen van bij de gemeente plaats regio "
    "omgeving buurt dorp stad postcode mijn zit zitten daar hier ergens rond".split()
)
_DWELLING_WORDS = frozenset("woon woont wonen woonachtig zit zitten".split())
_POSTCODE_WORDS = frozenset("postcode postcodes pc".split())
# two lower-case letters after a number that are a Dutch word, not postcode letters ("tussen 2012 en 2014")
_TWO_LETTER_WORDS = frozenset(
    "en of is in op na om al de te ik je ze we zo nu er ja uw to tm ma di wo do vr za".split()
)
_NOT_A_POSTCODE_AFTER = frozenset(
    "euro eur km kilometer meter m keer kilo gram volgers likes berichten views uur minuten".split()
)
_QUALIFIER_SUFFIX = re.compile(
    r"^(?P<bare>.+?)\s+(?:\((?:[A-Za-z.]{1,4})\)|(?:Gn|Gld|GLD|NB|NH|ZH|L|Ut|Ov|Dr|Fr|Z|O)|gem\.?\s.*)$"
)
_POSTCODE = re.compile(r"(?<![\w\-+/.,:€=?&#])(\d{4})(\s?[A-Za-z]{2})?(?![\w\-/:]|[.,]\d)")
_LONG_NUMBER = re.compile(r"\+?\d[\d \-]{5,}\d")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+", re.IGNORECASE)


class PlaceDataError(ValueError):
    """A place data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    provincie: str
    vr_code: str
    veiligheidsregio: str
    ggd_regio: str


@dataclass(frozen=True)
class PlaceResolution:
    status: str  # "found" | "ambiguous" | "not_found"
    gemeente: Optional[str] = None  # official CBS name when found
    gm_code: Optional[str] = None
    candidates: List[str] = field(default_factory=list)  # official names when ambiguous
    candidate_codes: List[str] = field(default_factory=list)
    matched: Optional[str] = None  # the part of the text that was recognised
    via: Optional[str] = None  # "postcode" | "naam"

    @property
    def found(self) -> bool:
        return self.status == FOUND


@dataclass(frozen=True)
class _Gazetteer:
    gemeenten: Dict[str, Gemeente]
    code_by_official_key: Dict[tuple, str]
    codes_by_key: Dict[tuple, Tuple[str, ...]]  # after priority: the candidates of a surface form
    surface_forms: Tuple[Tuple[str, str], ...]
    pc4: Dict[str, str]
    max_tokens: int
    common_words: FrozenSet[tuple]
    function_words: FrozenSet[tuple]
    province_by_key: Dict[tuple, str]


# ---------------------------------------------------------------- loading


def _read_csv(path: Path) -> List[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load_gemeenten() -> Dict[str, Gemeente]:
    result = {}
    for row in _read_csv(GEMEENTEN_CSV):
        result[row["gm_code"]] = Gemeente(
            code=row["gm_code"],
            naam=row["gemeente"],
            provincie=row["provincie"],
            vr_code=row["vr_code"],
            veiligheidsregio=row["veiligheidsregio"],
            ggd_regio=row["ggd_regio"],
        )
    return result


def _bare_name(name: str) -> Optional[str]:
    """'Hengelo (O.)' -> 'Hengelo', 'Haren Gn' -> 'Haren', 'Spaarndam gem. Haarlem' -> 'Spaarndam'.
    ('Hoogvliet Rotterdam' stays as it is: stripping a trailing gemeente name would also turn 'Nieuwe Pekela'
    into 'Nieuwe'; districts like Hoogvliet are listed in aliassen.yml.)"""
    match = _QUALIFIER_SUFFIX.match(name)
    return match.group("bare") if match else None


def _spelling_variants(surface: str) -> List[str]:
    """Forms a token-based gazetteer needs besides the written one (no accents, hyphen as space)."""
    variants = [surface]
    for candidate in (strip_accents(surface), surface.replace("-", " "), strip_accents(surface).replace("-", " ")):
        if candidate not in variants:
            variants.append(candidate)
    return variants


def _load_aliases(official_code: Dict[str, str]) -> dict:
    try:
        with ALIASSEN_YML.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except yaml.YAMLError as exc:
        raise PlaceDataError(f"{ALIASSEN_YML.name}: geen geldige YAML: {exc}") from exc
    for section in ("aliassen", "ambigu"):
        for naam, names in (data.get(section) or {}).items():
            targets = names if section == "ambigu" else [naam]
            for target in targets:
                if target not in official_code:
                    raise PlaceDataError(
                        f"{ALIASSEN_YML.name}: '{target}' (onder {section}) is geen officiële gemeentenaam "
                        f"uit {GEMEENTEN_CSV.name}"
                    )
    return data


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    gemeenten = _load_gemeenten()
    official_code = {g.naam: g.code for g in gemeenten.values()}
    aliases = _load_aliases(official_code)

    tiered: Dict[tuple, Dict[str, int]] = {}
    written: List[Tuple[str, str]] = []

    def add(surface: str, code: str, tier: int) -> None:
        key = normalize_key(surface)
        if not key:
            return
        codes = tiered.setdefault(key, {})
        codes[code] = min(tier, codes.get(code, tier))
        written.append((surface, code))

    for g in gemeenten.values():
        add(g.naam, g.code, _TIER_OFFICIAL)
        bare = _bare_name(g.naam)
        if bare:
            add(bare, g.code, _TIER_OFFICIAL)
    for row in _read_csv(GEMEENTEN_CSV):
        for term in filter(None, (t.strip() for t in row["zoektermen"].split("|"))):
            add(term, row["gm_code"], _TIER_OFFICIAL)
    for naam, names in (aliases.get("aliassen") or {}).items():
        for alias in names:
            add(str(alias), official_code[naam], _TIER_OFFICIAL)
    for alias, targets in (aliases.get("ambigu") or {}).items():
        for naam in targets:
            add(str(alias), official_code[naam], _TIER_OFFICIAL)

    pc4: Dict[str, str] = {}
    for row in _read_csv(PC4_CSV):
        pc4[row["pc4"]] = row["gm_code"]
        add(row["plaats"], row["gm_code"], _TIER_WOONPLAATS)
        bare = _bare_name(row["plaats"])
        if bare:
            add(bare, row["gm_code"], _TIER_WOONPLAATS)

    province_by_key: Dict[tuple, str] = {}
    for provincie, names in (aliases.get("provincies") or {}).items():
        for name in names:
            province_by_key[normalize_key(str(name))] = provincie
    official_keys = {normalize_key(n): c for n, c in official_code.items()}
    # a province name is never a place by itself ("Zeeland" the village vs the province), unless it is a gemeente;
    # nor are the names under `geen_plaats` ("Nederland")
    never = {normalize_key(str(n)) for n in aliases.get("geen_plaats") or ()}
    for key in list(tiered):
        if (key in province_by_key and key not in official_keys) or key in never:
            del tiered[key]

    codes_by_key = {}
    for key, codes in tiered.items():
        best = min(codes.values())
        codes_by_key[key] = tuple(sorted(c for c, t in codes.items() if t == best))

    seen: Set[Tuple[str, str]] = set()
    surface_forms: List[Tuple[str, str]] = []
    for surface, code in written:
        if code not in codes_by_key.get(normalize_key(surface), ()):
            continue
        for variant in _spelling_variants(surface):
            marker = (variant.lower(), code)
            if marker not in seen:
                seen.add(marker)
                surface_forms.append((variant, code))

    return _Gazetteer(
        gemeenten=gemeenten,
        code_by_official_key=official_keys,
        codes_by_key=codes_by_key,
        surface_forms=tuple(surface_forms),
        pc4=pc4,
        max_tokens=max(len(k) for k in codes_by_key),
        common_words=frozenset(normalize_key(str(w)) for w in aliases.get("gewone_woorden") or ()),
        function_words=frozenset(normalize_key(str(w)) for w in aliases.get("functiewoorden") or ()),
        province_by_key=province_by_key,
    )


# ---------------------------------------------------------------- public lookups


def place_names() -> List[Tuple[str, str]]:
    """Every surface form (official name, alias, woonplaats, plus accent-free and hyphen-free spellings) with the
    gm_code it points to. A form that is ambiguous appears once per candidate. Forms outranked by an official
    name or alias (the village Hoorn on Terschelling vs the gemeente Hoorn) are left out."""
    return list(_gazetteer().surface_forms)


def everyday_word_places() -> FrozenSet[str]:
    """Lower-case place names that are also everyday words ("een", "best", "echt", "buren"). `resolve_place` only
    accepts them with place context; a gazetteer that tags them blindly should confirm them with `resolve_place`."""
    gaz = _gazetteer()
    return frozenset(" ".join(key) for key in gaz.common_words | gaz.function_words if key in gaz.codes_by_key)


def all_gemeenten() -> List[Gemeente]:
    return sorted(_gazetteer().gemeenten.values(), key=lambda g: g.naam)


def gemeente(code_or_name: str) -> Gemeente:
    """Look up by CBS code ('GM0363'), official name, or any alias/woonplaats that resolves unambiguously."""
    gaz = _gazetteer()
    text = (code_or_name or "").strip()
    if text.upper() in gaz.gemeenten:
        return gaz.gemeenten[text.upper()]
    code = gaz.code_by_official_key.get(normalize_key(text))
    if code is None:
        resolution = resolve_place(text)
        code = resolution.gm_code if resolution.status == FOUND else None
    if code is None:
        raise KeyError(f"Onbekende of dubbelzinnige gemeente: {code_or_name!r}")
    return gaz.gemeenten[code]


def gemeente_for_postcode(pc4: str) -> Optional[Gemeente]:
    gaz = _gazetteer()
    code = gaz.pc4.get(str(pc4).strip()[:4])
    return gaz.gemeenten[code] if code else None


# ---------------------------------------------------------------- free-text resolution


def resolve_place(text: str) -> PlaceResolution:
    """Find the gemeente a message talks about: a 4-digit postcode first, else the longest place name."""
    if not text or not text.strip():
        return PlaceResolution(status=NOT_FOUND)
    text = _URL.sub(lambda m: " " * len(m.group()), text)  # web and e-mail addresses are not where someone lives
    return _resolve_postcode(text) or _resolve_name(text) or PlaceResolution(status=NOT_FOUND)


def _found(code: str, matched: str, via: str) -> PlaceResolution:
    naam = _gazetteer().gemeenten[code].naam
    return PlaceResolution(status=FOUND, gemeente=naam, gm_code=code, matched=matched, via=via)


def _words_before(text: str, position: int, count: int) -> List[str]:
    return [t.norm for t in tokenize(text[:position])][-count:]


def _postcode_letters(match: re.Match) -> bool:
    """'4811 AB', '4811AB', '4811 ab' are postcode letters; '2012 en' is a word."""
    letters = match.group(2)
    if not letters:
        return False
    attached = not letters[0].isspace()
    letters = letters.strip()
    return attached or letters.isupper() or letters.lower() not in _TWO_LETTER_WORDS


def _could_be_a_year(text: str, match: re.Match) -> bool:
    """1900-2099 without letters needs a reason to be a postcode: the message is just the number, or it follows
    'postcode' or 'ik woon in'. Otherwise it is read as a year ("in 2020", "ik ben van 2009")."""
    if not 1900 <= int(match.group(1)) <= 2099:
        return False
    before = _words_before(text, match.start(), 2)
    if before and before[-1] in _POSTCODE_WORDS:
        return False
    if len(before) == 2 and before[-1] in ("in", "te") and before[0] in _DWELLING_WORDS:
        return False
    others = [t.norm for t in tokenize(text[: match.start()] + " " + text[match.end():])]
    return not all(word in _FILLER_WORDS for word in others)


def _resolve_postcode(text: str) -> Optional[PlaceResolution]:
    gaz = _gazetteer()
    for match in _POSTCODE.finditer(text):
        with_letters = _postcode_letters(match)
        after = tokenize(text[match.end():])
        if not with_letters:
            if after and after[0].norm in _NOT_A_POSTCODE_AFTER:
                continue
            if _could_be_a_year(text, match):
                continue
        if text[: match.start()].rstrip().endswith("€"):
            continue
        code = gaz.pc4.get(match.group(1))
        if code:
            matched = match.group(0) if with_letters else match.group(1)
            return _found(code, matched, "postcode")
    return None


def _blank_long_numbers(text: str) -> str:
    """Phone numbers must not feed '020' or '010' into place matching."""
    def blank(match: re.Match) -> str:
        digits = sum(ch.isdigit() for ch in match.group())
        return " " * len(match.group()) if digits >= 7 else match.group()

    return _LONG_NUMBER.sub(blank, text)


def _is_sentence_start(text: str, token: Token) -> bool:
    before = text[: token.start].rstrip()
    return not before or before[-1] in ".!?\n"


def _match_strength(text: str, tokens: Sequence[Token], start: int, length: int) -> int:
    """0: not a place here; 1: an everyday word accepted by its context; 2: a place name."""
    gaz = _gazetteer()
    key = tuple(t.norm for t in tokens[start : start + length])
    if key not in gaz.function_words and key not in gaz.common_words:
        return 2
    first = tokens[start]
    capitalised = first.raw[:1].isupper() and not _is_sentence_start(text, first)
    rest = [t.norm for i, t in enumerate(tokens) if not start <= i < start + length]
    if key in gaz.function_words:
        accepted = capitalised or all(word in _BARE_PLACE_WORDS for word in rest)
    else:
        previous = tokens[start - 1].norm if start > 0 else None
        accepted = capitalised or previous in _PLACE_CONTEXT_WORDS or all(word in _FILLER_WORDS for word in rest)
    return 1 if accepted else 0


def _mentioned_provinces(tokens: Sequence[Token]) -> Set[str]:
    gaz = _gazetteer()
    norms = [t.norm for t in tokens]
    found = set()
    for key, provincie in gaz.province_by_key.items():
        for i in range(len(norms) - len(key) + 1):
            if tuple(norms[i : i + len(key)]) == key:
                found.add(provincie)
    return found


def _resolve_name(text: str) -> Optional[PlaceResolution]:
    gaz = _gazetteer()
    cleaned = _blank_long_numbers(text)
    tokens = tokenize(cleaned)
    norms = [t.norm for t in tokens]
    best: Optional[Tuple[int, int, int]] = None  # (length, strength, -start): longest, then a real name, then first
    for start in range(len(tokens)):
        for length in range(min(gaz.max_tokens, len(tokens) - start), 0, -1):
            if tuple(norms[start : start + length]) not in gaz.codes_by_key:
                continue
            strength = _match_strength(cleaned, tokens, start, length)
            if strength and (best is None or (length, strength, -start) > best):
                best = (length, strength, -start)
            if strength:
                break
    if best is None:
        return None
    length, start = best[0], -best[2]
    matched = cleaned[tokens[start].start : tokens[start + length - 1].end]
    codes = list(gaz.codes_by_key[tuple(norms[start : start + length])])
    if len(codes) > 1:
        provinces = _mentioned_provinces(tokens[:start] + tokens[start + length :])
        narrowed = [c for c in codes if gaz.gemeenten[c].provincie in provinces]
        codes = narrowed or codes
    if len(codes) == 1:
        return _found(codes[0], matched, "naam")
    ordered = sorted(codes, key=lambda c: gaz.gemeenten[c].naam)
    return PlaceResolution(
        status=AMBIGUOUS,
        candidates=[gaz.gemeenten[c].naam for c in ordered],
        candidate_codes=ordered,
        matched=matched,
        via="naam",
    )
