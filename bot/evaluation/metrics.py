"""Metrics for the evaluation report. Pure Python (scikit-learn only), so it is unit-tested without Rasa."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from bot.triage.reply import CRISIS_INTENTS


@dataclass(frozen=True)
class Prediction:
    text: str
    intent: str
    predicted_intent: str
    signalen: frozenset[str]
    predicted_signalen: frozenset[str]
    rol: str | None
    predicted_rol: str | None
    # What the assistant records in the slot `signalen` for this message (bot/triage/reply.py): the classifier's
    # and the crisis rules' signals when the predicted intent is one the triage rules handle.
    recorded_signalen: frozenset[str] | None = None


def intent_scores(predictions: Sequence[Prediction]) -> dict:
    expected = [p.intent for p in predictions]
    predicted = [p.predicted_intent for p in predictions]
    labels = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=labels, zero_division=0)
    return {
        "macro_f1": float(f1_score(expected, predicted, labels=labels, average="macro", zero_division=0)),
        "accuracy": sum(e == p for e, p in zip(expected, predicted)) / len(expected) if expected else 0.0,
        "per_intent": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
    }


def signal_scores(predictions: Sequence[Prediction], codes: Iterable[str], recorded: bool = False) -> dict:
    """Against the labels: the classifier's signals (default) or what the assistant records (`recorded`)."""
    found = [(p.signalen, p.recorded_signalen if recorded else p.predicted_signalen) for p in predictions]
    per_signal = {}
    for code in codes:
        tp = sum(code in gold and code in predicted for gold, predicted in found)
        fp = sum(code not in gold and code in predicted for gold, predicted in found)
        fn = sum(code in gold and code not in predicted for gold, predicted in found)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_signal[code] = {"precision": precision, "recall": recall, "support": tp + fn, "false_positives": fp}
    tp = sum(len(gold & predicted) for gold, predicted in found)
    fp = sum(len(predicted - gold) for gold, predicted in found)
    fn = sum(len(gold - predicted) for gold, predicted in found)
    micro_p = tp / (tp + fp) if tp + fp else 0.0
    micro_r = tp / (tp + fn) if tp + fn else 0.0
    micro_f1 = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    without = [predicted for gold, predicted in found if not gold]
    return {
        "micro_precision": micro_p, "micro_recall": micro_r, "micro_f1": micro_f1,
        "per_signal": per_signal,
        # Messages without any signal that still got one: false signals (e.g. out of scope, small talk).
        "false_signal_rate": (sum(bool(predicted) for predicted in without) / len(without)) if without else 0.0,
    }


def role_scores(predictions: Sequence[Prediction]) -> dict:
    labelled = [p for p in predictions if p.rol]
    unlabelled = [p for p in predictions if not p.rol]
    return {
        "accuracy": sum(p.predicted_rol == p.rol for p in labelled) / len(labelled) if labelled else 0.0,
        "support": len(labelled),
        "no_answer_rate": sum(p.predicted_rol is None for p in labelled) / len(labelled) if labelled else 0.0,
        # A role guessed for a message that does not show one.
        "guessed_without_cue_rate": (sum(p.predicted_rol is not None for p in unlabelled) / len(unlabelled)
                                     if unlabelled else 0.0),
    }


def crisis_scores(crisis: Sequence[tuple[str, str]], not_crisis: Sequence[str],
                  rule_fired: Sequence[bool] = ()) -> dict:
    """`crisis`: (expected crisis intent, predicted intent); `not_crisis`: predicted intents of non-crisis messages;
    `rule_fired`: per non-crisis message, whether the crisis rules fired (a full alarm, not a check-in)."""
    detected = [expected for expected, predicted in crisis if predicted in CRISIS_INTENTS]
    right_kind = [expected for expected, predicted in crisis if predicted == expected]
    alarms = [predicted for predicted in not_crisis if predicted in CRISIS_INTENTS]
    return {
        "recall": len(detected) / len(crisis) if crisis else 0.0,
        "kind_accuracy": len(right_kind) / len(crisis) if crisis else 0.0,
        "crisis_messages": len(crisis),
        "false_alarm_rate": len(alarms) / len(not_crisis) if not_crisis else 0.0,
        "false_alarms": len(alarms),
        # False alarms with the full crisis reply; the rest got the check-in that asks and gives 112 and 113.
        "full_false_alarms": sum(1 for predicted, fired in zip(not_crisis, rule_fired)
                                 if fired and predicted in CRISIS_INTENTS),
        "non_crisis_messages": len(not_crisis),
    }


def intent_confusion(predictions: Sequence[Prediction]) -> tuple[list[str], list[list[int]]]:
    labels = sorted({p.intent for p in predictions} | {p.predicted_intent for p in predictions})
    matrix = confusion_matrix([p.intent for p in predictions], [p.predicted_intent for p in predictions],
                              labels=labels)
    return labels, matrix.tolist()
