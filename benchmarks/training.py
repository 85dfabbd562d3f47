"""Runs a training command and measures its wall time and peak memory."""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TrainingRun:
    seconds: float
    peak_rss_mib: float
    exit_code: int


def timed_training(command: list[str], env: dict, cwd: Path, log_path: Path) -> TrainingRun:
    """wait4 returns the child's own resource usage: ru_maxrss is its peak RSS (KiB on Linux), including
    descendants it waited for."""
    start = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return TrainingRun(seconds, usage.ru_maxrss / 1024, process.returncode)
