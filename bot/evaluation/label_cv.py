"""python -m bot.evaluation.label_cv [--folds 5] [--c 3 8 20] [--dense 0 1] [--relative 0 0.6]

Cross-validation of the intent, signal and role classifiers (bot/nlp/labels.py) on the TRAINING data only
(data/nlu/): the tables of docs/evaluation/thresholds.md come from here. The held-out set (tests/nlu/)
is never read. Input is what the Rasa component sees: the message plus its lemmas from the project's
spaCy pipeline (build/spacy_nl), and the message itself for the sentence embedding.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np
from sklearn.model_selection import KFold

from bot.nlp.labels import (NO_LABEL, LabelledText, MultiLabelClassifier, SingleLabelClassifier, model_input,
                            select_labels)
from bot.settings import PROJECT_ROOT, SPACY_PIPELINE_DIR

TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
SIGNAL_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
ROLE_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def load_training() -> list[tuple[str, str, frozenset, frozenset, str]]:
    """(text, model input, signals, role, intent) of every training example."""
    import spacy
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlp.components.label_classifier import example_labels

    nlp = spacy.load(SPACY_PIPELINE_DIR)
    rows = []
    for message in load_data(str(TRAINING_DIR)).training_examples:
        text = message.get("text")
        if not text:
            continue
        lemmas = [t.lemma_ for t in nlp(text.lower())]  # SpacyNLP with case_sensitive: false
        rows.append((text, model_input(text, lemmas), example_labels(message, "signalen"),
                     example_labels(message, "rol"), message.get("intent")))
    return rows


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def signal_cv(rows, folds: int, c: float, dense: float,
              relatives: tuple[float, ...] = (0.0,)) -> dict[tuple[float, float], dict]:
    """Out-of-fold probabilities once, then every (threshold, relative bar) on them."""
    probabilities: list[dict[str, float]] = [dict() for _ in rows]
    for train, test in KFold(folds, shuffle=True, random_state=2026).split(rows):
        model = MultiLabelClassifier(c=c, dense_weight=dense).fit(
            [LabelledText(rows[i][1], rows[i][2], rows[i][0]) for i in train])
        scores = model.score_matrix([rows[i][1] for i in test], [rows[i][0] for i in test])
        for label, column in scores.items():
            for i, p in zip(test, column):
                probabilities[i][label] = float(p)
    results = {}
    for threshold, relative in ((t, r) for t in SIGNAL_THRESHOLDS for r in relatives):
        tp, fp, fn = Counter(), Counter(), Counter()
        for (_, _, gold, _, _), probs in zip(rows, probabilities):
            predicted = {label for label, _ in select_labels(probs, threshold, relative)}
            for label in predicted & gold:
                tp[label] += 1
            for label in predicted - gold:
                fp[label] += 1
            for label in gold - predicted:
                fn[label] += 1
        codes = sorted(set(tp) | set(fn))
        recall_ok = sum(1 for code in codes if _prf(tp[code], fp[code], fn[code])[1] >= 0.70)
        results[threshold, relative] = {"micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
                                        "codes_recall_ok": recall_ok, "codes": len(codes)}
    return results


def intent_cv(rows, folds: int, c: float, dense: float) -> dict[str, float]:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    intents = [r[4] for r in rows]
    predicted = [""] * len(rows)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=2026).split(rows, intents):
        model = SingleLabelClassifier(c=c, dense_weight=dense).fit(
            [LabelledText(rows[i][1], frozenset([intents[i]]), rows[i][0]) for i in train])
        for i, (label, _) in zip(test, model.best_many([rows[i][1] for i in test], [rows[i][0] for i in test])):
            predicted[i] = label
    return {"macro_f1": float(f1_score(intents, predicted, average="macro")),
            "accuracy": float(np.mean([a == b for a, b in zip(intents, predicted)]))}


def role_cv(rows, folds: int, c: float, dense: float) -> dict[float, dict]:
    best: list[tuple[str, float]] = [(NO_LABEL, 1.0)] * len(rows)
    for train, test in KFold(folds, shuffle=True, random_state=2026).split(rows):
        model = SingleLabelClassifier(c=c, dense_weight=dense).fit(
            [LabelledText(rows[i][1], rows[i][3], rows[i][0]) for i in train])
        for i, found in zip(test, model.best_many([rows[i][1] for i in test], [rows[i][0] for i in test])):
            best[i] = found
    results = {}
    for threshold in ROLE_THRESHOLDS:
        predicted = [label if label != NO_LABEL and p >= threshold else None for label, p in best]
        with_role = [(next(iter(r[3])), pred) for r, pred in zip(rows, predicted) if r[3]]
        results[threshold] = {
            "accuracy": float(np.mean([gold == pred for gold, pred in with_role])) if with_role else 0.0,
            "guesses": sum(1 for r, pred in zip(rows, predicted) if not r[3] and pred is not None),
            "with_role": len(with_role), "without": sum(1 for r in rows if not r[3]),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, nargs="+", default=[3.0, 8.0, 20.0])
    parser.add_argument("--dense", type=float, nargs="+", default=[0.0, 1.0],
                        help="weights of the sentence embedding next to the n-grams (0 = n-grams only)")
    parser.add_argument("--relative", type=float, nargs="+", default=[0.0, 0.6],
                        help="signals: share of the best signal's probability a signal also needs (0 = off)")
    parser.add_argument("--skip-intent", action="store_true")
    parser.add_argument("--skip-role", action="store_true")
    parser.add_argument("--skip-signals", action="store_true")
    args = parser.parse_args(argv)
    rows = load_training()
    print(f"{len(rows)} training examples, {args.folds}-fold cross-validation (data/nlu only)\n")
    for dense in args.dense:
        if not args.skip_intent:
            print(f"## Intent, sentence embedding weight {dense}\n")
            print("| C | macro-F1 | accuracy |\n|---|---|---|")
            for c in args.c:
                r = intent_cv(rows, args.folds, c, dense)
                print(f"| {c:g} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} |")
            print()
        if not args.skip_signals:
            print(f"## Signals, sentence embedding weight {dense}\n")
            print("| threshold | relative | " + " | ".join(f"C={c:g} P / R / F1 (codes R≥0.70)" for c in args.c)
                  + " |")
            print("|---|---|" + "---|" * len(args.c))
            start = time.time()
            tables = {c: signal_cv(rows, args.folds, c, dense, tuple(args.relative)) for c in args.c}
            for key in tables[args.c[0]]:
                cells = []
                for c in args.c:
                    r = tables[c][key]
                    p, rec, f1 = r["micro"]
                    cells.append(f"{p:.3f} / {rec:.3f} / {f1:.3f} ({r['codes_recall_ok']}/{r['codes']})")
                print(f"| {key[0]:.2f} | {key[1]:g} | " + " | ".join(cells) + " |")
            print(f"\n({time.time() - start:.0f} s)\n")
        if not args.skip_role:
            print(f"## Role, sentence embedding weight {dense}\n")
            print("| threshold | " + " | ".join(f"C={c:g} accuracy / guesses without a cue" for c in args.c) + " |")
            print("|---|" + "---|" * len(args.c))
            tables = {c: role_cv(rows, args.folds, c, dense) for c in args.c}
            for threshold in ROLE_THRESHOLDS:
                cells = [f"{tables[c][threshold]['accuracy']:.3f} / {tables[c][threshold]['guesses']}"
                         for c in args.c]
                print(f"| {threshold:.2f} | " + " | ".join(cells) + " |")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
