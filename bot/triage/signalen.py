"""The signal catalogue: the codes of the slot `signalen`, read from bot/content/signalen.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "content" / "signalen.yml"
GROUPS = ("uitbuiting", "werving", "gedrag", "crisis")


@dataclass(frozen=True)
class Signaal:
    code: str
    group: str
    label: str
    description: str


def catalogue() -> dict[str, Signaal]:
    """Every known signal by code, in file order. A fresh dict each call; the file is read once."""
    return dict(_cached_catalogue())


def is_known(code: str) -> bool:
    return code in _cached_catalogue()


def load_catalogue(path: Path = CATALOGUE_FILE) -> dict[str, Signaal]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    signalen = {}
    for code, spec in data["signalen"].items():
        if spec["group"] not in GROUPS:
            raise ValueError(f"{path.name}: signal {code} has unknown group {spec['group']!r}")
        signalen[code] = Signaal(code=code, group=spec["group"], label=spec["label"],
                                 description=spec["description"])
    return signalen


@lru_cache(maxsize=1)
def _cached_catalogue() -> dict[str, Signaal]:
    return load_catalogue()
