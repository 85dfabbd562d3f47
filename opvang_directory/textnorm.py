"""Text normalisation shared by place resolution and validation."""
from __future__ import annotations

import re
import unicodedata
from typing import List, NamedTuple

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Token rewrites applied on both sides (place names and user text).
_TOKEN_REWRITES = {"st": "sint"}


class Token(NamedTuple):
    norm: str
    start: int
    end: int
    raw: str


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_word(word: str) -> str:
    norm = strip_accents(word).lower()
    return _TOKEN_REWRITES.get(norm, norm)


def tokenize(text: str) -> List[Token]:
    """Split into word tokens; punctuation, apostrophes and hyphens separate words."""
    return [
        Token(normalize_word(m.group()), m.start(), m.end(), m.group())
        for m in _WORD.finditer(text)
    ]


def normalize_key(text: str) -> tuple:
    """Case-, accent- and punctuation-insensitive key of a name."""
    return tuple(tok.norm for tok in tokenize(text))
