"""The word lists behind name and address detection (bot/privacy/names.py and bot/privacy/data/)."""
import pytest

from bot.privacy import names

DATA_FILES = ["voornamen.txt", "achternamen.txt", "straat_achtervoegsels.txt", "geen_straten.txt",
              "ook_gewone_woorden.txt", "gewone_woorden.txt"]


@pytest.mark.parametrize("filename", DATA_FILES)
def test_every_data_file_says_what_it_is_and_who_wrote_it(filename):
    header = (names.DATA_DIR / filename).read_text(encoding="utf-8").split("\n\n")[0].lower()
    assert header.startswith("#")
    assert "project" in header


def test_list_sizes():
    assert len(names.first_names()) >= 1500
    surnames = names.surnames()
    assert len(surnames.bare) + len(surnames.heads) >= 800


def test_name_key_ignores_case_and_accents():
    assert names.name_key("Zoë") == names.name_key("ZOE") == "zoe"
    assert names.name_key("Yılmaz") == "yilmaz"
    assert names.name_key("Łukasz") == "lukasz"
    assert names.name_key("Lisa’s") == "lisa's"


@pytest.mark.parametrize("name", ["sanne", "daan", "mohamed", "fatima", "emre", "zeynep", "rishi", "shurandy",
                                  "dewi", "katarzyna", "yonas", "hodan", "jayden", "sytske", "anne-sophie"])
def test_first_names_of_many_origins(name):
    assert all(part in names.first_names() for part in name.split("-"))


def test_surnames_are_split_into_bare_names_and_heads_after_a_tussenvoegsel():
    surnames = names.surnames()
    assert {"jansen", "bakker", "yilmaz", "nowak"} <= surnames.bare
    assert {"vries", "berg", "jong", "amrani", "hof"} <= surnames.heads  # de Vries, van den Berg, El Amrani, van 't Hof
    assert "de vries" not in surnames.bare


def test_street_suffixes():
    suffixes = names.street_suffixes()
    assert suffixes["straat"] is True and suffixes["laan"] is True
    assert suffixes["dal"] is False  # only a capitalised "Eikendal" counts
    assert names.street_suffix_lengths()[0] == max(len(s) for s in suffixes)
    assert {"onderweg", "supermarkt", "bijbaan"} <= names.not_streets()


def test_places_come_from_the_directory():
    places = names.places()
    assert {"rotterdam", "den bosch", "s hertogenbosch", "anna paulowna", "linde", "ede"} <= places
    assert names.place_key("'s-Hertogenbosch") == "s hertogenbosch"
    assert 2 in names.multiword_starts()["anna"]


def test_help_services_and_project_words_are_never_names():
    common = names.common_words()
    assert {"fier", "kindertelefoon", "comensha", "politie", "jeugdzorg", "slachtofferhulp", "loverboy",
            "jongere", "ouder", "asja"} <= common
    assert ("hugo", "boss") in names.common_phrases()


def test_ordinary_word_names():
    ordinary = names.ordinary_names()
    assert {"roos", "bas", "mark", "rob", "ben", "bakker"} <= ordinary
    # every listed ordinary first name is a first name or a surname (otherwise the entry does nothing)
    surnames = names.surnames()
    known = names.first_names() | surnames.bare | surnames.heads
    stray = {word for word in ordinary if word not in known and word not in names.common_words()}
    assert len(stray) < len(ordinary) * 0.25
