"""Import and export of directory entries as YAML or CSV files. A failed import changes nothing."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from sqlalchemy.engine import Engine

from .db import session_scope
from .records import Issue, ServiceRecord
from .seed import create_tables
from .sources import DirectoryFileError, file_format, read_files, records_to_csv, records_to_yaml
from .store import herkomst_by_slug, read_records, replace_all, write_records


@dataclass(frozen=True)
class ImportReport:
    total: int
    added: int
    updated: int
    removed: int


def import_file(engine: Engine, path: Path, replace: bool = False) -> ImportReport:
    """Check the whole file first (DirectoryFileError lists every bad line), then write in one transaction.

    Entries with an existing id are replaced; `replace=True` removes every entry that is not in the file.
    Imported entries get herkomst 'import' and are not overwritten by later seed updates."""
    path = Path(path)
    file_format(path)
    entries, issues = read_files([path])
    if issues:
        raise DirectoryFileError(issues)
    if not entries:
        raise DirectoryFileError([Issue(str(path), 0, "het bestand bevat geen diensten")])
    records = [e.record for e in entries]
    create_tables(engine)
    with session_scope(engine) as session:
        existing = set(herkomst_by_slug(session))
        new_ids = {r.id for r in records}
        if replace:
            replace_all(session, records, herkomst="import")
        else:
            write_records(session, records, herkomst="import")
    return ImportReport(
        total=len(records),
        added=len(new_ids - existing),
        updated=len(new_ids & existing),
        removed=len(existing - new_ids) if replace else 0,
    )


def export_records(engine: Engine) -> List[ServiceRecord]:
    create_tables(engine)
    with session_scope(engine) as session:
        return read_records(session)


def _render(records: List[ServiceRecord], fmt: str) -> str:
    if fmt == "csv":
        return records_to_csv(records)
    if fmt == "yaml":
        return records_to_yaml(records)
    raise ValueError(f"onbekend formaat '{fmt}' (csv of yaml)")


def export_text(engine: Engine, fmt: str) -> str:
    return _render(export_records(engine), fmt)


def export_file(engine: Engine, path: Path, fmt: Optional[str] = None) -> int:
    """Write every entry to `path` (format from `fmt` or the file extension); returns the number written."""
    path = Path(path)
    fmt = fmt or file_format(path)
    records = export_records(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_render(records, fmt), encoding="utf-8")
    return len(records)
