"""Figures about the directory and the place data."""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List

from sqlalchemy.engine import Engine

from . import places
from .exchange import export_records
from .records import ServiceRecord
from .textnorm import normalize_key


def place_stats() -> Dict[str, Any]:
    names = places.place_names()
    codes_by_key: Dict[tuple, set] = {}
    for surface, code in names:
        codes_by_key.setdefault(normalize_key(surface), set()).add(code)
    ambiguous = sorted(" ".join(k) for k, codes in codes_by_key.items() if len(codes) > 1)
    return {
        "gemeenten": len(places.all_gemeenten()),
        "plaatsnamen": len(names),
        "unieke_namen": len(codes_by_key),
        "dubbelzinnige_namen": len(ambiguous),
        "voorbeelden_dubbelzinnig": ambiguous[:10],
    }


def directory_stats(records: List[ServiceRecord]) -> Dict[str, Any]:
    checked = sorted(r.gecontroleerd_op for r in records)
    return {
        "diensten": len(records),
        "organisaties": len({r.organisatie_id for r in records}),
        "geverifieerd": sum(r.geverifieerd for r in records),
        "niet_geverifieerd": sum(not r.geverifieerd for r in records),
        "regionaal": sum(bool(r.dekking_gebieden) for r in records),
        "per_soort": dict(sorted(Counter(r.soort for r in records).items())),
        "per_onderwerp": dict(sorted(Counter(o for r in records for o in r.onderwerpen).items())),
        "per_dekking": dict(sorted(Counter(r.dekking_soort for r in records).items())),
        "kanalen": dict(sorted(Counter(c.soort for r in records for c in r.kanalen).items())),
        "oudste_controle": checked[0].isoformat() if checked else None,
        "nieuwste_controle": checked[-1].isoformat() if checked else None,
    }


def all_stats(engine: Engine) -> Dict[str, Any]:
    return {"directory": directory_stats(export_records(engine)), "plaatsen": place_stats()}
