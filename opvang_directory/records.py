"""The schema of a directory entry, independent of storage: parse and check one entry, collecting every problem.

One entry = one dienst (service) of an organisatie. The same checks run for seed YAML, imported YAML or CSV, and
`python -m opvang_directory validate`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import places
from .formats import is_dutch_phone, is_email, is_url
from .hours import HoursError, format_hours, parse_hours
from .vocab import (
    ANONIMITEIT,
    DEKKING_SOORTEN,
    GENDER,
    KANAAL_SOORTEN,
    KOSTEN,
    LANDELIJKE_DEKKING,
    ONDERWERPEN,
    ONZEKER_VELDEN,
    ROLLEN,
    SOORTEN,
)

URGENTIES = {
    "alleen_acuut": "alleen bij gevaar nu",
    "ook_acuut": "ook bij gevaar nu of een crisis",
    "niet_acuut": "niet voor acute situaties",
}

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")

SERVICE_KEYS = {
    "id", "naam", "soort", "beschrijving", "onderwerpen", "doelgroep", "rollen", "leeftijd_min", "leeftijd_max",
    "gender", "lvb_geschikt", "anonimiteit", "kosten", "talen", "dekking", "urgentie", "kanalen", "bron",
    "extra_bronnen", "gecontroleerd_op", "geverifieerd", "onzeker", "opmerking",
    "organisatie_id", "organisatie_naam", "organisatie_website",
}
DOELGROEP_KEYS = {"rollen", "leeftijd_min", "leeftijd_max", "gender", "lvb_geschikt"}
CHANNEL_KEYS = {"soort", "waarde", "toelichting", "tijden", "geverifieerd", "tijden_geverifieerd", "anoniem", "kosten"}


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass
class ChannelRecord:
    soort: str
    waarde: str
    toelichting: Optional[str] = None
    tijden: Optional[str] = None  # canonical text form, None = unknown
    geverifieerd: bool = True
    tijden_geverifieerd: bool = True
    anoniem: Optional[str] = None  # overrides the service's anonimiteit for this channel
    kosten: Optional[str] = None  # overrides the service's kosten for this channel


@dataclass
class ServiceRecord:
    id: str
    organisatie_id: str
    organisatie_naam: str
    organisatie_website: Optional[str]
    naam: str
    soort: str
    beschrijving: str
    onderwerpen: List[str]
    rollen: List[str]
    dekking_soort: str
    bron: str
    gecontroleerd_op: dt.date
    geverifieerd: bool
    kanalen: List[ChannelRecord]
    dekking_gebieden: List[str] = field(default_factory=list)
    leeftijd_min: Optional[int] = None
    leeftijd_max: Optional[int] = None
    gender: str = "iedereen"
    lvb_geschikt: Optional[bool] = None
    anonimiteit: Optional[str] = None
    kosten: Optional[str] = None
    talen: List[str] = field(default_factory=lambda: ["nl"])
    urgentie: str = "niet_acuut"
    extra_bronnen: List[str] = field(default_factory=list)
    onzeker: List[str] = field(default_factory=list)
    opmerking: Optional[str] = None


class _Checker:
    """Collects issues for one entry; `line(key)` gives the best line number for a field."""

    def __init__(self, data: Dict[str, Any], file: str, line: int):
        self.data = data
        self.file = file
        self.base_line = line
        self.issues: List[Issue] = []
        self.label = f"dienst '{data.get('id') or data.get('naam') or '?'}'"

    def line(self, key: Optional[str] = None, container: Any = None) -> int:
        source = container if container is not None else self.data
        line_of = getattr(source, "line_of", None)
        if key is not None and line_of is not None:
            return line_of(key) or self.base_line
        return getattr(source, "line", 0) or self.base_line

    def error(self, message: str, key: Optional[str] = None, container: Any = None) -> None:
        self.issues.append(Issue(self.file, self.line(key, container), f"{self.label}: {message}"))


def _as_list(value: Any) -> List[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _check_choice(c: _Checker, key: str, table: Dict[str, str], required: bool, default: Optional[str] = None):
    value = _text(c.data.get(key))
    if value is None:
        if required:
            c.error(f"'{key}' ontbreekt (kies uit: {', '.join(table)})", key)
        return default
    if value not in table:
        c.error(f"'{key}' heeft onbekende waarde '{value}' (kies uit: {', '.join(table)})", key)
        return default
    return value


def _check_choices(c: _Checker, key: str, table: Dict[str, str], required: bool) -> List[str]:
    values = [_text(v) for v in _as_list(c.data.get(key))]
    if required and not values:
        c.error(f"'{key}' ontbreekt of is leeg (kies uit: {', '.join(table)})", key)
    unknown = [v for v in values if v not in table]
    if unknown:
        c.error(f"'{key}' bevat onbekende waarde(n) {unknown} (kies uit: {', '.join(table)})", key)
    return [v for v in values if v in table]


def _check_bool(c: _Checker, key: str, required: bool, default: Optional[bool] = None) -> Optional[bool]:
    value = c.data.get(key)
    if value is None or value == "":
        if required:
            c.error(f"'{key}' ontbreekt (true of false)", key)
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "ja", "1", "yes"):
        return True
    if text in ("false", "nee", "0", "no"):
        return False
    c.error(f"'{key}' moet true of false zijn, niet '{value}'", key)
    return default


def _check_age(c: _Checker, key: str) -> Optional[int]:
    value = c.data.get(key)
    if value is None or value == "":
        return None
    try:
        age = int(str(value).strip())
    except ValueError:
        c.error(f"'{key}' moet een heel getal zijn, niet '{value}'", key)
        return None
    if not 0 <= age <= 120:
        c.error(f"'{key}' {age} ligt niet tussen 0 en 120", key)
        return None
    return age


def _check_date(c: _Checker, key: str) -> Optional[dt.date]:
    value = c.data.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or value == "":
        c.error(f"'{key}' ontbreekt (datum als JJJJ-MM-DD)", key)
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        c.error(f"'{key}' is geen datum JJJJ-MM-DD: '{value}'", key)
        return None


def _check_url(c: _Checker, key: str, value: Any, required: bool, container: Any = None) -> Optional[str]:
    text = _text(value)
    if text is None:
        if required:
            c.error(f"'{key}' ontbreekt (een URL die begint met https://)", key, container)
        return None
    if not is_url(text):
        c.error(f"'{key}' is geen geldige URL: '{text}'", key, container)
    return text


def _flatten_doelgroep(c: _Checker) -> None:
    doelgroep = c.data.get("doelgroep")
    if doelgroep is None:
        return
    if not isinstance(doelgroep, dict):
        c.error(f"'doelgroep' moet velden hebben ({', '.join(sorted(DOELGROEP_KEYS))})", "doelgroep")
        return
    for key in doelgroep:
        if key not in DOELGROEP_KEYS:
            allowed = ", ".join(sorted(DOELGROEP_KEYS))
            c.error(f"onbekend veld 'doelgroep.{key}' (toegestaan: {allowed})", key, doelgroep)
    merged = type(c.data)(c.data)
    for attr in ("line", "key_lines"):
        if hasattr(c.data, attr):
            setattr(merged, attr, dict(getattr(c.data, attr)) if attr == "key_lines" else getattr(c.data, attr))
    for key, value in doelgroep.items():
        merged[key] = value
        if hasattr(merged, "key_lines") and hasattr(doelgroep, "line_of"):
            merged.key_lines[key] = doelgroep.line_of(key)
    c.data = merged


def parse_dekking(value: Any) -> Tuple[Optional[str], List[str], Optional[str]]:
    """'landelijk' | {'provincie': [...]} | 'provincie: A | B' -> (soort, canonical area names, error)."""
    if isinstance(value, dict):
        if len(value) != 1:
            return None, [], "'dekking' heeft precies één soort gebied nodig, bv. {provincie: [Zeeland]}"
        soort, areas = next(iter(value.items()))
        areas = _as_list(areas)
    else:
        text = _text(value) or ""
        soort, _, rest = text.partition(":")
        areas = [a.strip() for a in rest.split("|") if a.strip()]
    soort = (soort or "").strip()
    if soort not in DEKKING_SOORTEN:
        return None, [], f"'dekking' heeft onbekende soort '{soort}' (kies uit: {', '.join(DEKKING_SOORTEN)})"
    if soort in LANDELIJKE_DEKKING:
        return (soort, [], None) if not areas else (None, [], f"landelijke dekking '{soort}' heeft geen gebieden")
    if not areas:
        return None, [], f"dekking '{soort}' heeft minstens één gebied nodig"
    canonical, unknown = [], []
    for area in (str(a).strip() for a in areas):
        name = _canonical_area(soort, area)
        (canonical if name else unknown).append(name or area)
    if unknown:
        return None, [], f"onbekend(e) gebied(en) voor {soort}: {unknown}"
    return soort, canonical, None


def _canonical_area(soort: str, area: str) -> Optional[str]:
    gemeenten = places.all_gemeenten()
    if soort == "gemeenten":
        try:
            return places.gemeente(area).naam
        except KeyError:
            return None
    if soort == "veiligheidsregio":
        for g in gemeenten:
            if area.upper() == g.vr_code or area == g.veiligheidsregio:
                return g.veiligheidsregio
        return None
    column = {"provincie": "provincie", "ggd_regio": "ggd_regio"}[soort]
    names = {getattr(g, column) for g in gemeenten}
    return area if area in names else None


def _parse_channel(c: _Checker, raw: Any, index: int, container: Any) -> Optional[ChannelRecord]:
    if not isinstance(raw, dict):
        c.error(f"kanaal {index + 1} moet velden soort en waarde hebben", index, container)
        return None
    line_holder = raw if hasattr(raw, "line_of") else container

    def err(message: str, key: Optional[str] = None) -> None:
        if hasattr(raw, "line_of"):
            c.error(message, key, raw)
        else:
            c.error(message, index, container)

    for key in raw:
        if key not in CHANNEL_KEYS:
            err(f"kanaal {index + 1}: onbekend veld '{key}' (toegestaan: {', '.join(sorted(CHANNEL_KEYS))})", key)
    soort = _text(raw.get("soort"))
    waarde = raw.get("waarde")
    if soort not in KANAAL_SOORTEN:
        err(f"kanaal {index + 1}: onbekende soort '{soort}' (kies uit: {', '.join(KANAAL_SOORTEN)})", "soort")
        return None
    if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
        err(f"kanaal {soort}: 'waarde' ontbreekt", "soort")
        return None
    if soort == "telefoon" and not isinstance(waarde, str):
        err(f"telefoonnummer {waarde!r} moet tussen aanhalingstekens staan (YAML leest het anders als getal)", "waarde")
        return None
    waarde = str(waarde).strip()
    if soort == "telefoon" and not is_dutch_phone(waarde):
        err(f"'{waarde}' is geen geldig Nederlands telefoonnummer (bv. 0800-2000, 033-448 11 86, 112)", "waarde")
    elif soort in ("chat", "website", "formulier") and not is_url(waarde):
        err(f"kanaal {soort}: '{waarde}' is geen geldige URL (begin met https://)", "waarde")
    elif soort == "email" and not is_email(waarde):
        err(f"'{waarde}' is geen geldig e-mailadres", "waarde")

    tijden_text = _text(raw.get("tijden"))
    tijden = None
    if tijden_text is not None:
        try:
            tijden = format_hours(parse_hours(tijden_text))
        except HoursError as exc:
            err(f"kanaal {soort}: tijden '{tijden_text}': {exc}", "tijden")

    sub = _Checker(raw, c.file, line_holder.line_of(index) if hasattr(line_holder, "line_of") else c.base_line)
    sub.label = c.label
    verified = _check_bool(sub, "geverifieerd", required=False, default=True)
    hours_verified = _check_bool(sub, "tijden_geverifieerd", required=False, default=verified)
    anoniem = _check_choice(sub, "anoniem", ANONIMITEIT, required=False)
    kosten = _check_choice(sub, "kosten", KOSTEN, required=False)
    c.issues.extend(sub.issues)
    return ChannelRecord(
        soort=soort,
        waarde=waarde,
        toelichting=_text(raw.get("toelichting")),
        tijden=tijden,
        geverifieerd=bool(verified),
        tijden_geverifieerd=bool(hours_verified),
        anoniem=anoniem,
        kosten=kosten,
    )


def parse_service(data: Dict[str, Any], file: str, line: int = 0) -> Tuple[Optional[ServiceRecord], List[Issue]]:
    """Check one entry (organisation fields merged in); returns the record only when there are no issues."""
    c = _Checker(data, file, line or getattr(data, "line", 0))
    _flatten_doelgroep(c)
    d = c.data
    for key in d:
        if key not in SERVICE_KEYS:
            c.error(f"onbekend veld '{key}'", key)

    service_id = _text(d.get("id"))
    if not service_id or not _SLUG.match(service_id):
        c.error(f"'id' moet kleine letters, cijfers en streepjes zijn (bv. veilig-thuis), niet '{service_id}'", "id")
    org_id = _text(d.get("organisatie_id"))
    if not org_id or not _SLUG.match(org_id):
        c.error(f"organisatie 'id' moet kleine letters, cijfers en streepjes zijn, niet '{org_id}'", "organisatie_id")
    for key in ("naam", "beschrijving", "organisatie_naam"):
        if not _text(d.get(key)):
            c.error(f"'{key}' ontbreekt", key)
    org_website = _check_url(c, "organisatie_website", d.get("organisatie_website"), required=False)

    soort = _check_choice(c, "soort", SOORTEN, required=True)
    onderwerpen = _check_choices(c, "onderwerpen", ONDERWERPEN, required=True)
    rollen = _check_choices(c, "rollen", ROLLEN, required=True)
    age_min, age_max = _check_age(c, "leeftijd_min"), _check_age(c, "leeftijd_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        c.error(f"leeftijd_min {age_min} is groter dan leeftijd_max {age_max}", "leeftijd_min")
    gender = _check_choice(c, "gender", GENDER, required=False, default="iedereen")
    lvb = _check_bool(c, "lvb_geschikt", required=False)
    anonimiteit = _check_choice(c, "anonimiteit", ANONIMITEIT, required=False)
    kosten = _check_choice(c, "kosten", KOSTEN, required=False)
    urgentie = _check_choice(c, "urgentie", URGENTIES, required=False, default="niet_acuut")
    talen = [str(t).strip().lower() for t in _as_list(d.get("talen"))] or ["nl"]
    bad_languages = [t for t in talen if not _LANGUAGE.match(t)]
    if bad_languages:
        c.error(f"'talen' gebruikt taalcodes van twee letters (nl, en, ...), niet {bad_languages}", "talen")

    dekking_soort, gebieden, dekking_error = parse_dekking(d.get("dekking"))
    if d.get("dekking") in (None, ""):
        c.error(f"'dekking' ontbreekt (kies uit: {', '.join(DEKKING_SOORTEN)})", "dekking")
    elif dekking_error:
        c.error(dekking_error, "dekking")

    bron = _check_url(c, "bron", d.get("bron"), required=True)
    extra = [_check_url(c, "extra_bronnen", u, required=False) for u in _as_list(d.get("extra_bronnen"))]
    checked = _check_date(c, "gecontroleerd_op")
    verified = _check_bool(c, "geverifieerd", required=True)
    onzeker = _check_choices(c, "onzeker", ONZEKER_VELDEN, required=False)

    raw_channels = d.get("kanalen")
    channels: List[ChannelRecord] = []
    if not isinstance(raw_channels, list) or not raw_channels:
        c.error("'kanalen' ontbreekt: minstens één kanaal (soort + waarde)", "kanalen")
    else:
        for index, raw in enumerate(raw_channels):
            channel = _parse_channel(c, raw, index, raw_channels)
            if channel:
                channels.append(channel)

    if verified:
        unsure_channels = [ch.waarde for ch in channels if not ch.geverifieerd or not ch.tijden_geverifieerd]
        if onzeker or unsure_channels:
            c.error(
                "staat op geverifieerd: true maar heeft onbevestigde gegevens "
                f"({', '.join(onzeker + unsure_channels)}); zet geverifieerd: false",
                "geverifieerd",
            )
    elif verified is False and not onzeker and all(ch.geverifieerd and ch.tijden_geverifieerd for ch in channels):
        c.error("staat op geverifieerd: false: noem in 'onzeker' wat niet bevestigd is", "geverifieerd")

    if c.issues:
        return None, c.issues
    record = ServiceRecord(
        id=service_id,
        organisatie_id=org_id,
        organisatie_naam=_text(d.get("organisatie_naam")),
        organisatie_website=org_website,
        naam=_text(d.get("naam")),
        soort=soort,
        beschrijving=_text(d.get("beschrijving")),
        onderwerpen=onderwerpen,
        rollen=rollen,
        dekking_soort=dekking_soort,
        dekking_gebieden=gebieden,
        bron=bron,
        gecontroleerd_op=checked,
        geverifieerd=bool(verified),
        kanalen=channels,
        leeftijd_min=age_min,
        leeftijd_max=age_max,
        gender=gender,
        lvb_geschikt=lvb,
        anonimiteit=anonimiteit,
        kosten=kosten,
        talen=talen,
        urgentie=urgentie,
        extra_bronnen=[u for u in extra if u],
        onzeker=onzeker,
        opmerking=_text(d.get("opmerking")),
    )
    return record, []
