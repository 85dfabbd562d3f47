"""Text that every part of the assistant can encode.

A lone UTF-16 surrogate (U+D800-U+DFFF on its own, as JSON "\\ud800" can carry) is a valid Python string but
not valid UTF-8: encoders and databases raise on it. Pure logic, shared by the channels' message check
(bot/web/guards.py) and the sentence encoder (bot/nlp/sentence_vectors.py).
"""
from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """Each lone surrogate becomes U+FFFD, the replacement character; everything else stays."""
    return _LONE_SURROGATE.sub("\ufffd", text)
