"""Redaction rules added after the first run of the corpus test (tests/data/privacy/pii_corpus.yml), written
as general sentences of their own, not copied from the corpus."""
import pytest

from bot.privacy.redact import redact_text


@pytest.mark.parametrize("text, expected", [
    # a name found once is a name everywhere in the message
    ("Ik ben de tante van Soraya en Mees. Soraya is 13.", "Ik ben de tante van [naam] en [naam]. [naam] is 13."),
    # a capitalised word mid-sentence that is no Dutch word at all
    ("ik heb Jaylenno gisteren geblokt", "ik heb [naam] gisteren geblokt"),
    ("ik ben Xandrick en ik ben 15", "ik ben [naam] en ik ben 15"),
    ("ze noemen hem op school Tyronzo", "ze noemen hem op school [naam]"),
    ("een man die zich Kenzo noemt", "een man die zich [naam] noemt"),
    ("mijn stiefdochter Noraly is weg", "mijn stiefdochter [naam] is weg"),
])
def test_names_in_context_and_unknown_capitalised_words(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("text", [
    "Wat houdt de Rijksbrede aanpak in?", "Ze heeft een Instagram-account voor tekeningen.",
    "het wijkteam in Zwolle-Zuid belde", "ik woon in Den Haag", "ik zit op de Havo",
])
def test_compounds_districts_and_places_stay(text):
    assert redact_text(text) == text


@pytest.mark.parametrize("text, expected", [
    ("ze moet werken op Spuistraat-Noord 12 in Utrecht", "ze moet werken op [adres] in Utrecht"),
    ("ze moet werken op Kortjakje 7 in Utrecht", "ze moet werken op [adres] in Utrecht"),
    ("hij woont in Den Haag op Laan van Meerdervoort 5", "hij woont in Den Haag op [adres]"),
    ("postcode 9722 TB nummer 3", "postcode [postcode] nummer 3"),
])
def test_addresses_without_a_street_ending_and_upper_case_postcodes(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("zoek maar op jasmijn.xx15 daar staat alles", "zoek maar op [social] daar staat alles"),
    ("zijn account heet kleine_boss_070", "zijn account heet [social]"),
    ("profiel onder de naam roze.wolk.mila", "profiel onder de naam [social]"),
])
def test_handle_shaped_words_without_a_platform_word(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("text", ["kijk op fier.nl", "d.w.z. morgen", "t.o.v. vorig jaar", "om 21.30 uur",
                                  "versie 1.2.3", "zie www.113.nl"])
def test_domains_abbreviations_and_numbers_are_not_handles(text):
    assert redact_text(text) == text
