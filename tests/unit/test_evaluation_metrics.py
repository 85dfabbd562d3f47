import pytest

from bot.evaluation.metrics import (Prediction, crisis_scores, intent_confusion, intent_scores, role_scores,
                                    signal_scores)


def pred(intent, predicted, signalen=(), predicted_signalen=(), rol=None, predicted_rol=None):
    return Prediction("x", intent, predicted, frozenset(signalen), frozenset(predicted_signalen), rol, predicted_rol)


def test_intent_macro_f1_averages_over_the_expected_intents():
    scores = intent_scores([pred("a", "a"), pred("a", "b"), pred("b", "b"), pred("b", "b")])
    assert scores["accuracy"] == 0.75
    # a: P 1, R .5 -> F1 .667; b: P .667, R 1 -> F1 .8
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert scores["per_intent"]["a"]["support"] == 2


def test_signal_precision_recall_and_false_signals():
    predictions = [
        pred("s", "s", {"controle"}, {"controle", "isolatie"}),
        pred("s", "s", {"isolatie"}, set()),
        pred("o", "o", set(), {"controle"}),
        pred("o", "o", set(), set()),
    ]
    scores = signal_scores(predictions, ["controle", "isolatie"])
    assert scores["per_signal"]["controle"] == {"precision": 0.5, "recall": 1.0, "support": 1, "false_positives": 1}
    assert scores["per_signal"]["isolatie"]["recall"] == 0.0
    assert scores["micro_precision"] == pytest.approx(1 / 3) and scores["micro_recall"] == 0.5
    assert scores["false_signal_rate"] == 0.5


def test_recorded_signals_are_scored_separately_from_the_classifier():
    predictions = [
        Prediction("x", "s", "info", frozenset({"controle"}), frozenset({"controle"}), None, None, frozenset()),
        Prediction("x", "c", "c", frozenset({"zelfbeschadiging"}), frozenset(), None, None,
                   frozenset({"zelfbeschadiging"})),
    ]
    classifier = signal_scores(predictions, ["controle", "zelfbeschadiging"])
    recorded = signal_scores(predictions, ["controle", "zelfbeschadiging"], recorded=True)
    assert classifier["micro_recall"] == 0.5 and classifier["per_signal"]["controle"]["recall"] == 1.0
    assert recorded["micro_recall"] == 0.5 and recorded["per_signal"]["zelfbeschadiging"]["recall"] == 1.0
    assert recorded["per_signal"]["controle"]["recall"] == 0.0


def test_role_accuracy_and_guesses_without_a_cue():
    scores = role_scores([pred("a", "a", rol="ouder", predicted_rol="ouder"),
                          pred("a", "a", rol="jongere", predicted_rol=None),
                          pred("a", "a", predicted_rol="ouder"), pred("a", "a")])
    assert scores == {"accuracy": 0.5, "support": 2, "no_answer_rate": 0.5, "guessed_without_cue_rate": 0.5}


def test_crisis_recall_counts_either_crisis_intent_and_false_alarms():
    scores = crisis_scores([("crisis_gevaar", "crisis_gevaar"), ("crisis_suicide", "crisis_gevaar"),
                            ("crisis_suicide", "greet")], ["greet", "crisis_suicide", "crisis_gevaar", "thank"],
                           [True, False, True, False])
    assert scores["recall"] == pytest.approx(2 / 3) and scores["kind_accuracy"] == pytest.approx(1 / 3)
    assert (scores["false_alarms"], scores["false_alarm_rate"]) == (2, 0.5)
    assert scores["full_false_alarms"] == 1


def test_confusion_matrix_includes_predicted_only_labels():
    labels, matrix = intent_confusion([pred("a", "a"), pred("a", "nlu_fallback")])
    assert labels == ["a", "nlu_fallback"] and matrix == [[1, 1], [0, 0]]
