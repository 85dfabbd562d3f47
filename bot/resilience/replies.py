"""The fault replies, read from domain.yml (where every fact has its source).

They are read from the file and not from the trained model's domain: a fault must never depend on a retrain.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
ACTION_SERVER_DOWN = "utter_storing"
STORE_DOWN = "utter_storing_opslag"


@lru_cache(maxsize=1)
def _responses() -> dict:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


def fault_text(response: str) -> str:
    return _responses()[response][0]["text"]
