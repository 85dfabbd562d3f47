"""The risico rules at the bottom of bot/content/signalen.yml, and accumulating signalen over a conversation."""

from __future__ import annotations

from typing import Iterable

from bot.triage.signalen import catalogue

RISICO_LEVELS = ("acuut", "hoog", "verhoogd", "laag")
GROUPS_AT_LEAST_HOOG = ("uitbuiting", "crisis")
GROUPS_COUNTED = ("werving", "gedrag")


def compute_risico(signalen: Iterable[str], acuut: bool = False) -> str | None:
    """acuut | hoog | verhoogd | laag, or None when nothing is recognised.

    `acuut` is for the caller to set: danger now or intent to end one's life now (the crisis detector). A crisis
    signal (zelfbeschadiging) without current danger counts as "hoog", like exploitation: self-harm and thoughts
    of suicide are serious on their own, staff must see them first, and "laag" or "verhoogd" would understate them;
    "acuut" stays reserved for what is happening now. Unknown codes and repeats are ignored.
    """
    if acuut:
        return "acuut"
    known = catalogue()
    groups = [known[code].group for code in dict.fromkeys(signalen) if code in known]
    if any(group in GROUPS_AT_LEAST_HOOG for group in groups):
        return "hoog"
    counted = sum(group in GROUPS_COUNTED for group in groups)
    if counted >= 2:
        return "verhoogd"
    if counted == 1:
        return "laag"
    return None


def merge_signalen(existing: list[str] | None, new: Iterable[str]) -> list[str]:
    """`existing` in its order (every code kept, repeats removed), then the new known codes not yet in it."""
    merged = list(dict.fromkeys(existing or ()))
    known = catalogue()
    for code in new:
        if code in known and code not in merged:
            merged.append(code)
    return merged
