"""Recognises messages in which not a single word resembles the training data (gibberish, keyboard mash,
an unknown language). A neural classifier still picks an intent for those, often with high confidence,
so this check lets the assistant say honestly that it did not understand.

Pure Python: the Rasa component in components/vocabulary_guard.py only feeds it tokens.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

_LETTERS = re.compile(r"[^a-z]")
_REPEATS = re.compile(r"(.)\1{2,}")
# Words this short are too easily "near" a known word to count as evidence either way.
MIN_FUZZY_LENGTH = 4


def normalise_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _REPEATS.sub(r"\1\1", _LETTERS.sub("", ascii_only))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    near_keys: frozenset[str]  # every word and every word with one letter deleted

    @classmethod
    def from_words(cls, words: Iterable[str]) -> "Vocabulary":
        normalised = {w for w in (normalise_word(word) for word in words) if w}
        keys = set(normalised)
        for word in normalised:
            if len(word) >= MIN_FUZZY_LENGTH:
                keys |= _deletions(word)
        return cls(frozenset(normalised), frozenset(keys))

    def knows(self, word: str) -> bool:
        """Known, or one typo away from a known word (symmetric-delete check)."""
        word = normalise_word(word)
        if word in self.words:
            return True
        if len(word) < MIN_FUZZY_LENGTH:
            return False
        return word in self.near_keys or any(d in self.near_keys for d in _deletions(word))

    def is_unfamiliar(self, words: Iterable[str]) -> bool:
        """True when the message has words and none of them is known. Emoji and digits are no evidence."""
        candidates = [w for w in words if normalise_word(w)]
        return bool(candidates) and not any(self.knows(w) for w in candidates)
