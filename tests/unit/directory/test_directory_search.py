from datetime import datetime

import pytest

from directory_testkit import any_engine, make_record, session_scope  # noqa: F401 (fixture)
from opvang_directory import places
from opvang_directory.hours import AMSTERDAM
from opvang_directory.records import ChannelRecord
from opvang_directory.search import Catalog, load_catalog, search
from opvang_directory.vocab import ONDERWERPEN, ROLLEN

WEDNESDAY_NOON = datetime(2026, 12, 2, 12, 0, tzinfo=AMSTERDAM)
WEDNESDAY_NIGHT = datetime(2026, 12, 2, 23, 30, tzinfo=AMSTERDAM)
FRIDAY_EVENING = datetime(2026, 12, 4, 20, 0, tzinfo=AMSTERDAM)
RESULT_KEYS = {"naam", "soort", "kanalen", "open_nu", "opent_om", "anoniem", "kosten", "dekking", "geverifieerd",
               "bron", "gecontroleerd_op"}


@pytest.fixture(scope="module")
def catalog():
    from opvang_directory.db import make_engine
    from opvang_directory.seed import ensure_seeded

    engine = make_engine("sqlite://")
    ensure_seeded(engine)
    with session_scope(engine) as session:
        yield load_catalog(session)
    engine.dispose()


def ids(results):
    return [r.id for r in results]


def phone(number, tijden="24/7", **extra):
    return ChannelRecord(soort="telefoon", waarde=number, tijden=tijden, **extra)


# ---------------------------------------------------------------- national fallback for every gemeente


def test_every_gemeente_and_topic_has_an_option(catalog):
    assert len(places.all_gemeenten()) == 342
    for gemeente in places.all_gemeenten():
        for topic in ONDERWERPEN:
            results = catalog.search(gemeente=gemeente.code, onderwerp=topic, now=WEDNESDAY_NIGHT)
            assert results, (gemeente.naam, topic)
            assert results[0].urgentie != "alleen_acuut", (gemeente.naam, topic)  # 112 is not the only answer
            assert not results[0].ruimer_gezocht


def test_every_gemeente_topic_and_role_has_an_option(catalog):
    for gemeente in places.all_gemeenten():
        for topic in ONDERWERPEN:
            for rol in ROLLEN:
                results = catalog.search(gemeente=gemeente.naam, onderwerp=topic, rol=rol, now=WEDNESDAY_NOON)
                assert any(r.urgentie != "alleen_acuut" for r in results), (gemeente.naam, topic, rol)


def test_search_through_the_database_matches_the_catalog(any_engine, catalog):
    with session_scope(any_engine) as session:
        via_db = search(session, gemeente="Enschede", onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=15,
                        now=WEDNESDAY_NIGHT)
    direct = catalog.search(gemeente="Enschede", onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=15,
                            now=WEDNESDAY_NIGHT)
    assert [r.to_dict() for r in via_db] == [r.to_dict() for r in direct]
    assert RESULT_KEYS <= set(via_db[0].to_dict())
    assert {"soort", "waarde"} <= set(via_db[0].to_dict()["kanalen"][0])


# ---------------------------------------------------------------- ranking on the real data


def test_regional_services_only_where_they_cover(catalog):
    enschede = ids(catalog.search(gemeente="Enschede", onderwerp="seksuele_uitbuiting", now=WEDNESDAY_NIGHT))
    utrecht = ids(catalog.search(gemeente="Utrecht", onderwerp="seksuele_uitbuiting", now=WEDNESDAY_NIGHT))
    assert "meldpunt-loverboyproblematiek-twente" in enschede
    assert "meldpunt-loverboyproblematiek-twente" not in utrecht
    leeuwarden = ids(catalog.search(gemeente="Leeuwarden", onderwerp="seksueel_geweld", now=WEDNESDAY_NIGHT))
    assert "centrum-seksueel-geweld-friesland" in leeuwarden
    assert "centrum-seksueel-geweld-friesland" not in ids(catalog.search(gemeente="Breda", onderwerp="seksueel_geweld"))
    assert "ggd-haaglanden-loverboys-minderjarigen" in ids(catalog.search(gemeente="Den Haag", onderwerp="seksuele_uitbuiting"))
    # without a gemeente only national services
    assert all(not r.regionaal for r in catalog.search(onderwerp="seksuele_uitbuiting"))


def test_regional_before_national_when_equally_open(catalog):
    results = catalog.search(gemeente="Enschede", onderwerp="seksuele_uitbuiting", now=WEDNESDAY_NIGHT)
    unknown_hours = [r.id for r in results if r.open_nu is None and not r.mogelijk_open]
    assert unknown_hours[0] == "meldpunt-loverboyproblematiek-twente"
    assert unknown_hours.index("meldpunt-loverboyproblematiek-twente") < unknown_hours.index("chat-met-fier")


def test_open_now_first_with_injected_time(catalog):
    sunday_night = datetime(2026, 12, 6, 3, 0)
    results = catalog.search(gemeente="Amsterdam", onderwerp="seksueel_geweld", now=sunday_night)
    assert results[0].id == "centrum-seksueel-geweld" and results[0].open_nu is True
    order = [r.open_nu for r in results if r.urgentie != "alleen_acuut"]
    assert order == sorted(order, key=lambda state: {True: 0, None: 1, False: 2}[state])


def test_closed_service_says_when_it_opens(catalog):
    [comensha] = [r for r in catalog.search(onderwerp="arbeidsuitbuiting", now=FRIDAY_EVENING) if r.id == "comensha-helpdesk"]
    assert comensha.open_nu is False
    assert comensha.opent_om == "2026-12-07T09:00+01:00"
    [during_office] = [r for r in catalog.search(onderwerp="arbeidsuitbuiting", now=WEDNESDAY_NOON) if r.id == "comensha-helpdesk"]
    assert during_office.open_nu is True and during_office.opent_om is None


def test_unconfirmed_hours_are_never_certain(catalog):
    [kt] = [r for r in catalog.search(onderwerp="luisterend_oor", rol="jongere", leeftijd=14, now=WEDNESDAY_NOON)
            if r.id == "de-kindertelefoon"]
    assert kt.open_nu is None and kt.mogelijk_open is True and kt.opent_om is None
    assert not kt.geverifieerd and "de openingstijden" in kt.onzeker
    assert all("niet bevestigd" in c.tijden for c in kt.kanalen)


def test_age_and_role_limits(catalog):
    def found(**query):
        return ids(catalog.search(now=WEDNESDAY_NOON, **query))

    assert "de-kindertelefoon" in found(onderwerp="luisterend_oor", rol="jongere", leeftijd=14)
    assert "de-kindertelefoon" not in found(onderwerp="luisterend_oor", rol="ouder", leeftijd=14)  # not for a parent
    assert "de-kindertelefoon" not in found(onderwerp="luisterend_oor", rol="jongere", leeftijd=30)
    assert "de-luisterlijn" in found(onderwerp="luisterend_oor", rol="jongere", leeftijd=30)
    assert "de-luisterlijn" not in found(onderwerp="luisterend_oor", rol="jongere", leeftijd=14)
    assert "asja" in found(onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=16)
    assert "asja" not in found(onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=30)  # youth service
    assert "asja" not in found(onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=16, gender="man")
    assert "meldknop" not in found(onderwerp="online_misbruik", rol="professional")


def test_urgent_puts_112_first_and_otherwise_last(catalog):
    urgent = catalog.search(gemeente="Rotterdam", onderwerp="huiselijk_geweld", urgent=True, now=WEDNESDAY_NIGHT)
    assert urgent[0].id == "alarmnummer-112"
    assert urgent[1].urgentie == "ook_acuut"
    calm = catalog.search(gemeente="Rotterdam", onderwerp="huiselijk_geweld", now=WEDNESDAY_NIGHT)
    assert calm[-1].id == "alarmnummer-112"


def test_crisis_gets_113(catalog):
    results = catalog.search(gemeente="Zaanstad", onderwerp="crisis_suicide", rol="jongere", leeftijd=15, now=WEDNESDAY_NIGHT)
    assert results[0].id == "113-zelfmoordpreventie"
    assert {"113", "0800-0113"} <= {c.waarde for c in results[0].kanalen}


def test_relaxed_search_never_offers_age_limited_services(catalog):
    results = catalog.search(onderwerp="luisterend_oor", rol="professional", leeftijd=15, now=WEDNESDAY_NOON)
    widened = [r for r in results if r.urgentie != "alleen_acuut"]
    assert widened and all(r.ruimer_gezocht for r in widened)
    assert all(r.doelgroep["leeftijd_min"] is None and r.doelgroep["leeftijd_max"] is None for r in widened)
    assert "de-kindertelefoon" not in ids(results)
    strict = catalog.search(onderwerp="luisterend_oor", rol="jongere", leeftijd=15, now=WEDNESDAY_NOON)
    assert not any(r.ruimer_gezocht for r in strict)


def test_bad_parameters_raise(catalog):
    with pytest.raises(ValueError):
        catalog.search(gemeente="Atlantis")
    with pytest.raises(ValueError):
        catalog.search(gemeente="Bergen")  # ambiguous: the caller must ask
    with pytest.raises(ValueError):
        catalog.search(onderwerp="roddels")
    with pytest.raises(ValueError):
        catalog.search(rol="buurman")
    assert catalog.search(onderwerp="seksuele uitbuiting (loverboys)")  # Dutch label accepted


# ---------------------------------------------------------------- ranking rules on controlled data


def test_open_service_before_closed_one_and_back():
    day_line = make_record("dag-lijn", naam="A dag", kanalen=[phone("0800-1111", "ma-vr 09:00-17:00")])
    night_line = make_record("nacht-lijn", naam="B nacht", kanalen=[phone("0800-2222", "dagelijks 20:00-08:00")])
    catalog = Catalog([day_line, night_line])
    assert ids(catalog.search(now=WEDNESDAY_NOON)) == ["dag-lijn", "nacht-lijn"]
    assert ids(catalog.search(now=WEDNESDAY_NIGHT)) == ["nacht-lijn", "dag-lijn"]


def test_anonymous_first_only_for_young_people():
    named = make_record("met-naam", naam="A met naam", anonimiteit="niet")
    anonymous = make_record("anoniem", naam="Z anoniem", anonimiteit="volledig")
    catalog = Catalog([named, anonymous])
    assert ids(catalog.search(rol="jongere", leeftijd=15, now=WEDNESDAY_NOON)) == ["anoniem", "met-naam"]
    assert ids(catalog.search(leeftijd=15, now=WEDNESDAY_NOON)) == ["anoniem", "met-naam"]
    assert ids(catalog.search(rol="professional", now=WEDNESDAY_NOON)) == ["met-naam", "anoniem"]
    assert ids(catalog.search(rol="jongere", leeftijd=40, now=WEDNESDAY_NOON)) == ["met-naam", "anoniem"]


def test_regional_before_national_but_after_open_now():
    national = make_record("landelijk", naam="A landelijk")
    regional = make_record("regionaal", naam="Z regionaal", dekking_soort="provincie", dekking_gebieden=["Zeeland"])
    regional_closed = make_record(
        "regionaal-dicht", naam="Z regionaal dicht", dekking_soort="gemeenten", dekking_gebieden=["Middelburg (Z.)"],
        kanalen=[phone("0800-3333", "ma-vr 09:00-17:00")],
    )
    catalog = Catalog([national, regional, regional_closed])
    assert ids(catalog.search(gemeente="Middelburg (Z.)", now=WEDNESDAY_NOON)) == ["regionaal", "regionaal-dicht", "landelijk"]
    assert ids(catalog.search(gemeente="Middelburg (Z.)", now=WEDNESDAY_NIGHT)) == ["regionaal", "landelijk", "regionaal-dicht"]
    assert ids(catalog.search(gemeente="Utrecht", now=WEDNESDAY_NOON)) == ["landelijk"]


def test_preferred_channel_first_and_listed_first():
    phone_only = make_record("telefoon", naam="A telefoon")
    with_chat = make_record(
        "chat", naam="Z chat",
        kanalen=[phone("0800-4444"), ChannelRecord(soort="chat", waarde="https://example.org/chat", tijden="24/7")],
    )
    catalog = Catalog([phone_only, with_chat])
    results = catalog.search(kanaal="chat", now=WEDNESDAY_NOON)
    assert ids(results) == ["chat", "telefoon"]
    assert results[0].kanalen[0].soort == "chat"
    assert ids(catalog.search(now=WEDNESDAY_NOON)) == ["telefoon", "chat"]


# ---------------------------------------------------------------- what a young person sees first (seed data)
def test_young_person_gets_anonymous_chat_and_lines_before_organisations_for_professionals(catalog):
    results = catalog.search(gemeente="Breda", onderwerp="seksuele_uitbuiting", rol="jongere", leeftijd=15,
                             now=WEDNESDAY_NIGHT)
    order = ids(results)
    assert order.index("chat-met-fier") < 3 < order.index("comensha-helpdesk")
    assert order.index("meld-misdaad-anoniem") < order.index("politie-geen-spoed")


def test_young_person_with_online_abuse_is_not_sent_to_the_police_first(catalog):
    results = catalog.search(gemeente="Breda", onderwerp="online_misbruik", rol="jongere", leeftijd=15,
                             now=FRIDAY_EVENING)
    order = ids(results)
    assert order.index("helpwanted") < order.index("politie-geen-spoed")
    assert order.index("de-kindertelefoon") < order.index("politie-geen-spoed")


def test_coverage_index_finds_exactly_the_services_a_full_scan_finds(catalog):
    from opvang_directory.search import _covers

    for gemeente in places.all_gemeenten():
        indexed = [e.record.id for e in catalog._covering(gemeente)]
        scanned = [e.record.id for e in catalog.entries if _covers(e.record, gemeente)]
        assert indexed == scanned, gemeente.naam
