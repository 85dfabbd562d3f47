"""Moving records in and out of the database (inside the caller's transaction)."""
from __future__ import annotations

import uuid
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from .hours import WeeklyHours, format_hours, parse_hours
from .models import (
    Dekkingsgebied,
    Dienst,
    DienstOnderwerp,
    DienstRol,
    Kanaal,
    Meta,
    Openingstijd,
    Organisatie,
)
from .records import ChannelRecord, ServiceRecord

VERSION_KEY = "versie"


# ---------------------------------------------------------------- meta


def get_meta(session: Session, key: str) -> Optional[str]:
    row = session.get(Meta, key)
    return row.waarde if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row:
        row.waarde = value
    else:
        session.add(Meta(sleutel=key, waarde=value))


def bump_version(session: Session) -> None:
    """Marks the data as changed, so cached search catalogs are rebuilt."""
    set_meta(session, VERSION_KEY, uuid.uuid4().hex)


def data_version(session: Session) -> Optional[str]:
    return get_meta(session, VERSION_KEY)


# ---------------------------------------------------------------- records -> rows


def _hours_rows(hours: Optional[WeeklyHours]) -> List[Openingstijd]:
    if hours is None or hours.always_open:
        return []
    return [
        Openingstijd(weekdag=day, van_minuut=start, tot_minuut=end)
        for day, intervals in enumerate(hours.days)
        for start, end in intervals
    ]


def _channel_row(channel: ChannelRecord, position: int) -> Kanaal:
    hours = parse_hours(channel.tijden)
    return Kanaal(
        volgorde=position,
        soort=channel.soort,
        waarde=channel.waarde,
        toelichting=channel.toelichting,
        geverifieerd=channel.geverifieerd,
        tijden_bekend=hours is not None,
        altijd_open=bool(hours and hours.always_open),
        tijden_geverifieerd=channel.tijden_geverifieerd,
        anoniem=channel.anoniem,
        kosten=channel.kosten,
        openingstijden=_hours_rows(hours),
    )


def _organisation(session: Session, record: ServiceRecord) -> Organisatie:
    org = session.execute(select(Organisatie).where(Organisatie.slug == record.organisatie_id)).scalar_one_or_none()
    if org is None:
        org = Organisatie(slug=record.organisatie_id)
        session.add(org)
    org.naam = record.organisatie_naam
    org.website = record.organisatie_website
    return org


def _service_row(session: Session, record: ServiceRecord, herkomst: str) -> Dienst:
    return Dienst(
        slug=record.id,
        organisatie=_organisation(session, record),
        naam=record.naam,
        soort=record.soort,
        beschrijving=record.beschrijving,
        leeftijd_min=record.leeftijd_min,
        leeftijd_max=record.leeftijd_max,
        gender=record.gender,
        lvb_geschikt=record.lvb_geschikt,
        anonimiteit=record.anonimiteit,
        kosten=record.kosten,
        talen=",".join(record.talen),
        dekking_soort=record.dekking_soort,
        urgentie=record.urgentie,
        bron=record.bron,
        extra_bronnen="\n".join(record.extra_bronnen),
        gecontroleerd_op=record.gecontroleerd_op,
        geverifieerd=record.geverifieerd,
        onzeker=",".join(record.onzeker),
        opmerking=record.opmerking,
        herkomst=herkomst,
        onderwerpen=[DienstOnderwerp(onderwerp=o, volgorde=i) for i, o in enumerate(record.onderwerpen)],
        rollen=[DienstRol(rol=r, volgorde=i) for i, r in enumerate(record.rollen)],
        gebieden=[Dekkingsgebied(gebied=g, volgorde=i) for i, g in enumerate(record.dekking_gebieden)],
        kanalen=[_channel_row(c, i) for i, c in enumerate(record.kanalen)],
    )


def delete_services(session: Session, slugs: Iterable[str]) -> None:
    slugs = list(slugs)
    if not slugs:
        return
    for dienst in session.execute(select(Dienst).where(Dienst.slug.in_(slugs))).scalars():
        session.delete(dienst)
    session.flush()


def delete_orphan_organisations(session: Session) -> None:
    used = select(Dienst.organisatie_id)
    session.execute(delete(Organisatie).where(Organisatie.id.not_in(used)).execution_options(synchronize_session=False))


def write_records(session: Session, records: Sequence[ServiceRecord], herkomst: str) -> None:
    """Insert the records, replacing any dienst with the same id."""
    delete_services(session, [r.id for r in records])
    for record in records:
        session.add(_service_row(session, record, herkomst))
    session.flush()
    delete_orphan_organisations(session)
    bump_version(session)


def replace_all(session: Session, records: Sequence[ServiceRecord], herkomst: str) -> None:
    for dienst in session.execute(select(Dienst)).scalars():
        session.delete(dienst)
    session.flush()
    write_records(session, records, herkomst)


# ---------------------------------------------------------------- rows -> records


def _hours_text(kanaal: Kanaal) -> Optional[str]:
    if not kanaal.tijden_bekend:
        return None
    if kanaal.altijd_open:
        return format_hours(WeeklyHours.always())
    days: List[list] = [[] for _ in range(7)]
    for row in kanaal.openingstijden:
        days[row.weekdag].append((row.van_minuut, row.tot_minuut))
    return format_hours(WeeklyHours(always_open=False, days=tuple(tuple(sorted(d)) for d in days)))


def _channel_record(kanaal: Kanaal) -> ChannelRecord:
    return ChannelRecord(
        soort=kanaal.soort,
        waarde=kanaal.waarde,
        toelichting=kanaal.toelichting,
        tijden=_hours_text(kanaal),
        geverifieerd=kanaal.geverifieerd,
        tijden_geverifieerd=kanaal.tijden_geverifieerd,
        anoniem=kanaal.anoniem,
        kosten=kanaal.kosten,
    )


def _split(text: Optional[str], separator: str) -> List[str]:
    return [part for part in (text or "").split(separator) if part]


def service_record(dienst: Dienst) -> ServiceRecord:
    return ServiceRecord(
        id=dienst.slug,
        organisatie_id=dienst.organisatie.slug,
        organisatie_naam=dienst.organisatie.naam,
        organisatie_website=dienst.organisatie.website,
        naam=dienst.naam,
        soort=dienst.soort,
        beschrijving=dienst.beschrijving,
        onderwerpen=[o.onderwerp for o in dienst.onderwerpen],
        rollen=[r.rol for r in dienst.rollen],
        dekking_soort=dienst.dekking_soort,
        dekking_gebieden=[g.gebied for g in dienst.gebieden],
        bron=dienst.bron,
        gecontroleerd_op=dienst.gecontroleerd_op,
        geverifieerd=dienst.geverifieerd,
        kanalen=[_channel_record(k) for k in dienst.kanalen],
        leeftijd_min=dienst.leeftijd_min,
        leeftijd_max=dienst.leeftijd_max,
        gender=dienst.gender,
        lvb_geschikt=dienst.lvb_geschikt,
        anonimiteit=dienst.anonimiteit,
        kosten=dienst.kosten,
        talen=_split(dienst.talen, ","),
        urgentie=dienst.urgentie,
        extra_bronnen=_split(dienst.extra_bronnen, "\n"),
        onzeker=_split(dienst.onzeker, ","),
        opmerking=dienst.opmerking,
    )


def read_records(session: Session) -> List[ServiceRecord]:
    query = (
        select(Dienst)
        .options(
            selectinload(Dienst.organisatie),
            selectinload(Dienst.onderwerpen),
            selectinload(Dienst.rollen),
            selectinload(Dienst.gebieden),
            selectinload(Dienst.kanalen).selectinload(Kanaal.openingstijden),
        )
        .order_by(Dienst.slug)
    )
    return [service_record(d) for d in session.execute(query).scalars()]


def herkomst_by_slug(session: Session) -> Dict[str, str]:
    return dict(session.execute(select(Dienst.slug, Dienst.herkomst)).all())


def count_services(session: Session) -> int:
    return session.execute(select(func.count(Dienst.id))).scalar_one()
