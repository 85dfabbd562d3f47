import pytest

from directory_testkit import file_engine, make_engine, memory_engine  # noqa: F401 (fixtures)
from opvang_directory.exchange import export_file, export_records, export_text, import_file
from opvang_directory.seed import ensure_seeded, load_seed_records
from opvang_directory.sources import DirectoryFileError, read_files


def snapshot(engine):
    return export_text(engine, "yaml") + export_text(engine, "csv")


def test_export_contains_exactly_the_seed_data(memory_engine):
    exported = sorted(export_records(memory_engine), key=lambda r: r.id)
    assert exported == sorted(load_seed_records(), key=lambda r: r.id)


@pytest.mark.parametrize("suffix", ["yml", "csv"])
def test_round_trip_through_a_file(tmp_path, file_engine, suffix):
    path = tmp_path / f"export.{suffix}"
    count = export_file(file_engine, path)
    assert count == len(load_seed_records())
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    report = import_file(fresh, path)
    assert (report.total, report.added, report.updated) == (count, count, 0)
    assert export_text(fresh, "yaml") == export_text(file_engine, "yaml")
    assert export_text(fresh, "csv") == export_text(file_engine, "csv")
    entries, issues = read_files([path])
    assert issues == [] and sorted(e.record.id for e in entries) == sorted(r.id for r in load_seed_records())
    fresh.dispose()


def test_yaml_and_csv_carry_the_same_records(tmp_path, memory_engine):
    yaml_path, csv_path = tmp_path / "a.yaml", tmp_path / "a.csv"
    export_file(memory_engine, yaml_path)
    export_file(memory_engine, csv_path)
    from_yaml = sorted((e.record for e in read_files([yaml_path])[0]), key=lambda r: r.id)
    from_csv = sorted((e.record for e in read_files([csv_path])[0]), key=lambda r: r.id)
    assert from_yaml == from_csv


def test_import_updates_and_adds(tmp_path, memory_engine):
    path = tmp_path / "wijziging.csv"
    export_file(memory_engine, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    keerpunt = next(r for r in rows if r.split(",")[3] == "keerpunt")
    changed = keerpunt.replace("Keerpunt,", "Keerpunt chat,", 1)
    added = keerpunt.replace("keerpunt,Keerpunt,", "keerpunt-test,Keerpunt test,", 1)
    path.write_text("\n".join([header, changed, added]) + "\n", encoding="utf-8")
    report = import_file(memory_engine, path)
    assert (report.total, report.added, report.updated) == (2, 1, 1)
    names = {r.id: r.naam for r in export_records(memory_engine)}
    assert names["keerpunt"] == "Keerpunt chat" and names["keerpunt-test"] == "Keerpunt test"
    assert len(names) == len(load_seed_records()) + 1


def test_failed_import_changes_nothing(tmp_path, file_engine):
    before = snapshot(file_engine)
    path = tmp_path / "fout.csv"
    export_file(file_engine, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    bad_index = next(i for i, line in enumerate(lines) if "0800-0113" in line)
    lines = [line.replace("Fier", "Fier (bijgewerkt)") for line in lines]  # valid changes in other rows
    lines[bad_index] = lines[bad_index].replace("0800-0113", "0800-01")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DirectoryFileError) as error:
        import_file(file_engine, path)
    [issue] = error.value.issues
    assert issue.line == bad_index + 1 and "0800-01" in issue.message
    assert snapshot(file_engine) == before


def test_failed_import_with_replace_changes_nothing(tmp_path, memory_engine):
    before = snapshot(memory_engine)
    path = tmp_path / "fout.yml"
    path.write_text("organisaties:\n  - id: x\n    naam: X\n    diensten:\n      - id: x\n        naam: X\n", encoding="utf-8")
    with pytest.raises(DirectoryFileError) as error:
        import_file(memory_engine, path, replace=True)
    assert all(issue.line == 5 for issue in error.value.issues)
    assert snapshot(memory_engine) == before


def test_import_rejects_unknown_file_types_and_empty_files(tmp_path, memory_engine):
    with pytest.raises(DirectoryFileError):
        import_file(memory_engine, tmp_path / "lijst.txt")
    empty = tmp_path / "leeg.yml"
    empty.write_text("organisaties: []\n", encoding="utf-8")
    with pytest.raises(DirectoryFileError):
        import_file(memory_engine, empty)


def test_imported_entries_survive_a_seed_update_and_force_restores(tmp_path):
    import shutil

    from opvang_directory.seed import SEED_DIR

    seed_dir = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed_dir)
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    ensure_seeded(engine, seed_dir=seed_dir)
    path = tmp_path / "lokaal.yml"
    export_file(engine, path)
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Keerpunt\n", "naam: Keerpunt lokaal\n"), encoding="utf-8")
    import_file(engine, path)
    (seed_dir / "informatie.yml").write_text(
        (seed_dir / "informatie.yml").read_text(encoding="utf-8") + "\n# gewijzigd\n", encoding="utf-8"
    )
    assert ensure_seeded(engine, seed_dir=seed_dir) is True
    assert {r.id: r.naam for r in export_records(engine)}["keerpunt"] == "Keerpunt lokaal"
    assert ensure_seeded(engine, seed_dir=seed_dir, force=True) is True
    assert {r.id: r.naam for r in export_records(engine)}["keerpunt"] == "Keerpunt"
    engine.dispose()


def test_error_while_writing_rolls_back(tmp_path, file_engine, monkeypatch):
    import opvang_directory.exchange as exchange

    before = snapshot(file_engine)
    path = tmp_path / "goed.yml"
    export_file(file_engine, path)
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Keerpunt\n", "naam: Keerpunt nieuw\n"), encoding="utf-8")
    original = exchange.write_records

    def write_then_fail(session, records, herkomst):
        original(session, records, herkomst)
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(exchange, "write_records", write_then_fail)
    with pytest.raises(RuntimeError):
        import_file(file_engine, path)
    assert snapshot(file_engine) == before
