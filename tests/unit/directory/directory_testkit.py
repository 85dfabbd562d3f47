"""Shared helpers for the opvang_directory tests (a plain module, so it cannot clash with other conftest files)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from opvang_directory.db import make_engine, session_scope  # noqa: E402
from opvang_directory.records import ChannelRecord, ServiceRecord  # noqa: E402
from opvang_directory.seed import ensure_seeded  # noqa: E402


def make_record(id: str = "test-dienst", kanalen: Optional[List[ChannelRecord]] = None, **overrides) -> ServiceRecord:
    values = dict(
        id=id,
        organisatie_id="test-org",
        organisatie_naam="Test Organisatie",
        organisatie_website=None,
        naam=id.replace("-", " ").title(),
        soort="hulplijn",
        beschrijving="Een testdienst.",
        onderwerpen=["seksuele_uitbuiting"],
        rollen=["jongere", "ouder", "omstander", "professional"],
        dekking_soort="landelijk",
        bron="https://example.org/bron",
        gecontroleerd_op=dt.date(2026, 11, 30),
        geverifieerd=True,
        kanalen=kanalen if kanalen is not None else [ChannelRecord(soort="telefoon", waarde="0800-1234", tijden="24/7")],
    )
    values.update(overrides)
    return ServiceRecord(**values)


@pytest.fixture
def file_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'opvang.db'}")
    ensure_seeded(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def memory_engine():
    engine = make_engine("sqlite://")
    ensure_seeded(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["memory", "file"])
def any_engine(request, tmp_path):
    url = "sqlite://" if request.param == "memory" else f"sqlite:///{tmp_path / 'opvang.db'}"
    engine = make_engine(url)
    ensure_seeded(engine)
    yield engine
    engine.dispose()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "opvang_directory", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_cli_json(*args: str) -> dict:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


__all__ = [
    "REPO_ROOT", "make_record", "file_engine", "memory_engine", "any_engine", "run_cli", "run_cli_json",
    "session_scope", "make_engine", "ensure_seeded",
]
