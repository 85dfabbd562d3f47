"""The label classifiers with the sentence embedding next to the n-grams (bot/nlp/labels.py, dense_weight)."""
from bot.nlp.labels import LabelledText, MultiLabelClassifier, SingleLabelClassifier
from bot.nlp.sentence_vectors import DIMENSIONS, E5_WEIGHT, USE_DIMENSIONS, encode

GIFTS = ["hij geeft me steeds dure cadeaus", "ik kreeg een nieuwe telefoon van hem", "hij koopt merkkleding voor me"]
SCHOOL = ["ik spijbel elke week", "ik ga bijna nooit meer naar school", "de mentor belde over verzuim"]
NOTHING = ["hoi", "wat is een loverboy", "dankjewel", "hoe laat is het"]


def examples():
    return ([LabelledText(t, frozenset({"cadeaus_geld"}), t) for t in GIFTS]
            + [LabelledText(t, frozenset({"school_verzuim"}), t) for t in SCHOOL]
            + [LabelledText(t, frozenset(), t) for t in NOTHING])


def test_encode_joins_both_normalised_encoders_and_gives_zeros_for_empty_text():
    vectors = encode(["hallo", ""])
    assert vectors.shape == (2, DIMENSIONS)
    use, e5 = vectors[0, :USE_DIMENSIONS], vectors[0, USE_DIMENSIONS:]
    assert abs(float((use ** 2).sum()) - 1.0) < 1e-3
    assert abs(float((e5 ** 2).sum()) - E5_WEIGHT ** 2) < 1e-2
    assert not vectors[1].any()


def test_a_lone_surrogate_gets_a_vector_like_the_replacement_character_instead_of_an_error():
    import numpy as np

    hostile, cleaned = encode(["hij dreigt \ud800 met foto's", "hij dreigt \ufffd met foto's"])
    assert np.allclose(hostile, cleaned, atol=1e-4) and hostile[:USE_DIMENSIONS].any()


def test_encode_gives_the_same_vector_alone_as_in_a_batch_and_from_its_memory():
    import numpy as np

    texts = ["mijn vriend wil dat ik mijn locatie deel", "ik spijbel"]
    batch = encode(texts)
    alone = encode(texts[:1])
    assert np.allclose(alone[0], batch[0], atol=1e-4) and np.allclose(encode(texts[:1])[0], alone[0])


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


def test_multi_label_scores_equal_each_models_own_probabilities_and_survive_pickling():
    import pickle

    import numpy as np

    model = MultiLabelClassifier(threshold=0.5, c=20, dense_weight=1.0).fit(examples())
    texts = ["hij koopt steeds dingen voor me", "ik was vandaag niet op school", "hallo"]
    scores = model.score_matrix(texts, texts)
    matrix = model.features.transform(texts, texts)
    for label, classifier in model.models.items():
        assert np.allclose(scores[label], classifier.predict_proba(matrix)[:, 1])
    restored = pickle.loads(pickle.dumps(model))
    assert "_stacked_weights" not in restored.__dict__
    assert all(np.allclose(restored.score_matrix(texts, texts)[label], scores[label]) for label in scores)


def test_single_label_rankings_are_sorted_and_start_with_best_many():
    data = [LabelledText(e.text, frozenset(e.labels) or frozenset({"geen"}), e.raw) for e in examples()]
    model = SingleLabelClassifier(c=8, dense_weight=1.0).fit(data)
    [ranking] = model.rankings(["ik krijg cadeaus"], ["ik krijg cadeaus"], length=3)
    assert len(ranking) == 3 and [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)
    assert model.best_many(["ik krijg cadeaus"], ["ik krijg cadeaus"])[0] == ranking[0]


def test_single_label_probabilities_equal_predict_proba_for_many_labels():
    import pickle

    import numpy as np

    data = [LabelledText(t, frozenset({label}), t) for label, texts in
            {"a": GIFTS, "b": SCHOOL, "c": NOTHING[:2], "d": NOTHING[2:]}.items() for t in texts]
    model = SingleLabelClassifier(c=8, dense_weight=1.0).fit(data)
    texts = ["ik krijg cadeaus", "school", "hoi"]
    matrix = model.features.transform(texts, texts)
    assert np.allclose(model._probabilities(matrix), model.model.predict_proba(matrix))
    assert "_weights" not in pickle.loads(pickle.dumps(model)).__dict__


def test_select_labels_applies_the_threshold_and_the_share_of_the_best_label():
    from bot.nlp.labels import select_labels

    scores = {"controle": 0.9, "isolatie": 0.5, "school_verzuim": 0.3}
    assert select_labels(scores, 0.35) == [("controle", 0.9), ("isolatie", 0.5)]
    assert select_labels(scores, 0.35, relative=0.6) == [("controle", 0.9)]
    assert select_labels({"controle": 0.5, "isolatie": 0.4}, 0.35, relative=0.6) == [
        ("controle", 0.5), ("isolatie", 0.4)]
    assert select_labels({}, 0.35, relative=0.6) == []


def test_multi_label_predict_uses_its_relative_bar_and_old_pickles_without_it_still_work():
    import pickle

    model = MultiLabelClassifier(threshold=0.0, c=20, dense_weight=1.0, relative=0.99).fit(examples())
    assert len(model.predict("ik spijbel", "ik spijbel")) == 1
    state = model.__dict__.copy()
    del state["relative"]
    old = MultiLabelClassifier.__new__(MultiLabelClassifier)
    old.__dict__.update(state)
    assert len(pickle.loads(pickle.dumps(old)).predict("ik spijbel", "ik spijbel")) == 2


def test_the_memory_of_vectors_keeps_only_the_last_ones():
    import numpy as np

    from bot.nlp.sentence_vectors import _Memory

    memory = _Memory(2)
    for text in ("a", "b", "c"):
        memory.remember(text, np.zeros(3))
    assert list(memory) == ["b", "c"]
