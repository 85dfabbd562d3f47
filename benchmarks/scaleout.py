"""Two Rasa server processes sharing PostgreSQL and Redis (docs/deployment.md): peak memory per process and
throughput, against the same load on one of the two processes. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.scaleout [--conversations 16] [--concurrency 8]

Conversations are spread over the processes the way nginx's ip_hash spreads many clients; each sends the same
five messages. Needs Debian's postgresql, redis-server (make test-integration installs them) and a trained model.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from scaleout_cluster import cluster  # noqa: E402

MESSAGES = [
    "hoi",
    "mijn dochter van 14 heeft een vriend van 23 die haar overal ophaalt met de auto",
    "hij heeft haar ook een nieuwe iphone en dure sieraden gegeven",
    "waar kan ik hulp krijgen",
    "ik woon in den bosch",
]


def conversation(url: str) -> list[float]:
    sender, latencies = uuid.uuid4().hex, []
    for message in MESSAGES:
        start = time.perf_counter()
        requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                      timeout=120).raise_for_status()
        latencies.append(time.perf_counter() - start)
    return latencies


def load(urls: list[str], conversations: int, concurrency: int) -> dict:
    targets = [urls[n % len(urls)] for n in range(conversations)]
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [value for result in pool.map(conversation, targets) for value in result]
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"messages": len(latencies), "seconds": round(elapsed, 1),
            "messages_per_second": round(len(latencies) / elapsed, 2),
            "median_ms": round(statistics.median(ordered) * 1000),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scaleout-bench-") as work, cluster(Path(work)) as running:
        urls = [process.url for process in running.rasa]
        load(urls, 2, 2)  # warm-up: first turns load lazily initialised parts
        one = load(urls[:1], args.conversations, args.concurrency)
        two = load(urls, args.conversations, args.concurrency)
        print(f"one process : {one}")
        print(f"two processes: {two}")
        for process in [*running.rasa, running.action]:
            print(f"peak RSS (VmHWM) {process.name}: {process.peak_rss_kib() / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
