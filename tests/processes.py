"""Stopping a server process that a test started: politely first, then for certain."""
from __future__ import annotations

import subprocess


def stop_process(process: subprocess.Popen, grace_seconds: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
