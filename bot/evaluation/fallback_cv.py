"""python -m bot.evaluation.fallback_cv [--config config.yml] [--folds 3] [--work DIR]

Chooses the FallbackClassifier threshold and ambiguity threshold by cross-validation on the TRAINING data
only (data/nlu/; the held-out tests/nlu/ is never read): the training examples are split in stratified
folds, the NLU pipeline is trained on all folds but one and parses the remaining one, and the intent
ranking of every parse is kept. The thresholds are then applied offline to those rankings.

Trains `folds` NLU models one after another (about 3 to 5 minutes each on 2 cores).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT

TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
FALLBACK = "nlu_fallback"
THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
AMBIGUITY = (0.0, 0.05, 0.1)


def _write_folds(folds: int, work: Path) -> list[tuple[Path, list[dict]]]:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    data = load_data(str(TRAINING_DIR))
    examples = [m for m in data.training_examples if m.get("text")]
    intents = [m.get("intent") for m in examples]
    result = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=2026)
    for k, (train, test) in enumerate(splitter.split(examples, intents)):
        path = work / f"fold{k}" / "train.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RasaYAMLWriter().dumps(TrainingData([examples[i] for i in train])), encoding="utf-8")
        result.append((path, [{"text": examples[i].get("text"), "intent": examples[i].get("intent")}
                              for i in test]))
    return result


def _parse(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def parse_all():
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse_all())


def run_folds(config: Path, folds: int, work: Path) -> list[dict]:
    from rasa.model_training import train_nlu

    rows = []
    for k, (train_file, test) in enumerate(_write_folds(folds, work)):
        start = time.time()
        model = train_nlu(str(config), str(train_file), str(work / f"fold{k}"), fixed_model_name="model")
        print(f"fold {k}: trained in {time.time() - start:.0f} s", flush=True)
        for example, parsed in zip(test, _parse(Path(model), [e["text"] for e in test])):
            ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != FALLBACK]
            rows.append({**example, "ranking": [(r["name"], r["confidence"]) for r in ranking[:3]],
                         "final": parsed["intent"]["name"]})
    (work / "rankings.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def _decide(rows: list[dict], threshold: float, ambiguity: float) -> list[str]:
    predicted = []
    for r in rows:
        ranking = r["ranking"] or [(FALLBACK, 0.0)]
        top, confidence = ranking[0]
        second = ranking[1][1] if len(ranking) > 1 else 0.0
        fallback = confidence < threshold or (ambiguity > 0 and confidence - second < ambiguity)
        predicted.append(FALLBACK if fallback else top)
    return predicted


def table(rows: list[dict]) -> str:
    """Per threshold pair, as in Rasa's FallbackClassifier (fallback when the top confidence is below the
    threshold or the top two are closer than the ambiguity threshold): macro-F1 and how many messages
    get the right intent, a wrong intent, or "I did not understand". Every training example has an
    intent, so a fallback never counts as right: the question is whether the messages a higher threshold
    turns into fallbacks would otherwise have been answered wrongly (worth it) or rightly (not worth it)."""
    from sklearn.metrics import f1_score

    gold = [r["intent"] for r in rows]
    labels = sorted(set(gold))
    lines = ["| threshold | ambiguity | macro-F1 | right | wrong | fallback | of the extra fallbacks, wrong before |",
             "|---|---|---|---|---|---|---|"]
    for ambiguity in AMBIGUITY:
        previous = None
        for threshold in THRESHOLDS:
            predicted = _decide(rows, threshold, ambiguity)
            f1 = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
            right = sum(g == p for g, p in zip(gold, predicted))
            fallback = predicted.count(FALLBACK)
            extra = ""
            if previous is not None:
                newly = [i for i, (a, b) in enumerate(zip(previous, predicted)) if b == FALLBACK and a != FALLBACK]
                if newly:
                    extra = f"{sum(previous[i] != gold[i] for i in newly)} of {len(newly)}"
            lines.append(f"| {threshold:.2f} | {ambiguity:g} | {f1:.3f} | {right} | {len(rows) - right - fallback} "
                         f"| {fallback} | {extra} |")
            previous = predicted
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=PROJECT_ROOT / "config.yml")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "fallback_cv")
    parser.add_argument("--rankings", type=Path, help="reuse the rankings.json of an earlier run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.rankings:
        rows = json.loads(args.rankings.read_text(encoding="utf-8"))
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        rows = run_folds(args.config, args.folds, args.work)
    print(f"{len(rows)} training examples, each parsed by a model that did not see it\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
