import csv

import pytest

from directory_testkit import REPO_ROOT
from opvang_directory import places
from opvang_directory.textnorm import normalize_key

DATA = REPO_ROOT / "opvang_directory" / "data"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik woon in zaandam", "Zaanstad"),
        ("4811", "Breda"),
        ("4811 AB", "Breda"),
        ("mijn postcode is 4811AB", "Breda"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("den bosch", "'s-Hertogenbosch"),
        ("'s-hertogenbosch", "'s-Hertogenbosch"),
        ("s hertogenbosch", "'s-Hertogenbosch"),
        ("roffa", "Rotterdam"),
        ("ik kom uit damsco", "Amsterdam"),
        ("mokum", "Amsterdam"),
        ("Den Haag", "'s-Gravenhage"),
        ("Hellevoetsluis", "Voorne aan Zee"),
        ("westvoorne", "Voorne aan Zee"),
        ("Heerhugowaard", "Dijk en Waard"),
        ("weesp", "Amsterdam"),
        ("Hengelo", "Hengelo (O.)"),
        ("Bergen op Zoom", "Bergen op Zoom"),
        ("bergen nh", "Bergen (NH.)"),
        ("ik woon in bergen in limburg", "Bergen (L.)"),
        ("SÚDWEST-FRYSLÂN", "Súdwest-Fryslân"),
        ("sudwest fryslan", "Súdwest-Fryslân"),
        ("st. willebrord", "Rucphen"),
        ("Amsterdam Zuidoost", "Amsterdam"),
        ("ik woon in best", "Best"),
        ("ik woon in Een", "Noordenveld"),
        ("hoorn", "Hoorn"),
        ("ik woon in De Wijk", "De Wolden"),
        ("Oranje Huizen in Alkmaar", "Alkmaar"),  # a real place name beats an everyday word of the same length
        ("2011", "Haarlem"),
        ("postcode 2011", "Haarlem"),
    ],
)
def test_resolve_place_finds_the_gemeente(text, expected):
    resolution = places.resolve_place(text)
    assert resolution.status == places.FOUND, resolution
    assert resolution.gemeente == expected
    assert resolution.gm_code == places.gemeente(expected).code


@pytest.mark.parametrize(
    "text, candidates",
    [
        ("Bergen", ["Bergen (L.)", "Bergen (NH.)"]),
        ("ik woon in bergen", ["Bergen (L.)", "Bergen (NH.)"]),
        ("Valkenburg", ["Katwijk", "Valkenburg aan de Geul"]),
        ("nes", ["Ameland", "Heerenveen", "Noardeast-Fryslân"]),
        ("Haren", ["Groningen", "Oss"]),
        ("alphen", ["Alphen aan den Rijn", "Alphen-Chaam", "West Maas en Waal"]),
    ],
)
def test_ambiguous_names_list_every_candidate(text, candidates):
    resolution = places.resolve_place(text)
    assert resolution.status == places.AMBIGUOUS
    assert resolution.gemeente is None and resolution.gm_code is None
    assert resolution.candidates == candidates
    assert len(resolution.candidate_codes) == len(candidates)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hallo",
        "ik zit in een moeilijke situatie",
        "het is echt heel erg",
        "mijn buren zijn raar",
        "sinds 2019 gaat het mis",
        "in 2020 begon het",
        "hij gaf me 1000 euro",
        "bel 0800-2000",
        "bel 020-1234567",
        "ik woon in zeeland",
        "in heel Nederland",
        "ik woon in de wijk",
        "zij slaapt bij anderen",
        "tussen 2012 en 2014",
        "ik ben van 2009",
        "kijk op https://www.scherpenzeel.nl/hulp",
        "het is in te zetten",
    ],
)
def test_everyday_text_is_not_a_place(text):
    assert places.resolve_place(text).status == places.NOT_FOUND


def test_postcode_wins_and_year_context_is_skipped():
    assert places.resolve_place("ik woon in 2011").gemeente == "Haarlem"
    assert places.resolve_place("sinds 2019, postcode 3011").gemeente == "Rotterdam"
    assert places.resolve_place("4811").via == "postcode"


def test_gemeenten_table_is_complete():
    gemeenten = places.all_gemeenten()
    assert len(gemeenten) == 342
    assert len({g.code for g in gemeenten}) == 342
    assert len({g.veiligheidsregio for g in gemeenten}) == 25
    assert len({g.ggd_regio for g in gemeenten}) == 25
    assert all(g.provincie and g.vr_code.startswith("VR") for g in gemeenten)


def test_gemeente_lookup_by_code_name_and_alias():
    assert places.gemeente("GM0363").naam == "Amsterdam"
    assert places.gemeente("gm0363").naam == "Amsterdam"
    assert places.gemeente("Amsterdam").code == "GM0363"
    assert places.gemeente("den bosch").naam == "'s-Hertogenbosch"
    zaanstad = places.gemeente("Zaanstad")
    assert (zaanstad.provincie, zaanstad.veiligheidsregio) == ("Noord-Holland", "Zaanstreek-Waterland")
    with pytest.raises(KeyError):
        places.gemeente("Bergen")
    with pytest.raises(KeyError):
        places.gemeente("Atlantis")


def test_every_official_name_resolves_to_itself():
    for g in places.all_gemeenten():
        resolution = places.resolve_place(g.naam)
        assert resolution.gm_code == g.code, (g.naam, resolution)


def test_every_postcode_resolves_to_its_gemeente():
    for row in _rows("pc4.csv"):
        assert places.gemeente_for_postcode(row["pc4"]).code == row["gm_code"]
        assert places.resolve_place(f"postcode {row['pc4']}").gm_code == row["gm_code"]


def test_place_names_cover_names_aliases_and_woonplaatsen():
    names = places.place_names()
    pairs = {(normalize_key(n), c) for n, c in names}
    for g in places.all_gemeenten():
        assert (normalize_key(g.naam), g.code) in pairs
    assert (normalize_key("Roffa"), "GM0599") in pairs
    assert (normalize_key("Zaandam"), "GM0479") in pairs
    assert (normalize_key("Den Haag"), "GM0518") in pairs
    # an ambiguous form appears once per candidate
    bergen = {c for n, c in names if normalize_key(n) == ("bergen",)}
    assert bergen == {"GM0373", "GM0893"}
    # accent-free spelling variants are offered for token matchers
    assert ("Sudwest-Fryslan", "GM1900") in set(names)


def test_place_names_agree_with_resolution():
    codes_by_key = {}
    for name, code in places.place_names():
        codes_by_key.setdefault(normalize_key(name), set()).add(code)
    for key, codes in codes_by_key.items():
        if " ".join(key) in places.everyday_word_places():
            continue
        resolution = places.resolve_place(" ".join(key))
        if resolution.via == "postcode":
            continue
        if len(codes) == 1:
            assert resolution.gm_code in codes, (key, resolution)
        else:
            assert set(resolution.candidate_codes) == codes, (key, resolution)


def test_place_names_is_cached_and_pure():
    first = places.place_names()
    first.append(("Nergenshuizen", "GM9999"))
    assert ("Nergenshuizen", "GM9999") not in places.place_names()


def test_aliassen_file_only_names_real_gemeenten():
    import yaml

    data = yaml.safe_load((DATA / "aliassen.yml").read_text(encoding="utf-8"))
    official = {row["gemeente"] for row in _rows("gemeenten.csv")}
    assert set(data["aliassen"]) <= official
    for targets in data["ambigu"].values():
        assert set(targets) <= official
