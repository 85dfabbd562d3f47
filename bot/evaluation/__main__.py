"""python -m bot.evaluation [--model PATH] [--out DIR]

Parses every held-out message with the trained model and writes report.md, report.json and
intent_confusion.png. The held-out data is never trained on: tests/nlu/*.yml and tests/data/crisis/*.yml.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import platform
from datetime import date
from pathlib import Path

import yaml

from bot.evaluation.metrics import (Prediction, crisis_scores, intent_confusion, intent_scores, role_scores,
                                    signal_scores)
from bot.settings import MODEL_DIR, PROJECT_ROOT
from bot.triage.reply import CRISIS_ENTITY, CRISIS_INTENT_FOR_KIND, CRISIS_INTENTS

HELD_OUT_DIR = PROJECT_ROOT / "tests" / "nlu"
CRISIS_DIR = PROJECT_ROOT / "tests" / "data" / "crisis"


def load_held_out() -> list[tuple[str, str, frozenset, str | None]]:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlp.components.label_classifier import example_labels

    examples = []
    for path in sorted(HELD_OUT_DIR.glob("*.yml")):
        for message in load_data(str(path)).training_examples:
            rol = example_labels(message, "rol")
            examples.append((message.get("text"), message.get("intent"), example_labels(message, "signalen"),
                             next(iter(rol)) if rol else None))
    return examples


def load_crisis_sets() -> tuple[list[tuple[str, str]], list[str]]:
    crisis = yaml.safe_load((CRISIS_DIR / "crisis.yml").read_text(encoding="utf-8"))
    calm = yaml.safe_load((CRISIS_DIR / "niet_crisis.yml").read_text(encoding="utf-8"))
    crisis_messages = [(text, CRISIS_INTENT_FOR_KIND[kind]) for kind, texts in crisis.items() for text in texts]
    return crisis_messages, [text for texts in calm.values() for text in texts]


class Parser:
    def __init__(self, model: Path):
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.INFO)  # structlog otherwise prints every parse, message text included
        self.agent = Agent.load(str(model))

    def parse(self, texts: list[str]) -> list[dict]:
        async def parse_all():
            return [await self.agent.parse_message(text) for text in texts]

        return asyncio.run(parse_all())


def entity_values(parsed: dict, entity: str, extractor: str | None = None) -> list[str]:
    return [e["value"] for e in parsed.get("entities", [])
            if e.get("entity") == entity and (extractor is None or e.get("extractor") == extractor)]


def evaluate(model: Path) -> tuple[dict, list[Prediction]]:
    from bot.nlp.components.label_classifier import RolClassifier, SignalenClassifier
    from bot.triage.reply import Recognised
    from bot.triage.signalen import catalogue

    held_out = load_held_out()
    crisis_messages, calm_messages = load_crisis_sets()
    parser = Parser(model)
    parsed = parser.parse([text for text, *_ in held_out])
    predictions = [
        Prediction(text=text, intent=intent, predicted_intent=p["intent"]["name"], signalen=signalen,
                   predicted_signalen=frozenset(entity_values(p, SignalenClassifier.entity,
                                                              SignalenClassifier.__name__)),
                   rol=rol, predicted_rol=(entity_values(p, RolClassifier.entity) or [None])[0],
                   recorded_signalen=frozenset(Recognised.from_entities(p.get("entities", []))
                                               .signalen_to_record(p["intent"]["name"])))
        for (text, intent, signalen, rol), p in zip(held_out, parsed)
    ]
    crisis_parsed = parser.parse([text for text, _ in crisis_messages])
    calm_parsed = parser.parse(calm_messages)
    dedicated_crisis = [(expected, p["intent"]["name"]) for (_, expected), p in zip(crisis_messages, crisis_parsed)]
    dedicated_calm = [p["intent"]["name"] for p in calm_parsed]
    dedicated_calm_fired = [bool(entity_values(p, CRISIS_ENTITY)) for p in calm_parsed]
    held_out_crisis = [(p.intent, p.predicted_intent) for p in predictions if p.intent in CRISIS_INTENTS]
    held_out_calm_parsed = [p for prediction, p in zip(predictions, parsed)
                            if prediction.intent not in CRISIS_INTENTS]
    held_out_calm = [p["intent"]["name"] for p in held_out_calm_parsed]
    held_out_calm_fired = [bool(entity_values(p, CRISIS_ENTITY)) for p in held_out_calm_parsed]
    report = {
        "date": date.today().isoformat(),
        "model": model.name,
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "held_out_messages": len(predictions),
        "intents": intent_scores(predictions),
        "signalen": signal_scores(predictions, sorted(catalogue()), recorded=True),
        "signalen_classifier": signal_scores(predictions, sorted(catalogue())),
        "rol": role_scores(predictions),
        "crisis": crisis_scores(dedicated_crisis + held_out_crisis, dedicated_calm + held_out_calm,
                                dedicated_calm_fired + held_out_calm_fired),
        # The dedicated crisis test sets (tests/data/crisis/) and the crisis intents of the NLU held-out set.
        "crisis_dedicated": crisis_scores(dedicated_crisis, dedicated_calm, dedicated_calm_fired),
        "crisis_held_out": crisis_scores(held_out_crisis, held_out_calm, held_out_calm_fired),
        "intent_errors": [
            {"text": p.text, "expected": p.intent, "predicted": p.predicted_intent}
            for p in predictions if p.intent != p.predicted_intent
        ],
        "missed_crisis": [text for (text, _), p in zip(crisis_messages, crisis_parsed)
                          if p["intent"]["name"] not in CRISIS_INTENTS],
    }
    return report, predictions


def plot_confusion(predictions: list[Prediction], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = intent_confusion(predictions)
    size = max(8, len(labels) * 0.45)
    figure, axes = plt.subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlabel("voorspeld")
    axes.set_ylabel("verwacht")
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                axes.text(j, i, str(count), ha="center", va="center", fontsize=6,
                          color="white" if count > max(map(max, matrix)) / 2 else "black")
    axes.set_title("Intents op de held-out testset")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _crisis_rows(name: str, scores: dict) -> list[str]:
    return [
        f"| crisis recall, {name} (n={scores['crisis_messages']}) | {_pct(scores['recall'])} "
        f"(kind right {_pct(scores['kind_accuracy'])}) |",
        f"| crisis false alarms, {name} | {scores['false_alarms']} of {scores['non_crisis_messages']} "
        f"({_pct(scores['false_alarm_rate'])}); full crisis reply {scores['full_false_alarms']}, "
        f"check-in {scores['false_alarms'] - scores['full_false_alarms']} |",
    ]


def markdown(report: dict) -> str:
    intents, signalen, rol, crisis = report["intents"], report["signalen"], report["rol"], report["crisis"]
    classifier = report["signalen_classifier"]
    codes_ok = sum(1 for s in signalen["per_signal"].values() if s["recall"] >= 0.70)
    lines = [
        "# NLU evaluation on the held-out test set",
        "",
        f"Date {report['date']}; model `{report['model']}`; {report['machine']}. Generated by `make eval`.",
        f"Held-out messages: {report['held_out_messages']} (`tests/nlu/`, never trained on) plus "
        f"{crisis['crisis_messages']} crisis and {crisis['non_crisis_messages']} non-crisis messages in total "
        "(including `tests/data/crisis/`).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| intent macro-F1 | {intents['macro_f1']:.3f} |",
        f"| intent accuracy | {_pct(intents['accuracy'])} |",
        f"| signals recorded in `signalen`: micro precision / recall / F1 | {_pct(signalen['micro_precision'])} / "
        f"{_pct(signalen['micro_recall'])} / {signalen['micro_f1']:.3f} |",
        f"| signal codes with recall ≥ 70% | {codes_ok} of {len(signalen['per_signal'])} |",
        f"| messages without a signal that got one recorded | {_pct(signalen['false_signal_rate'])} |",
        f"| signals of the classifier alone, every message: P / R / F1 | {_pct(classifier['micro_precision'])} / "
        f"{_pct(classifier['micro_recall'])} / {classifier['micro_f1']:.3f} |",
        f"| role accuracy (messages that show a role, n={rol['support']}) | {_pct(rol['accuracy'])} |",
        f"| role guessed where the message shows none | {_pct(rol['guessed_without_cue_rate'])} |",
        *_crisis_rows("all crisis data", crisis),
        *_crisis_rows("dedicated crisis sets (tests/data/crisis)", report["crisis_dedicated"]),
        *_crisis_rows("NLU held-out (tests/nlu)", report["crisis_held_out"]),
        "",
        "![intent confusion matrix](intent_confusion.png)",
        "",
        "## Per signal",
        "",
        "Signals as the assistant records them in the slot `signalen` (bot/triage/reply.py): what the signal",
        "classifier found in a message that the triage rules handle (a described situation, a worry, a stated role",
        "or a crisis), plus the signals a crisis rule shows for certain (`zelfbeschadiging` for thoughts of",
        "suicide or self-harm, `dreiging_geweld` for being hit, held or threatened now; bot/triage/crisis.py).",
        "Signals the classifier finds in a question (\"waarom wil hij dat ze haar familie niet meer ziet?\") are",
        "not recorded, so they are no false alarm here; the classifier-alone row above counts them.",
        "",
        "| signal | precision | recall | support | false positives |",
        "|---|---|---|---|---|",
    ]
    for code, s in signalen["per_signal"].items():
        lines.append(f"| {code} | {_pct(s['precision'])} | {_pct(s['recall'])} | {s['support']} | "
                     f"{s['false_positives']} |")
    lines += ["", "## Per intent", "", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, s in intents["per_intent"].items():
        lines.append(f"| {name} | {_pct(s['precision'])} | {_pct(s['recall'])} | {s['f1']:.3f} | {s['support']} |")
    if report["missed_crisis"]:
        lines += ["", "## Missed crisis messages", ""] + [f"- {text}" for text in report["missed_crisis"]]
    lines += ["", f"## Intent errors ({len(report['intent_errors'])})", ""]
    lines += [f"- `{e['expected']}` → `{e['predicted']}`: {e['text']}" for e in report["intent_errors"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.evaluation")
    parser.add_argument("--model", type=Path, default=MODEL_DIR / "loverboys-nl.tar.gz")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "evaluation")
    args = parser.parse_args()
    report, predictions = evaluate(args.model)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (args.out / "report.md").write_text(markdown(report), encoding="utf-8")
    plot_confusion(predictions, args.out / "intent_confusion.png")
    print(markdown(report).split("## Per signal")[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
