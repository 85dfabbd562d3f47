import json

import pytest

from directory_testkit import REPO_ROOT, ensure_seeded, make_engine, run_cli, run_cli_json


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """One seeded database for the tests that only read."""
    path = tmp_path_factory.mktemp("cli") / "opvang.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_seeded(engine)
    engine.dispose()
    return f"sqlite:///{path}"


def test_search_creates_and_seeds_an_empty_database(tmp_path):
    data = run_cli_json("search", "--plaats", "4811", "--onderwerp", "huiselijk_geweld", "--json",
                        "--db", f"sqlite:///{tmp_path / 'var' / 'opvang.db'}")
    assert (tmp_path / "var" / "opvang.db").exists()
    assert data["gemeente"] == "Breda" and data["resultaten"]


def test_search_json_for_free_text_place(db):
    data = run_cli_json(
        "search", "--plaats", "ik woon in zaandam", "--onderwerp", "seksuele_uitbuiting", "--rol", "jongere",
        "--leeftijd", "15", "--nu", "2026-12-02T22:00", "--json", "--db", db,
    )
    assert data["gemeente"] == "Zaanstad" and data["gm_code"] == "GM0479"
    results = data["resultaten"]
    assert results
    first = results[0]
    for key in ("naam", "kanalen", "open_nu", "anoniem", "opent_om", "kosten", "dekking", "geverifieerd", "bron",
                "gecontroleerd_op"):
        assert key in first
    assert {"soort", "waarde"} <= set(first["kanalen"][0])
    assert first["open_nu"] is True
    assert "De Kindertelefoon" in [r["naam"] for r in results]


def test_search_nickname(db):
    assert run_cli_json("search", "--plaats", "roffa", "--max", "3", "--json", "--db", db)["gemeente"] == "Rotterdam"


def test_search_ambiguous_place_gives_candidates_and_national_help(db):
    data = run_cli_json("search", "--plaats", "Bergen", "--onderwerp", "crisis_suicide", "--json", "--db", db)
    assert data["gemeente"] is None
    assert data["plaats_status"] == "ambiguous"
    assert data["kandidaten"] == ["Bergen (L.)", "Bergen (NH.)"]
    assert data["resultaten"][0]["naam"] == "113 Zelfmoordpreventie"


def test_search_unknown_place_and_bad_topic(db):
    data = run_cli_json("search", "--plaats", "nergenshuizen", "--json", "--db", db)
    assert data["gemeente"] is None and data["resultaten"]
    result = run_cli("search", "--onderwerp", "roddels", "--db", db)
    assert result.returncode == 2 and "roddels" in result.stderr


def test_search_human_readable(db):
    result = run_cli("search", "--plaats", "Leeuwarden", "--onderwerp", "seksueel_geweld", "--db", db)
    assert result.returncode == 0
    assert "Gemeente: Leeuwarden" in result.stdout and "0800-0188" in result.stdout


def test_validate_seed_files_ok():
    result = run_cli("validate", "--vandaag", "2026-12-31", "--maanden", "12", "--streng")
    assert result.returncode == 0, result.stderr
    assert "0 fout(en)" in result.stdout and "verouderd" not in result.stderr


def test_validate_reports_bad_phone_with_line(tmp_path):
    path = tmp_path / "fout.yml"
    path.write_text(
        (REPO_ROOT / "opvang_directory" / "seed" / "crisis-en-luisteren.yml")
        .read_text(encoding="utf-8")
        .replace('"0800-0113"', '"0800-011"'),
        encoding="utf-8",
    )
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "0800-011\"" in text)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:{line}:" in result.stderr and "0800-011" in result.stderr


def test_validate_stale_entries(tmp_path):
    lenient = run_cli("validate", "--vandaag", "2028-06-01", "--maanden", "12")
    assert lenient.returncode == 0 and "verouderd" in lenient.stderr
    strict = run_cli("validate", "--vandaag", "2028-06-01", "--maanden", "12", "--streng")
    assert strict.returncode == 1


def test_export_import_round_trip_and_failed_import(tmp_path, db):  # writes only to its own databases
    yaml_path, csv_path = tmp_path / "export.yml", tmp_path / "export.csv"
    assert run_cli("export", str(yaml_path), "--db", db).returncode == 0
    assert run_cli("export", str(csv_path), "--db", db).returncode == 0
    other = f"sqlite:///{tmp_path / 'ander.db'}"
    result = run_cli("import", str(csv_path), "--zonder-seed", "--db", other)
    assert result.returncode == 0, result.stderr
    assert run_cli("export", "-", "--formaat", "yaml", "--db", other).stdout == yaml_path.read_text(encoding="utf-8")

    bad = tmp_path / "fout.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("https://", "htps://")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = run_cli("export", "-", "--formaat", "csv", "--db", other).stdout
    failed = run_cli("import", str(bad), "--db", other)
    assert failed.returncode == 1
    assert f"{bad}:3:" in failed.stderr and "niets veranderd" in failed.stderr
    assert run_cli("export", "-", "--formaat", "csv", "--db", other).stdout == before


def test_stats(db):
    data = run_cli_json("stats", "--json", "--db", db)
    assert data["plaatsen"]["gemeenten"] == 342
    directory = data["directory"]
    assert directory["diensten"] == directory["geverifieerd"] + directory["niet_geverifieerd"] >= 25
    assert directory["niet_geverifieerd"] > 0


def test_plaats_command():
    data = json.loads(run_cli("plaats", "ik woon in hellevoetsluis").stdout)
    assert data["gemeente"] == "Voorne aan Zee" and data["provincie"] == "Zuid-Holland"


def test_package_never_imports_rasa_or_reads_the_environment():
    import subprocess
    import sys

    code = (
        "import sys, os\n"
        "reads = []\n"
        "class Watch(dict):\n"
        "    def __getitem__(self, key):\n"
        "        reads.append(key); return dict.__getitem__(self, key)\n"
        "    def get(self, key, default=None):\n"
        "        reads.append(key); return dict.get(self, key, default)\n"
        "import opvang_directory.cli, opvang_directory.search, opvang_directory.places, opvang_directory.exchange\n"
        "os.environ = Watch(os.environ)\n"
        "from opvang_directory.db import make_engine\n"
        "from opvang_directory.seed import ensure_seeded\n"
        "from opvang_directory.search import search\n"
        "from opvang_directory.db import session_scope\n"
        "engine = make_engine('sqlite://'); ensure_seeded(engine)\n"
        "with session_scope(engine) as s: search(s, gemeente='Zaanstad', onderwerp='seksuele_uitbuiting')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'tensorflow', 'spacy')]\n"
        "own = [k for k in reads if k.startswith(('OPVANG', 'DATABASE', 'DB_'))]\n"
        "print(bad, own)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"
