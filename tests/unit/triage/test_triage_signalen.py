from collections import Counter

from bot.triage import signalen
from bot.triage.signalen import GROUPS, Signaal, catalogue, is_known, load_catalogue


def test_catalogue_has_the_20_codes_in_the_4_groups():
    codes = catalogue()
    assert len(codes) == 20
    assert set(Counter(s.group for s in codes.values())) == set(GROUPS)


def test_every_signal_is_complete():
    for code, signaal in catalogue().items():
        assert isinstance(signaal, Signaal)
        assert signaal.code == code
        assert signaal.label and signaal.description


def test_known_codes_and_groups():
    codes = catalogue()
    assert codes["naaktbeelden_chantage"].group == "uitbuiting"
    assert codes["oudere_vriend"].group == "werving"
    assert codes["weglopen"].group == "gedrag"
    assert codes["zelfbeschadiging"].group == "crisis"
    assert is_known("controle")
    assert not is_known("loverboy")
    assert not is_known("")


def test_callers_cannot_change_the_shared_catalogue():
    catalogue().pop("controle")
    assert is_known("controle")
    assert "controle" in catalogue()


def test_file_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_catalogue()) == 20
    assert signalen.CATALOGUE_FILE.is_absolute()
