"""Writes the benchmark figures: docs/benchmarks.md (tables), docs/benchmarks.png (plot), docs/benchmarks.json."""
from __future__ import annotations

import json
from pathlib import Path

from benchmarks.stats import latency_summary

SYSTEMS = ("project", "baseline")
CHANNEL_NAMES = {"rest": "REST", "socketio": "socket.io"}

METHOD = """\
## How it was measured

- **Conversations**: the scripted Dutch conversations in `benchmarks/conversations.yml` (young people, parents,
  bystanders, professionals; 7–9 turns, with help and reporting-point lookups by place name or postcode and one
  crisis). The same messages, in the same order, go to the project and to the baseline.
- **Load**: closed loop. At concurrency N, N conversations run at the same time; each sends its next message as
  soon as the previous turn is finished, and a finished conversation is replaced by the next script until all
  planned conversations are done. Every conversation has a new id. Throughput = answered messages / wall time of
  that level (for socket.io the wall time includes connecting).
- **REST round trip**: from sending `POST /webhooks/rest/webhook` until the whole JSON answer is read.
- **socket.io round trip**: from emitting `user_uttered` until the *first* `bot_uttered` of that turn ("first"),
  and until the *last* one ("last"). The end of a turn is known exactly: the client asks for a socket.io
  acknowledgement, which the server sends when its message handler returns, after all `bot_uttered` events
  of the turn on the same connection. Latency tables and the plot use "first" unless they say "last".
- **Warm-up**: before measuring, every script runs once over REST and over socket.io (not counted).
- **Pace limit**: the project answers more than `MESSAGES_PER_MINUTE` (default 20) messages per conversation
  per minute with "te snel". The benchmark starts it with `MESSAGES_PER_MINUTE=100000` so every message is
  processed; everything else is the project's default configuration (SQLite tracker store with redaction under
  a temporary `VAR_DIR`, action server, INFO logging).
- **Cold start**: from starting the process (the real launcher `python -m bot run`, which also prepares the
  SQLite stores and starts the action server; for the baseline `rasa run`) until the first non-empty answer to
  a REST message. Files are in the page cache by then (the machine has just trained), so this is a warm-disk
  cold start.
- **Training**: `python -m bot rasa train` (project) and `rasa train` (baseline) into temporary folders with an
  empty Rasa training cache (`RASA_CACHE_DIRECTORY`), so every component is trained. The served project model
  is the one in `models/` (`make bench` trains it first when data or configuration changed).
- **Peak RSS**: `VmHWM` from `/proc/<pid>/status` of every process, read at the end of the run; training peak
  RSS from `wait4` (`ru_maxrss`) of the training process.
- **Baseline**: a plain Rasa 3.6 assistant with the default `rasa init` configuration. `rasa init` writes a
  `config.yml` whose pipeline and policies are commented out, so Rasa trains with its default configuration
  (`rasa/engine/recipes/config_files/default_config.yml`: WhitespaceTokenizer, RegexFeaturizer,
  LexicalSyntacticFeaturizer, two CountVectorsFeaturizers, DIET 100 epochs, EntitySynonymMapper,
  ResponseSelector, FallbackClassifier 0.3; MemoizationPolicy, RulePolicy, UnexpecTEDIntentPolicy, TEDPolicy
  100 epochs). The benchmark writes that explicit equivalent, with `language: nl` (no component in it depends
  on the language). It is trained on the project's `data/nlu/` files. The project's domain, stories and rules
  need custom actions and components, so the baseline gets a generated minimal domain (the project's intents,
  one fixed response per intent) and one rule per intent, and runs with plain `rasa run --enable-api`, Rasa's
  default in-memory tracker store and no action server. The difference between the two is therefore what the
  project's pipeline (spaCy, sentence encoder, signal and role classifiers, guards), its custom actions, the
  redacting SQL tracker store and its web additions cost per message.
- Benchmarks assert nothing: a shared machine is noisy. Compare figures from the same run only.
"""


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def find_level(results: dict, system: str, channel: str, concurrency: int) -> dict | None:
    return next((row for row in results.get("load", {}).get(system, [])
                 if row["channel"] == channel and row["concurrency"] == concurrency), None)


def target_rows(results: dict) -> list[tuple[str, str, bool | None]]:
    rows = []
    for concurrency, limit in ((10, 300), (50, 1000)):
        level = find_level(results, "project", "rest", concurrency)
        p95 = level["first"]["p95_ms"] if level else None
        rows.append((f"p95 below {limit} ms at {concurrency} concurrent REST conversations",
                     f"{_ms(p95)} ms", None if p95 is None else p95 < limit))
    cold = results.get("cold_start_s", {}).get("project")
    rows.append(("Rasa cold start below 45 s", "–" if cold is None else f"{cold:.1f} s",
                 None if cold is None else cold < 45))
    training = results.get("training", {}).get("project")
    seconds = training["seconds"] if training else None
    rows.append(("training below 8 minutes", "not measured (quick mode)" if seconds is None else f"{seconds / 60:.1f} min",
                 None if seconds is None else seconds < 480))
    total = results.get("rss_total_mib", {}).get("project")
    rows.append(("total RSS below 2 GB (all processes of the assistant)",
                 "–" if total is None else f"{total:.0f} MiB", None if total is None else total < 2048))
    return rows


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = ["# Benchmarks (issue #7)", ""]
    if results.get("quick"):
        lines += ["> **Quick run** (development mode: no training, few and short conversations, baseline trained "
                  "for only a few epochs). These figures are not the benchmark; run `make bench`.", ""]
    lines += [f"Written by `make bench` (`python -m benchmarks`) on {results['date']}. Total run time "
              f"{results['run_seconds'] / 60:.1f} min. Bottlenecks found with these figures, and what was "
              "changed: [performance.md](performance.md).", "",
              "## Machine", "",
              "| | |", "|---|---|",
              f"| cores | {machine['cores']} |", f"| memory | {machine['memory_gib']} GiB |",
              f"| CPU | {machine['cpu']} |", f"| OS | {machine['os']} |", f"| Python | {machine['python']} |",
              f"| Rasa | {machine['rasa']} |", f"| load average at start | {machine['load_average_at_start']} |", "",
              "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {_met(ok)} |" for name, value, ok in target_rows(results)]
    lines += ["", "## Round trips and throughput", "",
              "Latency in milliseconds (socket.io: until the first reply of the turn; \"last\": until the last).", "",
              "| system | channel | concurrent | messages | errors | no reply | p50 | p95 | p99 | last p50 | last p95 "
              "| last p99 | msg/s |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for system in SYSTEMS:
        for row in results.get("load", {}).get(system, []):
            last = row.get("last") or {}
            lines.append(
                f"| {system} | {CHANNEL_NAMES[row['channel']]} | {row['concurrency']} | {row['messages']} | "
                f"{row['errors']} | {row['without_reply']} | {_ms(row['first']['p50_ms'])} | "
                f"{_ms(row['first']['p95_ms'])} | {_ms(row['first']['p99_ms'])} | {_ms(last.get('p50_ms'))} | "
                f"{_ms(last.get('p95_ms'))} | {_ms(last.get('p99_ms'))} | {row['throughput_msg_s']} |")
    lines += ["", "### Throughput of the project relative to the baseline", "",
              "| channel | concurrent | project msg/s | baseline msg/s | project / baseline |",
              "|---|---:|---:|---:|---:|"]
    for row in results.get("load", {}).get("project", []):
        base = find_level(results, "baseline", row["channel"], row["concurrency"])
        ratio = (row["throughput_msg_s"] / base["throughput_msg_s"]) if base and base["throughput_msg_s"] else None
        lines.append(f"| {CHANNEL_NAMES[row['channel']]} | {row['concurrency']} | {row['throughput_msg_s']} | "
                     f"{base['throughput_msg_s'] if base else '–'} | {'–' if ratio is None else f'{ratio:.2f}'} |")
    lines += ["", "![p95 round trip and throughput per concurrency](benchmarks.png)", "",
              "## Cold start and training", "", "| | project | baseline |", "|---|---:|---:|"]
    cold = results.get("cold_start_s", {})
    lines.append(f"| cold start (process start → first answer) | {_s(cold.get('project'))} | {_s(cold.get('baseline'))} |")
    training = results.get("training", {})
    lines.append(f"| training time | {_s((training.get('project') or {}).get('seconds'))} | "
                 f"{_s((training.get('baseline') or {}).get('seconds'))} |")
    lines.append(f"| training peak RSS | {_mib((training.get('project') or {}).get('peak_rss_mib'))} | "
                 f"{_mib((training.get('baseline') or {}).get('peak_rss_mib'))} |")
    lines += ["", "## Memory (peak RSS per process)", "", "| system | process | peak RSS |", "|---|---|---:|"]
    for system in SYSTEMS:
        for row in results.get("rss", {}).get(system, []):
            lines.append(f"| {system} | {row['process']} | {_mib(row['peak_rss_mib'])} |")
        total = results.get("rss_total_mib", {}).get(system)
        if total is not None:
            lines.append(f"| {system} | **total** | **{_mib(total)}** |")
    directory = results.get("directory")
    if directory:
        lines += ["", "## Directory search", "",
                  f"`benchmarks/directory_search.py` ({directory['queries']} searches through the database "
                  "session, catalog cached as in the action server, SQLite):", "",
                  "| directory | p50 | p95 | p99 |", "|---|---:|---:|---:|"]
        for name, row in (("seed data", directory["seed"]),
                          (f"seed + {directory['services']} generated services", directory["generated"])):
            lines.append(f"| {name} | {row['p50_ms']:.2f} ms | {row['p95_ms']:.2f} ms | {row['p99_ms']:.2f} ms |")
    lines += ["", METHOD]
    return "\n".join(lines)


def _s(value) -> str:
    return "–" if value is None else f"{value:.1f} s"


def _mib(value) -> str:
    return "–" if value is None else f"{value:.0f} MiB"


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency_axis, throughput_axis) = plt.subplots(1, 2, figsize=(11, 4.2))
    for system, style in (("project", "-"), ("baseline", "--")):
        for channel, marker in (("rest", "o"), ("socketio", "s")):
            rows = [row for row in results.get("load", {}).get(system, []) if row["channel"] == channel]
            if not rows:
                continue
            levels = [row["concurrency"] for row in rows]
            label = f"{system} {CHANNEL_NAMES[channel]}"
            latency_axis.plot(levels, [row["first"]["p95_ms"] for row in rows], style, marker=marker, label=label)
            throughput_axis.plot(levels, [row["throughput_msg_s"] for row in rows], style, marker=marker,
                                 label=label)
    latency_axis.set(xscale="log", yscale="log", xlabel="concurrent conversations", ylabel="p95 round trip (ms)",
                     title="p95 round trip (socket.io: first reply)")
    throughput_axis.set(xscale="log", xlabel="concurrent conversations", ylabel="messages per second",
                        title="throughput")
    for axis in (latency_axis, throughput_axis):
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_report(results: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "benchmarks.json", folder / "benchmarks.md", folder / "benchmarks.png"]
    paths[0].write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(results), encoding="utf-8")
    plot(results, paths[2])
    return paths


def directory_summary(timings: dict, services: int, queries: int) -> dict:
    return {"services": services, "queries": queries,
            "seed": latency_summary(timings["seed"]), "generated": latency_summary(timings["generated"])}
