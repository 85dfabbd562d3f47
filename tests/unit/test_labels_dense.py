"""The label classifiers with the sentence embedding next to the n-grams (bot/nlp/labels.py, dense_weight)."""
from bot.nlp.labels import LabelledText, MultiLabelClassifier, SingleLabelClassifier
from bot.nlp.sentence_vectors import DIMENSIONS, encode

GIFTS = ["hij geeft me steeds dure cadeaus", "ik kreeg een nieuwe telefoon van hem", "hij koopt merkkleding voor me"]
SCHOOL = ["ik spijbel elke week", "ik ga bijna nooit meer naar school", "de mentor belde over verzuim"]
NOTHING = ["hoi", "wat is een loverboy", "dankjewel", "hoe laat is het"]


def examples():
    return ([LabelledText(t, frozenset({"cadeaus_geld"}), t) for t in GIFTS]
            + [LabelledText(t, frozenset({"school_verzuim"}), t) for t in SCHOOL]
            + [LabelledText(t, frozenset(), t) for t in NOTHING])


def test_encode_gives_normalised_512_d_vectors_and_zeros_for_empty_text():
    vectors = encode(["hallo", ""])
    assert vectors.shape == (2, DIMENSIONS)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-3 and not vectors[1].any()


def test_multi_label_classifier_with_sentence_embedding_scores_paraphrases():
    model = MultiLabelClassifier(threshold=0.5, c=20, dense_weight=1.0).fit(examples())
    scores = model.scores("hij heeft dure spullen voor me gekocht", raw="hij heeft dure spullen voor me gekocht")
    assert scores["cadeaus_geld"] > scores["school_verzuim"]
    assert set(model.score_matrix(["a", "b"])) == {"cadeaus_geld", "school_verzuim"}


def test_single_label_classifier_accepts_the_raw_message_separately():
    data = [LabelledText(e.text + " lemma", frozenset({"jongere"}) if e.labels else frozenset(), e.raw)
            for e in examples()]
    model = SingleLabelClassifier(threshold=0.0, c=8, dense_weight=1.0).fit(data)
    [(label, probability)] = model.best_many(["ik spijbel"], ["ik spijbel"])
    assert 0.0 <= probability <= 1.0 and label in {"jongere", "_geen"}
