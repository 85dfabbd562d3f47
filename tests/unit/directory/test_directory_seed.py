import shutil

import pytest
from sqlalchemy import select

from directory_testkit import any_engine, make_engine, session_scope  # noqa: F401 (fixture)
from opvang_directory.models import Dienst, Organisatie
from opvang_directory.seed import SEED_DIR, ensure_seeded, load_seed_records
from opvang_directory.sources import DirectoryFileError
from opvang_directory.store import read_records

RESEARCH_NUMBERS = {
    "alarmnummer-112": ["112"],
    "politie-geen-spoed": ["0900-8844"],
    "meld-misdaad-anoniem": ["0800-7000"],
    "comensha-helpdesk": ["033-448 11 86"],
    "fier": ["058-215 70 84"],
    "veilig-thuis": ["0800-2000"],
    "de-kindertelefoon": ["0800-0432"],
    "centrum-seksueel-geweld": ["0800-0188"],
    "slachtofferhulp-nederland": ["0900-0101"],
    "helpwanted": ["020-261 52 75"],
    "113-zelfmoordpreventie": ["113", "0800-0113"],
    "de-luisterlijn": ["088-0767 000"],
    "nederlandse-arbeidsinspectie": ["0800-5151"],
}
REQUIRED_WEBSITES = {
    "chat-met-fier": "https://www.chatmetfier.nl",
    "keerpunt": "https://keerpunt.chat",
    "meldknop": "https://www.meldknop.nl",
    "opvangatlas": "https://www.opvangatlas.nl",
    "wegwijzer-mensenhandel": "https://www.wegwijzermensenhandel.nl",
}


@pytest.fixture(scope="module")
def seed_records():
    return {r.id: r for r in load_seed_records()}


def test_required_services_with_the_numbers_of_the_research(seed_records):
    for service_id, numbers in RESEARCH_NUMBERS.items():
        phones = [c.waarde for c in seed_records[service_id].kanalen if c.soort == "telefoon"]
        for number in numbers:
            assert number in phones, (service_id, number, phones)
    for service_id, url in REQUIRED_WEBSITES.items():
        assert url in [c.waarde for c in seed_records[service_id].kanalen], service_id


def test_every_entry_has_source_and_check_date(seed_records):
    for record in seed_records.values():
        assert record.bron.startswith("http")
        assert record.gecontroleerd_op.isoformat() == "2026-11-30"


def test_old_or_uncertain_facts_are_stored_as_unverified(seed_records):
    # [oud] opening hours: Kindertelefoon 2019, Meld Misdaad Anoniem 2006, Helpwanted 2012
    for service_id in ("de-kindertelefoon", "meld-misdaad-anoniem", "helpwanted"):
        record = seed_records[service_id]
        assert not record.geverifieerd and "tijden" in record.onzeker
        assert all(not c.tijden_geverifieerd for c in record.kanalen if c.tijden)
    # [oud] cost of 0900-8844
    assert "kosten" in seed_records["politie-geen-spoed"].onzeker
    # the unconfirmed Fier number of the brief is not in the data
    all_values = [c.waarde for r in seed_records.values() for c in r.kanalen]
    assert not any("088-20 80 000" in v or "0882080000" in v.replace("-", "").replace(" ", "") for v in all_values)
    # Watch Nederland must not be included without verification
    assert not any("088-208 00 44" in v for v in all_values)


def test_every_topic_has_a_national_service(seed_records):
    from opvang_directory.vocab import LANDELIJKE_DEKKING, ONDERWERPEN

    for topic in ONDERWERPEN:
        assert any(
            topic in r.onderwerpen and r.dekking_soort in LANDELIJKE_DEKKING and r.urgentie != "alleen_acuut"
            for r in seed_records.values()
        ), topic


def test_ensure_seeded_is_idempotent(any_engine):
    with session_scope(any_engine) as session:
        before = read_records(session)
    assert ensure_seeded(any_engine) is False
    assert ensure_seeded(any_engine) is False
    with session_scope(any_engine) as session:
        assert read_records(session) == before
        assert len(before) == len(load_seed_records())
        names = session.execute(select(Organisatie.slug)).scalars().all()
        assert len(names) == len(set(names))


def test_file_database_creates_its_folder(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nieuw' / 'var' / 'opvang.db'}")
    assert ensure_seeded(engine) is True
    assert (tmp_path / "nieuw" / "var" / "opvang.db").exists()
    engine.dispose()


def test_changed_seed_files_are_reloaded(tmp_path):
    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)
    engine = make_engine(f"sqlite:///{tmp_path / 'opvang.db'}")
    assert ensure_seeded(engine, seed_dir=seed_dir) is True
    assert ensure_seeded(engine, seed_dir=seed_dir) is False
    path = seed_dir / "informatie.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("naam: Opvangatlas.nl\n        soort", "naam: Opvangatlas\n        soort"), encoding="utf-8")
    assert ensure_seeded(engine, seed_dir=seed_dir) is True
    with session_scope(engine) as session:
        names = session.execute(select(Dienst.naam).where(Dienst.slug == "opvangatlas")).scalars().all()
    assert names == ["Opvangatlas"]
    engine.dispose()


def test_broken_seed_file_changes_nothing(tmp_path):
    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)
    engine = make_engine(f"sqlite:///{tmp_path / 'opvang.db'}")
    ensure_seeded(engine, seed_dir=seed_dir)
    with session_scope(engine) as session:
        before = read_records(session)
    path = seed_dir / "crisis-en-luisteren.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('"0800-0113"', '"0800-01"'), encoding="utf-8")
    with pytest.raises(DirectoryFileError) as error:
        ensure_seeded(engine, seed_dir=seed_dir)
    assert "crisis-en-luisteren.yml" in str(error.value) and "0800-01" in str(error.value)
    with session_scope(engine) as session:
        assert read_records(session) == before
    engine.dispose()
