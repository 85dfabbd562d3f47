"""Finds help and reporting points for the conversation and turns them into response variables.

Pure logic over opvang_directory (no Rasa). The sentences themselves come from domain.yml and
bot/content/hulp_zinnen.yml; this module only chooses and fills them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

from opvang_directory.places import PlaceResolution, resolve_place

PHRASES_FILE = Path(__file__).resolve().parent / "content" / "hulp_zinnen.yml"
HULP, MELDEN = "hulp", "melden"
REPORT_KINDS = {"meldpunt", "advies_meldpunt", "zorgcoordinatie"}
# A young person "reporting" usually means telling someone about their own situation: an anonymous chat or
# helpline (Chat met Fier, De Kindertelefoon) is a place for that too.
REPORT_KINDS_BY_ROL = {"jongere": REPORT_KINDS | {"hulplijn"}}
MAX_OPTIONS = 3

# The most specific topic wins; without any of these signals the topic is sexual exploitation (loverboys).
TOPIC_BY_SIGNAL = (
    ("zelfbeschadiging", "crisis_suicide"),
    ("criminele_uitbuiting", "criminele_uitbuiting"),
    ("naaktbeelden_chantage", "online_misbruik"),
)
DEFAULT_TOPIC = "seksuele_uitbuiting"
_URL_PREFIX = re.compile(r"^https?://(www\.)?")


@lru_cache(maxsize=1)
def phrases() -> dict:
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


def topic_for(signalen: Iterable[str]) -> str:
    present = set(signalen)
    return next((topic for signal, topic in TOPIC_BY_SIGNAL if signal in present), DEFAULT_TOPIC)


def resolve_from_message(place_entities: Sequence[str], text: str) -> PlaceResolution:
    """A place the NLU pipeline marked, or else anything in the text (a 4-digit postcode, a nickname)."""
    for value in place_entities:
        resolution = resolve_place(value)
        if resolution.status != "not_found":
            return resolution
    return resolve_place(text)


def search_options(session, gemeente: str | None, rol: str | None, signalen: Iterable[str], purpose: str,
                   now: datetime | None = None, offset: int = 0) -> list[dict]:
    """The next MAX_OPTIONS services after `offset` ("meer opties" asks for the following three)."""
    from opvang_directory.search import search

    results = [r.to_dict() for r in search(session, gemeente=gemeente, onderwerp=topic_for(signalen), rol=rol,
                                            now=now)]
    # 112 is in every answer's closing line; listing it as an option would push real help out of the top three.
    results = [r for r in results if r["soort"] != "alarm"]
    if purpose == MELDEN:
        kinds = REPORT_KINDS_BY_ROL.get(rol, REPORT_KINDS)
        results = [r for r in results if r["soort"] in kinds] or results
    return results[offset:offset + MAX_OPTIONS]


def _short_address(value: str) -> str:
    return _URL_PREFIX.sub("", value).rstrip("/")


def _moment(opens_at: str, now: datetime) -> str:
    text = phrases()["moment"]
    moment = datetime.fromisoformat(opens_at)
    tijd = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return text["vandaag"].format(tijd=tijd)
    if days == 1:
        return text["morgen"].format(tijd=tijd)
    return text["dag"].format(dag=phrases()["dagen"][moment.weekday()], tijd=tijd)


def _status(result: Mapping, now: datetime) -> str:
    text = phrases()["status"]
    if result["open_nu"] is True:
        return text["open"]
    if result["open_nu"] is False:
        return text["opent"].format(moment=_moment(result["opent_om"], now)) if result["opent_om"] else text["dicht"]
    return text["onbekend"]


def describe(result: Mapping, now: datetime) -> dict[str, str]:
    """Variables for the response utter_hulp_optie: naam, kanalen, status, details."""
    text = phrases()
    live = [c for c in result["kanalen"] if c["soort"] in ("telefoon", "chat", "app")]
    shown = (live or result["kanalen"])[:2]
    kanalen = text["kanaal_scheiding"].join(
        text["kanaal"][c["soort"]].format(waarde=_short_address(c["waarde"])) for c in shown)
    details = [text["anoniem"].get(result["anoniem"]), text["kosten"].get(result["kosten"])]
    if result.get("onzeker") or not result.get("geverifieerd", True):
        details.append(text["onzeker"])
    return {
        "naam": result["naam"],
        "kanalen": kanalen[:1].upper() + kanalen[1:],
        "status": _status(result, now),
        "details": " ".join(d for d in details if d),
    }


@dataclass(frozen=True)
class LookupStep:
    """What action_find_help does this turn."""

    kind: str  # "ask_place", "ask_which", "search", "place_noted", "declined", "agreed"
    purpose: str | None = None
    gemeente: str | None = None
    candidates: tuple[str, ...] = ()
    offset: int = 0


def plan_lookup(intent: str, purpose_slot: str | None, gemeente_slot: str | None, resolution: PlaceResolution,
                asked_place_last: bool, offered_more_last: bool = False, shown: int = 0) -> LookupStep:
    purpose = MELDEN if intent == "report" else HULP if intent == "find_help" else purpose_slot
    if intent == "affirm":
        # "Meer opties" after a list: the next three. Any other "ja" is not about the lookup.
        if offered_more_last:
            return LookupStep("search", purpose or HULP, gemeente_slot, offset=shown)
        return LookupStep("agreed")
    if resolution.status == "ambiguous":
        return LookupStep("ask_which", purpose, gemeente_slot, tuple(resolution.candidates))
    gemeente = resolution.gemeente if resolution.status == "found" else gemeente_slot
    if intent == "deny":
        # "Liever niet" to the place question: search nationwide. Any other "nee" is not about places.
        return LookupStep("search", purpose or HULP, None) if asked_place_last else LookupStep("declined")
    if intent == "inform_place" and not purpose:
        return LookupStep("place_noted", None, gemeente) if gemeente else LookupStep("ask_place", HULP)
    if gemeente:
        return LookupStep("search", purpose or HULP, gemeente)
    return LookupStep("ask_place", purpose or HULP)
