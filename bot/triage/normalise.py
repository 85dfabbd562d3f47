"""Canonical form of chat text for rule-based matching.

What people type ("Help meeee!!", "k wil nie meer leve", "m'n vriend 😭", "idk tbh") becomes lowercase ASCII words
separated by single spaces ("help mee", "ik wil niet meer leven", "mijn vriend", "i dont know to be honest").

Letters repeated for emphasis are ambiguous: "dooood" should become "dood", "leeeeven" should become "leven".
`normalise_variants` therefore returns both readings (a run of three or more kept as two letters, and as one);
a matcher that accepts either reading never has to spell out stretched words. `normalise` returns the first.
"""

from __future__ import annotations

import re
import unicodedata

# Only emoji that carry meaning for the rules; every other symbol becomes a space.
EMOJI_WORDS = {
    "🔪": " mes ",
    "🗡": " mes ",
    "🩸": " bloed ",
    "💊": " pillen ",
    "🪢": " touw ",
    "😂": " haha ",
    "🤣": " haha ",
    "😹": " haha ",
    "💀": " haha ",  # "im dead 💀" is laughter in chat, not death
}

# Chat abbreviations and frequent misspellings, one token to its canonical words.
# Ambiguous abbreviations are left out on purpose: "zm" (zometeen / zelfmoord), "u" (Dutch polite "you"),
# "dr" (daar / haar / er).
TOKEN_MAP = {
    # Dutch
    "k": "ik",
    "kwil": "ik wil",
    "kwou": "ik wou",
    "kben": "ik ben",
    "kheb": "ik heb",
    "kga": "ik ga",
    "kzie": "ik zie",
    "kweet": "ik weet",
    "kmoet": "ik moet",
    "kdenk": "ik denk",
    "kkan": "ik kan",
    "kzit": "ik zit",
    "wl": "wil",
    "wnt": "want",
    "wa": "wat",
    "wt": "wat",
    "nt": "niet",
    "nie": "niet",
    "ni": "niet",
    "nit": "niet",
    "nx": "niks",
    "mr": "maar",
    "mn": "mijn",
    "zn": "zijn",
    "ff": "even",
    "gwn": "gewoon",
    "gewn": "gewoon",
    "egt": "echt",
    "ech": "echt",
    "idd": "inderdaad",
    "sws": "sowieso",
    "mss": "misschien",
    "hb": "heb",
    "bn": "ben",
    "wrm": "waarom",
    "wrom": "waarom",
    "tog": "toch",
    "ie": "hij",
    "em": "hem",
    "leve": "leven",
    "levn": "leven",
    "doot": "dood",
    "mzelf": "mezelf",
    "mijzelf": "mezelf",
    "plz": "pls",
    "pliz": "pls",
    "plis": "pls",
    "please": "pls",
    # English
    "kms": "kill myself",
    "kys": "kill yourself",
    "rn": "right now",
    "idk": "i dont know",
    "idc": "i dont care",
    "im": "i am",
    "ive": "i have",
    "ur": "your",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "fr": "for real",
    "tbh": "to be honest",
    "ngl": "not going to lie",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
}

# Word pairs written apart that the rules expect as one word.
PHRASE_MAP = {
    "me zelf": "mezelf",
    "mij zelf": "mezelf",
    "my self": "myself",
}

_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LAUGHTER = re.compile(r"\b(?:ha){2,}h?\b|\b(?:hi){2,}h?\b")
_RUN_OF_THREE = re.compile(r"([a-z])\1{2,}")


def normalise(text: str) -> str:
    """The canonical form of `text`, with stretched letters kept as two ("dooood" -> "dood")."""
    return normalise_variants(text)[0]


def normalise_variants(text: str) -> tuple[str, ...]:
    """One or two canonical forms: stretched letters kept as two, and (only if different) as one."""
    base = _to_ascii_words(text)
    doubled = _canonical_words(_RUN_OF_THREE.sub(r"\1\1", base))
    single = _canonical_words(_RUN_OF_THREE.sub(r"\1", base))
    return (doubled,) if single == doubled else (doubled, single)


def _to_ascii_words(text: str) -> str:
    for emoji, words in EMOJI_WORDS.items():
        text = text.replace(emoji, words)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def _canonical_words(text: str) -> str:
    text = _LAUGHTER.sub("haha", text)
    words = " ".join(TOKEN_MAP.get(token, token) for token in text.split())
    for phrase, replacement in PHRASE_MAP.items():
        words = re.sub(rf"\b{phrase}\b", replacement, words)
    return words
