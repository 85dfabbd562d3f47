"""Word lists for redaction: first names, surnames, street suffixes and the words that are never a name.

The lists are reviewable text files in data/ (one entry a line, '#' starts a comment). Every lookup goes
through `name_key()`: lower case without accents, so "Zoë", "zoe" and "ZOË" are one key. Place names come
from opvang_directory.places, the names of the help services from opvang_directory/seed/*.yml.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from opvang_directory.places import place_names

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_DIR = Path(__file__).resolve().parents[2] / "opvang_directory" / "seed"

# Particles between a first name and a surname ("de Vries", "van der Meer", "El Amrani", "ter Horst").
TUSSENVOEGSELS = frozenset(
    "van de der den het 't ter ten te in op uit aan bij la le du da di del della dos das von vd el al bin ibn "
    "abu ait ben".split()
)
# Particles that only count in a longer tussenvoegsel ("in 't Veld", "op de Beek"), never on their own:
# "Lisa in Amsterdam" is not a surname.
TUSSENVOEGSEL_NOT_ALONE = frozenset("in op uit aan bij te het 't".split())

# Letters that NFKD does not decompose.
_EXTRA_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                                "’": "'", "‘": "'", "`": "'", "´": "'"})


def name_key(word: str) -> str:
    """Lower case, accents stripped, curly apostrophes straightened."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_EXTRA_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def read_list(filename: str) -> list[str]:
    """The entries of one data file, comments and blank lines dropped."""
    entries = []
    for line in (DATA_DIR / filename).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    return frozenset(name_key(name) for name in read_list("voornamen.txt"))


@dataclass(frozen=True)
class Surnames:
    bare: frozenset[str]    # surnames without tussenvoegsel: "jansen", "yilmaz"
    heads: frozenset[str]   # the part after a tussenvoegsel: "vries" of "de Vries", "amrani" of "El Amrani"


@lru_cache(maxsize=None)
def surnames() -> Surnames:
    bare, heads = set(), set()
    for entry in read_list("achternamen.txt"):
        words = name_key(entry).split()
        while len(words) > 1 and words[0] in TUSSENVOEGSELS:
            words = words[1:]
        head = " ".join(words)
        (heads if len(name_key(entry).split()) > len(words) else bare).add(head)
    return Surnames(frozenset(bare), frozenset(heads))


@lru_cache(maxsize=None)
def ordinary_names() -> frozenset[str]:
    """Names that are also ordinary words: a name only when capitalised mid-sentence or in a naming context."""
    return frozenset(name_key(word) for word in read_list("ook_gewone_woorden.txt"))


@lru_cache(maxsize=None)
def _common_entries() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    words, phrases = set(), set()
    for entry in read_list("gewone_woorden.txt"):
        key = name_key(entry)
        (phrases.add(tuple(key.split())) if " " in key else words.add(key))
    return frozenset(words | organisation_words()), frozenset(phrases)


def common_words() -> frozenset[str]:
    """Words that are never a name, surname or handle on their own (plus the help services' name words)."""
    return _common_entries()[0]


def common_phrases() -> frozenset[tuple[str, ...]]:
    """Multi-word entries of gewone_woorden.txt ("hugo boss"): never a person."""
    return _common_entries()[1]


@lru_cache(maxsize=None)
def street_suffixes() -> dict[str, bool]:
    """Street-name ending -> whether a lowercase word with that ending counts ("dorpsstraat 4")."""
    result = {}
    for entry in read_list("straat_achtervoegsels.txt"):
        parts = entry.split()
        result[name_key(parts[0])] = "hoofdletter" not in parts[1:]
    return result


@lru_cache(maxsize=None)
def street_suffix_lengths() -> tuple[int, ...]:
    """The lengths of the endings, longest first ("straatweg" is tried before "weg")."""
    return tuple(sorted({len(suffix) for suffix in street_suffixes()}, reverse=True))


@lru_cache(maxsize=None)
def not_streets() -> frozenset[str]:
    return frozenset(name_key(word) for word in read_list("geen_straten.txt"))


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Every place surface form (gemeenten, aliases, woonplaatsen), as name keys; multi-word forms with spaces."""
    return frozenset(place_key(surface) for surface, _code in place_names())


def place_key(word: str) -> str:
    """The form places() uses: "'s-Hertogenbosch" -> "s hertogenbosch", "Nieuw-Vennep" -> "nieuw vennep"."""
    key = name_key(word).replace("-", " ").replace("'", " ").replace(".", " ")
    return " ".join(key.split())


@lru_cache(maxsize=None)
def multiword_starts() -> dict[str, frozenset[int]]:
    """First word -> word counts of the multi-word places ("den bosch") and common phrases ("hugo boss")."""
    starts: dict[str, set[int]] = {}
    for phrase in [place.split() for place in places()] + [list(p) for p in common_phrases()]:
        if len(phrase) > 1:
            starts.setdefault(phrase[0], set()).add(len(phrase))
    return {word: frozenset(lengths) for word, lengths in starts.items()}


@lru_cache(maxsize=None)
def seed_documents() -> tuple[dict, ...]:
    """The parsed opvang_directory/seed/*.yml files."""
    documents = []
    for path in sorted(SEED_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict):
            documents.append(document)
    return tuple(documents)


def walk_seed(node):
    """Every dict in the seed documents, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk_seed(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from walk_seed(value)


@lru_cache(maxsize=None)
def organisation_words() -> frozenset[str]:
    """Words of the help services' names in the seed files ("Fier", "Kindertelefoon", "Asja")."""
    words = set()
    for entry in walk_seed(seed_documents()):
        name = entry.get("naam")
        if isinstance(name, str):
            for word in name.replace("(", " ").replace(")", " ").replace("-", " ").split():
                key = name_key(word.strip(".,"))
                if key.isalpha() and len(key) > 2:
                    words.add(key)
    return frozenset(words)


@lru_cache(maxsize=None)
def dutch_words() -> frozenset[str]:
    """Every Dutch word form and lemma of spaCy's Dutch lookup table (spacy-lookups-data, ~319,000).

    A capitalised word in the middle of a sentence that is none of these, nor a place, a listed common
    word or a help service, is almost always a name ("ik heb Dylano gezegd"); see redact.py.
    """
    import spacy_lookups_data
    import srsly

    table = srsly.read_gzip_json(Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz")
    return frozenset(name_key(word) for pair in table.items() for word in pair)
