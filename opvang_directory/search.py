"""Search: which services fit this gemeente, topic, role, age, urgency and preferred channel, best first.

Ranking (each step only breaks ties of the previous ones):
 1. urgency: with `urgent=True` the alarm number first, then services meant for acute situations;
    without it, services that are only for danger now (112) go to the end
 2. open now (verified hours) > possibly open (unconfirmed hours) > hours unknown > closed
 3. has the preferred channel (when `kanaal` is given)
 4. regional (covers this gemeente by province, region or gemeente list) > national (also a national number that
    routes callers to their region)
 5. for young people: fully anonymous > anonymous advice > unknown > not anonymous
 6. verified entries before entries with unconfirmed facts
 7. the topic is a core topic of the service (listed first) rather than a side topic
Filters: topic, coverage, role, age (leeftijd = age of the person the help is for) and gender. When the filters leave
nothing but 112, services without age or gender limits for the topic are added regardless of role
(marked `ruimer_gezocht`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy.orm import Session

from . import places
from .hours import WeeklyHours, describe_hours, now_local, parse_hours, to_local
from .records import ChannelRecord, ServiceRecord
from .store import data_version, read_records
from .vocab import (
    DEKKING_SOORTEN,
    GENDER,
    LANDELIJKE_DEKKING,
    LIVE_KANALEN,
    ONZEKER_VELDEN,
    SOORTEN,
    kanaal_code,
    onderwerp_code,
    rol_code,
)

YOUNG_AGE_LIMIT = 23  # up to this age a "jongere" counts as young for the anonymity preference
_ANONYMITY_ORDER = {"volledig": 0, "alleen_advies": 1, None: 2, "niet": 3}


@dataclass(frozen=True)
class ChannelResult:
    soort: str
    waarde: str
    toelichting: Optional[str]
    tijden: str
    open_nu: Optional[bool]
    opent_om: Optional[str]
    anoniem: Optional[str]
    kosten: Optional[str]
    geverifieerd: bool
    tijden_geverifieerd: bool

    def to_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchResult:
    id: str
    naam: str
    organisatie: str
    soort: str
    soort_label: str
    beschrijving: str
    kanalen: List[ChannelResult]
    open_nu: Optional[bool]
    mogelijk_open: Optional[bool]
    opent_om: Optional[str]
    anoniem: Optional[str]
    kosten: Optional[str]
    dekking: str
    dekking_soort: str
    regionaal: bool
    onderwerpen: List[str]
    doelgroep: Dict[str, Any]
    talen: List[str]
    urgentie: str
    geverifieerd: bool
    onzeker: List[str]
    opmerking: Optional[str]
    bron: str
    gecontroleerd_op: str
    ruimer_gezocht: bool = False

    def to_dict(self) -> Dict[str, Any]:
        data = dict(self.__dict__)
        data["kanalen"] = [c.to_dict() for c in self.kanalen]
        return data


@dataclass
class _Entry:
    record: ServiceRecord
    hours: List[Optional[WeeklyHours]] = field(default_factory=list)


@dataclass(frozen=True)
class _Query:
    gemeente: Optional[places.Gemeente]
    onderwerp: Optional[str]
    rol: Optional[str]
    leeftijd: Optional[int]
    urgent: bool
    kanaal: Optional[str]
    gender: Optional[str]
    now: datetime

    @property
    def young(self) -> bool:
        if self.rol == "jongere":
            return self.leeftijd is None or self.leeftijd <= YOUNG_AGE_LIMIT
        return self.rol is None and self.leeftijd is not None and self.leeftijd < 18


def _resolve_gemeente(value: Any) -> Optional[places.Gemeente]:
    if value is None or value == "":
        return None
    if isinstance(value, places.Gemeente):
        return value
    try:
        return places.gemeente(str(value))
    except KeyError as exc:
        raise ValueError(f"Onbekende of dubbelzinnige gemeente: {value!r}") from exc


def _covers(record: ServiceRecord, gemeente: Optional[places.Gemeente]) -> bool:
    if record.dekking_soort in LANDELIJKE_DEKKING:
        return True
    if gemeente is None:
        return False
    value = {
        "provincie": gemeente.provincie,
        "veiligheidsregio": gemeente.veiligheidsregio,
        "ggd_regio": gemeente.ggd_regio,
        "gemeenten": gemeente.naam,
    }[record.dekking_soort]
    return value in record.dekking_gebieden


def _age_fits(record: ServiceRecord, age: Optional[int]) -> bool:
    if age is None:
        return True
    low = record.leeftijd_min if record.leeftijd_min is not None else 0
    high = record.leeftijd_max if record.leeftijd_max is not None else 200
    return low <= age <= high


def _gender_fits(record: ServiceRecord, gender: Optional[str]) -> bool:
    return gender is None or record.gender == "iedereen" or record.gender == gender


def _unrestricted(record: ServiceRecord) -> bool:
    return record.leeftijd_min is None and record.leeftijd_max is None and record.gender == "iedereen"


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat(timespec="minutes") if moment else None


def _channel_result(channel: ChannelRecord, hours: Optional[WeeklyHours], now: datetime, service: ServiceRecord):
    verified_hours = hours is not None and channel.tijden_geverifieerd
    is_open = hours.is_open(now) if hours is not None else None
    opens_at = hours.next_opening(now) if verified_hours and not is_open else None
    tijden = describe_hours(hours)
    if hours is not None and not channel.tijden_geverifieerd:
        tijden += " (niet bevestigd)"
    return ChannelResult(
        soort=channel.soort,
        waarde=channel.waarde,
        toelichting=channel.toelichting,
        tijden=tijden,
        open_nu=is_open if verified_hours else None,
        opent_om=_iso(opens_at),
        anoniem=channel.anoniem or service.anonimiteit,
        kosten=channel.kosten or service.kosten,
        geverifieerd=channel.geverifieerd,
        tijden_geverifieerd=channel.tijden_geverifieerd,
    ), is_open


def _coverage_text(record: ServiceRecord) -> str:
    if record.dekking_soort in LANDELIJKE_DEKKING:
        return DEKKING_SOORTEN[record.dekking_soort]
    areas = record.dekking_gebieden
    joined = areas[0] if len(areas) == 1 else ", ".join(areas[:-1]) + " en " + areas[-1]
    prefix = {
        "provincie": "provincie ", "veiligheidsregio": "veiligheidsregio ", "ggd_regio": "", "gemeenten": "gemeente "
    }
    return prefix[record.dekking_soort] + joined


def _best_anonymity(record: ServiceRecord) -> Optional[str]:
    options = [record.anonimiteit] + [c.anoniem for c in record.kanalen if c.anoniem]
    known = [o for o in options if o]
    return min(known, key=lambda o: _ANONYMITY_ORDER[o]) if known else None


class Catalog:
    """All services in memory, ready to search many times (e.g. for all 342 gemeenten)."""

    def __init__(self, records: List[ServiceRecord]):
        self.entries = [_Entry(r, [parse_hours(c.tijden) for c in r.kanalen]) for r in records]
        # Index by coverage so a search reads only the services that can cover the gemeente (10,000 services:
        # a full scan took ~12 ms a search, see benchmarks/directory_search.py).
        self._position = {id(e): i for i, e in enumerate(self.entries)}
        self._national: List[_Entry] = []
        self._by_area: Dict[Tuple[str, str], List[_Entry]] = {}
        for entry in self.entries:
            if entry.record.dekking_soort in LANDELIJKE_DEKKING:
                self._national.append(entry)
            else:
                for area in entry.record.dekking_gebieden:
                    self._by_area.setdefault((entry.record.dekking_soort, area), []).append(entry)

    def _covering(self, gemeente: Optional[places.Gemeente]) -> List[_Entry]:
        if gemeente is None:
            return list(self._national)
        areas = [("provincie", gemeente.provincie), ("veiligheidsregio", gemeente.veiligheidsregio),
                 ("ggd_regio", gemeente.ggd_regio), ("gemeenten", gemeente.naam)]
        found = {id(e): e for key in areas for e in self._by_area.get(key, ())}
        found.update((id(e), e) for e in self._national)
        return sorted(found.values(), key=lambda e: self._position[id(e)])

    def search(
        self,
        gemeente: Any = None,
        onderwerp: Optional[str] = None,
        rol: Optional[str] = None,
        leeftijd: Optional[int] = None,
        urgent: bool = False,
        kanaal: Optional[str] = None,
        now: Optional[datetime] = None,
        gender: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> List[SearchResult]:
        if gender is not None and gender not in GENDER:
            raise ValueError(f"Onbekende waarde voor gender: {gender!r} (kies uit: {', '.join(GENDER)})")
        if leeftijd is not None and not 0 <= int(leeftijd) <= 120:
            raise ValueError(f"Leeftijd {leeftijd} ligt niet tussen 0 en 120")
        query = _Query(
            gemeente=_resolve_gemeente(gemeente),
            onderwerp=onderwerp_code(onderwerp),
            rol=rol_code(rol),
            leeftijd=None if leeftijd is None else int(leeftijd),
            urgent=bool(urgent),
            kanaal=kanaal_code(kanaal),
            gender=gender,
            now=to_local(now) if now else now_local(),
        )
        candidates = [
            e for e in self._covering(query.gemeente)
            if query.onderwerp is None or query.onderwerp in e.record.onderwerpen
        ]
        chosen = [
            e for e in candidates
            if (query.rol is None or query.rol in e.record.rollen)
            and _age_fits(e.record, query.leeftijd)
            and _gender_fits(e.record, query.gender)
        ]
        relaxed_entries: List[_Entry] = []
        if not any(query.urgent or e.record.urgentie != "alleen_acuut" for e in chosen):
            relaxed_entries = [e for e in candidates if _unrestricted(e.record) and e not in chosen]
        chosen = chosen + relaxed_entries
        results = [self._result(e, query, e in relaxed_entries) for e in chosen]
        ranked = [r for _, r in sorted(zip((self._rank(e, r, query) for e, r in zip(chosen, results)), results),
                                       key=lambda pair: pair[0])]
        return ranked[:limit] if limit else ranked

    @staticmethod
    def _result(entry: _Entry, query: _Query, relaxed: bool) -> SearchResult:
        record = entry.record
        channels, live_open_states = [], []
        for channel, hours in zip(record.kanalen, entry.hours):
            result, is_open = _channel_result(channel, hours, query.now, record)
            channels.append(result)
            if channel.soort in LIVE_KANALEN:
                live_open_states.append((result, is_open))
        if query.kanaal:
            channels.sort(key=lambda c: c.soort != query.kanaal)
        verified_states = [c.open_nu for c, _ in live_open_states]
        if any(state is True for state in verified_states):
            open_now: Optional[bool] = True
        elif live_open_states and all(state is False for state in verified_states):
            open_now = False
        else:
            open_now = None
        raw_states = [state for _, state in live_open_states if state is not None]
        possibly_open = any(raw_states) if raw_states else None
        openings = sorted(c.opent_om for c, _ in live_open_states if c.opent_om)
        onzeker = [ONZEKER_VELDEN[f] for f in record.onzeker]
        return SearchResult(
            id=record.id,
            naam=record.naam,
            organisatie=record.organisatie_naam,
            soort=record.soort,
            soort_label=SOORTEN[record.soort],
            beschrijving=record.beschrijving,
            kanalen=channels,
            open_nu=open_now,
            mogelijk_open=possibly_open,
            opent_om=openings[0] if openings and open_now is not True else None,
            anoniem=record.anonimiteit,
            kosten=record.kosten,
            dekking=_coverage_text(record),
            dekking_soort=record.dekking_soort,
            regionaal=record.dekking_soort not in LANDELIJKE_DEKKING,
            onderwerpen=list(record.onderwerpen),
            doelgroep={
                "rollen": list(record.rollen),
                "leeftijd_min": record.leeftijd_min,
                "leeftijd_max": record.leeftijd_max,
                "gender": record.gender,
                "lvb_geschikt": record.lvb_geschikt,
            },
            talen=list(record.talen),
            urgentie=record.urgentie,
            geverifieerd=record.geverifieerd,
            onzeker=onzeker,
            opmerking=record.opmerking,
            bron=record.bron,
            gecontroleerd_op=record.gecontroleerd_op.isoformat(),
            ruimer_gezocht=relaxed,
        )

    @staticmethod
    def _rank(entry: _Entry, result: SearchResult, query: _Query) -> Tuple:
        record = entry.record
        if query.urgent:
            urgency = {"alleen_acuut": 0, "ook_acuut": 1}.get(record.urgentie, 2)
        else:
            urgency = 1 if record.urgentie == "alleen_acuut" else 0
        if result.open_nu is True:
            openness = 0
        elif result.mogelijk_open:
            openness = 1
        elif result.open_nu is None:
            openness = 2
        else:
            openness = 3
        channel_match = 0 if query.kanaal is None or any(c.soort == query.kanaal for c in record.kanalen) else 1
        coverage = 0 if result.regionaal else 1
        topic_position = record.onderwerpen.index(query.onderwerp) if query.onderwerp else 0
        tail = (channel_match, coverage, not record.geverifieerd, topic_position, record.naam.lower())
        if query.young:
            # Young people first get what they can use without giving their name. Only a service that is known
            # to be closed now drops below that: an anonymous chat whose hours are unconfirmed (Chat met Fier)
            # still beats an open line that is not anonymous.
            known_closed = 1 if result.open_nu is False else 0
            return (urgency, known_closed, _ANONYMITY_ORDER[_best_anonymity(record)], openness, *tail)
        return (urgency, openness, *tail)


_catalog_cache: Dict[Tuple[int, str], Catalog] = {}


def load_catalog(session: Session) -> Catalog:
    """The catalog for this database, rebuilt only when the data changed (seed, import)."""
    version = data_version(session) or ""
    key = (id(session.get_bind()), version)
    catalog = _catalog_cache.get(key)
    if catalog is None or not version:
        catalog = Catalog(read_records(session))
        if version:
            _catalog_cache.clear()
            _catalog_cache[key] = catalog
    return catalog


def search(
    session: Session,
    gemeente: Any = None,
    onderwerp: Optional[str] = None,
    rol: Optional[str] = None,
    leeftijd: Optional[int] = None,
    urgent: bool = False,
    kanaal: Optional[str] = None,
    now: Optional[datetime] = None,
    gender: Optional[str] = None,
    limit: Optional[int] = None,
) -> List[SearchResult]:
    """Ranked services. `gemeente`: official name, gm_code or unambiguous alias (None: national services only).
    `onderwerp`, `rol`, `kanaal`: codes from vocab (or their Dutch labels). `leeftijd`: age of the person the help
    is for. `now`: injectable time (naive = Europe/Amsterdam). Raises ValueError for unknown values."""
    return load_catalog(session).search(
        gemeente=gemeente, onderwerp=onderwerp, rol=rol, leeftijd=leeftijd, urgent=urgent, kanaal=kanaal, now=now,
        gender=gender, limit=limit,
    )
