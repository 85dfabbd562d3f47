"""The directory on a real PostgreSQL server: the same data and the same answers as on SQLite."""
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postgres_server import find_bin_dir, postgres_server  # noqa: E402

from opvang_directory.db import make_engine, session_scope  # noqa: E402
from opvang_directory.exchange import export_file, import_file  # noqa: E402
from opvang_directory.places import all_gemeenten  # noqa: E402
from opvang_directory.search import load_catalog  # noqa: E402
from opvang_directory.seed import ensure_seeded  # noqa: E402
from opvang_directory.sources import DirectoryFileError  # noqa: E402
from opvang_directory.vocab import ONDERWERPEN  # noqa: E402

pytestmark = pytest.mark.skipif(find_bin_dir() is None,
                                reason="PostgreSQL is not installed (make test installs Debian's postgresql)")


@pytest.fixture(scope="module")
def pg_engine():
    with postgres_server() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def all_results(engine):
    with session_scope(engine) as session:
        catalog = load_catalog(session)
        return {(g.naam, o): [r.id for r in catalog.search(gemeente=g.naam, onderwerp=o)]
                for g in all_gemeenten() for o in ONDERWERPEN}


def test_seeding_is_idempotent_on_postgresql(pg_engine):
    assert ensure_seeded(pg_engine) is True
    assert ensure_seeded(pg_engine) is False


def test_postgresql_gives_the_same_answers_as_sqlite_for_every_gemeente_and_topic(pg_engine):
    ensure_seeded(pg_engine)
    sqlite = make_engine("sqlite://")
    ensure_seeded(sqlite)
    on_postgres, on_sqlite = all_results(pg_engine), all_results(sqlite)
    assert len(on_postgres) == 342 * len(ONDERWERPEN)
    assert on_postgres == on_sqlite


def _service_count(engine) -> int:
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        table = next(name for name in tables if "dienst" in name)
        return connection.execute(sa.text(f"select count(*) from {table}")).scalar()


def test_export_import_round_trip_and_a_failed_import_changes_nothing(pg_engine, tmp_path):
    ensure_seeded(pg_engine)
    before = _service_count(pg_engine)
    exported = tmp_path / "export.yml"
    assert export_file(pg_engine, exported) == before
    import_file(pg_engine, exported, replace=True)
    assert _service_count(pg_engine) == before

    broken = tmp_path / "broken.yml"
    broken.write_text(exported.read_text(encoding="utf-8").replace("telefoon", "telefax", 1), encoding="utf-8")
    with pytest.raises(DirectoryFileError, match="export.yml|broken.yml"):
        import_file(pg_engine, broken, replace=True)
    assert _service_count(pg_engine) == before
