"""python -m bot.privacy.false_redactions [--show N]

Measures false redaction: runs the redactor over every training example in data/nlu/*.yml. Those examples
hold no personal data (place names, which must stay, aside), so every example the redactor changes is a
false redaction. Prints the rate, the kinds involved and the changed examples, and the time per call.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

import yaml

from bot.privacy.redact import find_personal_data, redact_text

NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"

# Rasa entity markup: [text](entity), [text]{"entity": ...}
_ENTITY_MARKUP = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\{[^}\n]*\})")


def strip_markup(text: str) -> str:
    return _ENTITY_MARKUP.sub(r"\1", text).strip()


def _example_texts(examples) -> Iterable[str]:
    if isinstance(examples, str):  # "- text\n- text"
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield line[2:]
            elif line == "-":
                continue
    elif isinstance(examples, list):  # [{text: ..., metadata: ...}, ...]
        for item in examples:
            text = item.get("text") if isinstance(item, dict) else item
            if isinstance(text, str):
                yield text


def training_examples(nlu_dir: Path = NLU_DIR) -> list[str]:
    """Every example text of the intents in nlu_dir/*.yml, entity markup and metadata stripped."""
    texts = []
    for path in sorted(nlu_dir.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            if isinstance(block, dict) and "intent" in block:
                texts.extend(strip_markup(text) for text in _example_texts(block.get("examples")))
    return [text for text in texts if text]


def false_redaction_report(texts: Iterable[str]) -> dict:
    """How many texts the redactor changes, which kinds it found, and every changed text with its redaction."""
    texts = list(texts)
    kinds: Counter = Counter()
    examples = []
    for text in texts:
        findings = find_personal_data(text)
        if findings:
            kinds.update(finding.kind for finding in findings)
            examples.append({"text": text, "redacted": redact_text(text),
                             "found": [(finding.kind, finding.text) for finding in findings]})
    return {
        "texts": len(texts),
        "changed": len(examples),
        "rate": len(examples) / len(texts) if texts else 0.0,
        "kinds": dict(kinds.most_common()),
        "examples": examples,
    }


def time_per_call(texts: list[str], repeats: int = 3) -> dict:
    """Median and 95th percentile of redact_text per text, in microseconds (best of `repeats`)."""
    redact_text("warm-up")  # word lists load on first use
    timings = []
    for text in texts:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            redact_text(text)
            best = min(best, time.perf_counter() - started)
        timings.append(best * 1e6)
    timings.sort()
    return {"median_us": statistics.median(timings), "p95_us": timings[int(len(timings) * 0.95) - 1],
            "max_us": timings[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=50, help="how many changed examples to print")
    args = parser.parse_args(argv)
    texts = training_examples()
    report = false_redaction_report(texts)
    print(f"{report['changed']} of {report['texts']} training examples changed "
          f"({report['rate']:.2%} false redaction)")
    print("kinds:", report["kinds"] or "-")
    for example in report["examples"][:args.show]:
        print(f"  {example['text']!r}\n    -> {example['redacted']!r}")
    speed = time_per_call(texts)
    print(f"redact_text: median {speed['median_us']:.0f} µs, p95 {speed['p95_us']:.0f} µs, "
          f"max {speed['max_us']:.0f} µs per example")
    return 0


if __name__ == "__main__":
    sys.exit(main())
