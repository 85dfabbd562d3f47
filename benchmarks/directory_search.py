"""Directory search latency: on the real seed data and on a generated directory of 10,000 services.

    .venv/bin/python benchmarks/directory_search.py [--services 10000] [--queries 2000]

Prints p50/p95/p99 in milliseconds for searches through the database session (what the action server does: the
catalog is loaded once per data version and cached) on SQLite files. Generated services are regional (a random
gemeente, veiligheidsregio or province each) so every search has to check coverage.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import latency_summary  # noqa: E402
from opvang_directory.db import make_engine, session_scope  # noqa: E402
from opvang_directory.places import all_gemeenten  # noqa: E402
from opvang_directory.search import search  # noqa: E402
from opvang_directory.seed import ensure_seeded, load_seed_records  # noqa: E402
from opvang_directory.store import write_records  # noqa: E402
from opvang_directory.vocab import ONDERWERPEN, ROLLEN  # noqa: E402


def generated_records(count: int, rng: random.Random) -> list:
    templates = [r for r in load_seed_records() if r.dekking_soort == "gemeenten"] or load_seed_records()
    gemeenten = all_gemeenten()
    records = []
    for i in range(count):
        template = rng.choice(templates)
        area = rng.sample(gemeenten, k=rng.randint(1, 5))
        records.append(dataclasses.replace(
            template, id=f"bench-{i}", naam=f"Testdienst {i}", organisatie_id=f"bench-org-{i % 500}",
            organisatie_naam=f"Testorganisatie {i % 500}", dekking_soort="gemeenten",
            dekking_gebieden=[g.naam for g in area],
            onderwerpen=rng.sample(list(ONDERWERPEN), k=rng.randint(1, 3)),
            rollen=rng.sample(list(ROLLEN), k=rng.randint(1, 4)),
        ))
    return records


def measure(engine, queries: int, rng: random.Random) -> list[float]:
    gemeenten = all_gemeenten()
    timings = []
    with session_scope(engine) as session:
        search(session, gemeente=gemeenten[0].naam)  # load and cache the catalog, as a running server has
        for _ in range(queries):
            start = time.perf_counter()
            search(session, gemeente=rng.choice(gemeenten).naam, onderwerp=rng.choice(list(ONDERWERPEN)),
                   rol=rng.choice(list(ROLLEN)), leeftijd=rng.choice([None, 15, 30]))
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def summary(name: str, timings: list[float]) -> str:
    figures = latency_summary(timings)
    return (f"{name}: n={figures['n']} p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, "
            f"p99 {figures['p99_ms']:.2f} ms")


def directory_figures(services: int, queries: int, log=print) -> dict:
    """Search latencies in ms on the seed data and on seed + `services` generated services."""
    rng = random.Random(2026)
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        real = make_engine(f"sqlite:///{folder}/real.db")
        ensure_seeded(real)
        figures["seed"] = measure(real, queries, rng)
        log(summary("seed data", figures["seed"]))

        big = make_engine(f"sqlite:///{folder}/big.db")
        ensure_seeded(big)
        start = time.perf_counter()
        with session_scope(big) as session:
            write_records(session, generated_records(services, rng), "import")
        log(f"generated {services} services written in {time.perf_counter() - start:.1f} s")
        figures["generated"] = measure(big, queries, rng)
        log(summary(f"seed + {services} generated services", figures["generated"]))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    args = parser.parse_args()
    directory_figures(args.services, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
