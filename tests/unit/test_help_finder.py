from datetime import datetime

import pytest

from bot import help_finder as hf
from opvang_directory.db import make_engine, session_scope
from opvang_directory.hours import AMSTERDAM
from opvang_directory.places import resolve_place
from opvang_directory.seed import ensure_seeded

WEDNESDAY_NIGHT = datetime(2026, 12, 2, 23, 30, tzinfo=AMSTERDAM)
NOT_FOUND = resolve_place("")


@pytest.fixture(scope="module")
def session():
    engine = make_engine("sqlite://")
    ensure_seeded(engine)
    with session_scope(engine) as session:
        yield session
    engine.dispose()


@pytest.mark.parametrize("signalen, topic", [
    ([], "seksuele_uitbuiting"), (["controle", "cadeaus_geld"], "seksuele_uitbuiting"),
    (["criminele_uitbuiting"], "criminele_uitbuiting"), (["naaktbeelden_chantage"], "online_misbruik"),
    (["naaktbeelden_chantage", "zelfbeschadiging"], "crisis_suicide"),
])
def test_topic_follows_the_most_specific_signal(signalen, topic):
    assert hf.topic_for(signalen) == topic


def test_place_from_entity_or_postcode_in_text():
    assert hf.resolve_from_message(["roffa"], "ik woon in roffa").gemeente == "Rotterdam"
    assert hf.resolve_from_message([], "mijn postcode is 4811").gemeente == "Breda"
    assert hf.resolve_from_message(["bergen"], "bergen").status == "ambiguous"


def test_asks_for_a_place_and_remembers_why():
    step = hf.plan_lookup("report", None, None, NOT_FOUND, asked_place_last=False)
    assert (step.kind, step.purpose) == ("ask_place", hf.MELDEN)
    answer = hf.plan_lookup("inform_place", hf.MELDEN, None, resolve_place("den bosch"), asked_place_last=True)
    assert (answer.kind, answer.purpose, answer.gemeente) == ("search", hf.MELDEN, "'s-Hertogenbosch")


def test_known_place_searches_at_once_and_ambiguous_place_asks_which():
    assert hf.plan_lookup("find_help", None, "Utrecht", NOT_FOUND, False).gemeente == "Utrecht"
    step = hf.plan_lookup("find_help", None, None, resolve_place("bergen"), False)
    assert step.kind == "ask_which" and len(step.candidates) == 2


def test_refusing_the_place_searches_nationwide_but_other_no_does_not():
    assert hf.plan_lookup("deny", hf.HULP, None, NOT_FOUND, asked_place_last=True) == hf.LookupStep(
        "search", hf.HULP, None)
    assert hf.plan_lookup("deny", None, None, NOT_FOUND, asked_place_last=False).kind == "declined"


def test_a_place_without_a_question_is_noted():
    step = hf.plan_lookup("inform_place", None, None, resolve_place("zaandam"), False)
    assert (step.kind, step.gemeente) == ("place_noted", "Zaanstad")


def test_search_gives_three_options_without_112_and_reporting_points_for_melden(session):
    help_options = hf.search_options(session, "Breda", "jongere", [], hf.HULP, WEDNESDAY_NIGHT)
    assert len(help_options) == hf.MAX_OPTIONS
    assert all(o["soort"] != "alarm" for o in help_options)
    report = hf.search_options(session, "Breda", "omstander", [], hf.MELDEN, WEDNESDAY_NIGHT)
    assert report and all(o["soort"] in hf.REPORT_KINDS for o in report)
    assert "meld-misdaad-anoniem" in [o["id"] for o in report]


def test_parents_never_get_the_kindertelefoon(session):
    for signalen in ([], ["naaktbeelden_chantage"]):
        options = hf.search_options(session, None, "ouder", signalen, hf.HULP, WEDNESDAY_NIGHT)
        assert "de-kindertelefoon" not in [o["id"] for o in options]


def test_describe_uses_content_phrases_and_short_addresses(session):
    option = next(o for o in hf.search_options(session, None, "ouder", [], hf.HULP, WEDNESDAY_NIGHT)
                  if o["id"] == "veilig-thuis")
    text = hf.describe(option, WEDNESDAY_NIGHT)
    assert text["naam"] == "Veilig Thuis"
    assert text["kanalen"].startswith("Bel 0800-2000") and "https://" not in text["kanalen"]
    assert text["status"] == "Nu open."


def test_closed_service_says_when_it_opens():
    now = datetime(2026, 12, 2, 23, 30, tzinfo=AMSTERDAM)
    closed = {"open_nu": False, "opent_om": "2026-12-03T09:00:00+01:00"}
    assert hf._status(closed, now) == "Nu dicht. Weer open morgen om 09:00."
    later = {"open_nu": False, "opent_om": "2026-12-07T11:00:00+01:00"}
    assert hf._status(later, now) == "Nu dicht. Weer open maandag om 11:00."
    assert hf._status({"open_nu": None, "opent_om": None}, now) == "De openingstijden weet ik niet zeker."


def test_more_options_continues_the_last_lookup_after_what_was_shown():
    step = hf.plan_lookup("affirm", hf.MELDEN, "Breda", NOT_FOUND, False, offered_more_last=True, shown=3)
    assert step == hf.LookupStep("search", hf.MELDEN, "Breda", offset=3)
    assert hf.plan_lookup("affirm", hf.HULP, None, NOT_FOUND, False, offered_more_last=False).kind == "agreed"


def test_next_page_has_other_services_and_ends(session):
    first = hf.search_options(session, "Breda", "ouder", [], hf.HULP, WEDNESDAY_NIGHT)
    second = hf.search_options(session, "Breda", "ouder", [], hf.HULP, WEDNESDAY_NIGHT, offset=3)
    assert second and not {o["id"] for o in first} & {o["id"] for o in second}
    assert hf.search_options(session, "Breda", "ouder", [], hf.HULP, WEDNESDAY_NIGHT, offset=500) == []


def test_a_young_person_reporting_also_gets_an_anonymous_chat(session):
    options = hf.search_options(session, None, "jongere", [], hf.MELDEN, WEDNESDAY_NIGHT)
    pages = options + hf.search_options(session, None, "jongere", [], hf.MELDEN, WEDNESDAY_NIGHT, offset=3)
    assert "chat-met-fier" in [o["id"] for o in pages]
    professional = hf.search_options(session, None, "professional", [], hf.MELDEN, WEDNESDAY_NIGHT)
    assert all(o["soort"] in hf.REPORT_KINDS for o in professional)
