"""Seed data: the reviewable YAML files in `seed/`, loaded idempotently into the database."""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from sqlalchemy.engine import Engine

from .db import session_scope
from .models import Base
from .records import ServiceRecord
from .sources import load_records
from .store import (
    count_services,
    delete_orphan_organisations,
    delete_services,
    get_meta,
    herkomst_by_slug,
    set_meta,
    write_records,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_HASH_KEY = "seed_hash"


def seed_files(seed_dir: Optional[Path] = None) -> List[Path]:
    return sorted(Path(seed_dir or SEED_DIR).glob("*.yml"))


def seed_hash(seed_dir: Optional[Path] = None) -> str:
    digest = hashlib.sha256()
    for path in seed_files(seed_dir):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


_parsed: Dict[Tuple[str, str], List[ServiceRecord]] = {}


def load_seed_records(seed_dir: Optional[Path] = None) -> List[ServiceRecord]:
    """Every seed record; raises sources.DirectoryFileError listing each bad line.
    Parsed once per content (keyed by the seed hash); each call gets its own copies."""
    key = (str(Path(seed_dir or SEED_DIR).resolve()), seed_hash(seed_dir))
    if key not in _parsed:
        _parsed[key] = load_records(seed_files(seed_dir))
    return copy.deepcopy(_parsed[key])


def create_tables(engine: Engine) -> None:
    Base.metadata.create_all(engine)


def ensure_seeded(engine: Engine, seed_dir: Optional[Path] = None, force: bool = False) -> bool:
    """Create the tables and load the seed files when the directory is empty or the seed files changed.

    Entries added by `import` (herkomst 'import') are kept; an imported entry with the id of a seed entry wins.
    `force=True` reloads the seed files and drops imported entries too (back to the reviewed seed data).
    Returns True when seed data was (re)loaded. Safe to call at every start.
    """
    create_tables(engine)
    current = seed_hash(seed_dir)
    with session_scope(engine) as session:
        if not force and count_services(session) > 0 and get_meta(session, SEED_HASH_KEY) == current:
            return False
    records = load_seed_records(seed_dir)  # fails before touching the database
    with session_scope(engine) as session:
        origins = herkomst_by_slug(session)
        delete_services(session, [slug for slug, origin in origins.items() if force or origin == "seed"])
        delete_orphan_organisations(session)
        kept_imports = set() if force else {slug for slug, origin in origins.items() if origin == "import"}
        write_records(session, [r for r in records if r.id not in kept_imports], herkomst="seed")
        set_meta(session, SEED_HASH_KEY, current)
    return True
