"""`make bench`: `python -m benchmarks` writes docs/benchmarks.{md,png,json}.

    python -m benchmarks            full run (trains project and baseline into temporary folders, ~30-60 min)
    python -m benchmarks --quick    development run: no project training, short conversations, a baseline
                                    trained for a few epochs; writes results/benchmarks-quick/ instead of docs/

The served project model is the newest one in models/ (make bench trains it first when needed); nothing in
models/ is changed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import baseline, load, machine, servers
from benchmarks.conversations import load_conversations
from benchmarks.directory_search import directory_figures
from benchmarks.report import directory_summary, write_report
from benchmarks.training import timed_training
from bot.settings import PROJECT_ROOT

FULL_LEVELS = {1: 10, 10: 30, 50: 100}  # concurrency -> conversations measured
QUICK_LEVELS = {1: 2, 10: 10, 50: 50}
QUICK_TURNS = 3


def log(message: str) -> None:
    print(message, flush=True)


def train_both(work: Path, quick: bool, results: dict) -> Path:
    """Trains the baseline (and in a full run the project) into `work`; returns the baseline model."""
    env = servers.quiet_env()
    results["training"] = {}
    if not quick:
        log("Training the project into a temporary folder (empty training cache) ...")
        run = timed_training(
            [sys.executable, "-m", "bot", "rasa", "train", "--out", str(work / "project-model"),
             "--fixed-model-name", "project", "--quiet"],
            {**env, "RASA_CACHE_DIRECTORY": str(work / "project-cache")}, PROJECT_ROOT, work / "train-project.log")
        _check_training(run, work / "train-project.log")
        results["training"]["project"] = {"seconds": round(run.seconds, 1), "peak_rss_mib": round(run.peak_rss_mib)}
        log(f"  {run.seconds:.0f} s, peak RSS {run.peak_rss_mib:.0f} MiB")
    project = baseline.write_baseline(work / "baseline", quick=quick)
    log("Training the baseline ...")
    run = timed_training(baseline.train_command(sys.executable, project, work / "baseline-model"),
                         {**env, "RASA_CACHE_DIRECTORY": str(work / "baseline-cache")}, project.folder,
                         work / "train-baseline.log")
    _check_training(run, work / "train-baseline.log")
    results["training"]["baseline"] = {"seconds": round(run.seconds, 1), "peak_rss_mib": round(run.peak_rss_mib),
                                       "quick_epochs": baseline.QUICK_EPOCHS if quick else None}
    log(f"  {run.seconds:.0f} s, peak RSS {run.peak_rss_mib:.0f} MiB")
    return work / "baseline-model" / "baseline.tar.gz"


def _check_training(run, log_path: Path) -> None:
    if run.exit_code != 0:
        raise SystemExit(f"Training failed (exit {run.exit_code}); log:\n{log_path.read_text()[-3000:]}")


def measure_server(server: servers.Server, system: str, scripts: list[list[str]], levels: dict,
                   max_turns: int | None, results: dict) -> None:
    try:
        cold = server.wait_for_first_answer()
        results["cold_start_s"][system] = round(cold, 1)
        log(f"  first answer after {cold:.1f} s")
        run_id = datetime.now().strftime("%H%M%S")
        for channel in load.CHANNELS:
            log(f"  warm-up over {channel} ...")
            load.measure(server.url, load.Plan(channel, 2, len(scripts), max_turns), scripts,
                         f"bench-{system}-warm-{channel}-{run_id}")
        for concurrency, conversations in levels.items():
            for channel in load.CHANNELS:
                plan = load.Plan(channel, concurrency, conversations, max_turns)
                figures = load.measure(server.url, plan, scripts, f"bench-{system}-{channel}-{concurrency}-{run_id}")
                results["load"][system].append(figures)
                log(f"  {channel:8} x{concurrency:<3} {figures['messages']:4} messages, {figures['errors']} errors, "
                    f"p50 {figures['first']['p50_ms']:.0f} ms, p95 {figures['first']['p95_ms']:.0f} ms, "
                    f"{figures['throughput_msg_s']} msg/s")
        rows = server.peak_rss()
        results["rss"][system] = rows
        results["rss_total_mib"][system] = round(sum(row["peak_rss_mib"] for row in rows), 1)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short development run (see above)")
    parser.add_argument("--out", type=Path, help="folder for benchmarks.md/.png/.json")
    args = parser.parse_args(argv)
    out = args.out or (PROJECT_ROOT / ("results/benchmarks-quick" if args.quick else "docs"))
    if not any((PROJECT_ROOT / "models").glob("*.tar.gz")):
        raise SystemExit("No trained model in models/: run `make train` first.")
    scripts = load_conversations()
    if args.quick:
        scripts = scripts[:2]
    levels = QUICK_LEVELS if args.quick else FULL_LEVELS
    max_turns = QUICK_TURNS if args.quick else None
    started = time.perf_counter()
    results = {"quick": args.quick, "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine.describe(), "levels": levels, "cold_start_s": {}, "load": {"project": [],
               "baseline": []}, "rss": {}, "rss_total_mib": {}}
    services, queries = (1000, 200) if args.quick else (10_000, 2000)
    log("Directory search ...")
    timings = directory_figures(services, queries, log=lambda line: log("  " + line))
    results["directory"] = directory_summary(timings, services, queries)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        baseline_model = train_both(work, args.quick, results)
        log("Starting the project (python -m bot run) ...")
        measure_server(servers.start_project(work, work / "project.log"), "project", scripts, levels, max_turns,
                       results)
        log("Starting the baseline (rasa run) ...")
        measure_server(servers.start_baseline(work / "baseline", baseline_model, work / "baseline.log"), "baseline",
                       scripts, levels, max_turns, results)
    results["run_seconds"] = round(time.perf_counter() - started)
    for path in write_report(results, out):
        log(f"Wrote {path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
