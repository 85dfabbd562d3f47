"""Text classifiers for the intent of a message (one of many) and for the labels that training examples carry
in their metadata: `signalen` (multi-label: a message can describe several signals) and `rol` (one of four,
or none).

Plain scikit-learn on character and word n-grams, so it trains in seconds and unit tests need neither
Rasa nor TensorFlow. The Rasa component in components/label_classifier.py feeds it text and lemmas.
With `dense_weight` > 0 the n-grams are joined by a multilingual sentence embedding of the message
(sentence_vectors.py), which recognises paraphrases that share no words with the training examples.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.special import expit, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

NO_LABEL = "_geen"


@dataclass(frozen=True)
class LabelledText:
    text: str  # model input: the message plus its lemmas (model_input)
    labels: frozenset[str]
    raw: str | None = None  # the message itself, for the sentence embedding; defaults to text


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1, lowercase=True)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                            token_pattern=r"(?u)\b\w+\b")
    return chars, words


class _Features:
    def __init__(self, dense_weight: float = 0.0) -> None:
        self.chars, self.words = _vectorizers()
        self.dense_weight = dense_weight

    def _dense(self, raws: Sequence[str]):
        from bot.nlp.sentence_vectors import encode

        return csr_matrix(encode(list(raws)) * self.dense_weight)

    def fit_transform(self, texts: Sequence[str], raws: Sequence[str] | None = None):
        parts = [self.chars.fit_transform(texts), self.words.fit_transform(texts)]
        if getattr(self, "dense_weight", 0.0):
            parts.append(self._dense(raws if raws is not None else texts))
        return hstack(parts).tocsr()

    def transform(self, texts: Sequence[str], raws: Sequence[str] | None = None):
        parts = [self.chars.transform(texts), self.words.transform(texts)]
        if getattr(self, "dense_weight", 0.0):
            parts.append(self._dense(raws if raws is not None else texts))
        return hstack(parts).tocsr()


def _raws(examples: Sequence[LabelledText]) -> list[str]:
    return [e.raw if e.raw is not None else e.text for e in examples]


class MultiLabelClassifier:
    """One binary classifier per label; a text gets every label whose probability reaches the threshold and,
    with `relative` > 0, at least that share of the most probable label's probability."""

    def __init__(self, threshold: float = 0.5, c: float = 8.0, dense_weight: float = 0.0,
                 relative: float = 0.0) -> None:
        self.threshold = threshold
        self.relative = relative
        self.c = c
        self.features = _Features(dense_weight)
        self.models: dict[str, LogisticRegression] = {}

    def fit(self, examples: Sequence[LabelledText]) -> "MultiLabelClassifier":
        texts = [e.text for e in examples]
        matrix = self.features.fit_transform(texts, _raws(examples))
        for label in sorted({label for e in examples for label in e.labels}):
            target = np.array([label in e.labels for e in examples], dtype=int)
            if target.sum() == 0 or target.sum() == len(target):
                continue
            model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000)
            self.models[label] = model.fit(matrix, target)
        return self

    def score_matrix(self, texts: Sequence[str], raws: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Probability of every label for many texts at once: {label: array of len(texts)}."""
        if not self.models or not texts:
            return {}
        matrix = self.features.transform(texts, raws)
        labels, weights, intercepts = self._stacked()
        # The same numbers as each model's predict_proba(matrix)[:, 1], in one product instead of one call per
        # label: sklearn's per-call input checks were most of the cost of parsing a single message.
        probabilities = expit(np.asarray(matrix @ weights) + intercepts)
        return {label: probabilities[:, i] for i, label in enumerate(labels)}

    def _stacked(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        if getattr(self, "_stacked_weights", None) is None:
            labels = list(self.models)
            self._stacked_weights = (
                labels,
                # Row-major (features x labels): a sparse row times a transposed view would copy it on every call.
                np.ascontiguousarray(np.vstack([self.models[label].coef_[0] for label in labels]).T),
                np.array([self.models[label].intercept_[0] for label in labels]),
            )
        return self._stacked_weights

    def __getstate__(self) -> dict:
        # Derived from the models; rebuilt on first use instead of doubling the size of the stored model.
        return {key: value for key, value in self.__dict__.items() if key != "_stacked_weights"}

    def scores(self, text: str, raw: str | None = None) -> dict[str, float]:
        return {label: float(p[0]) for label, p in
                self.score_matrix([text], None if raw is None else [raw]).items()}

    def predict(self, text: str, raw: str | None = None) -> list[tuple[str, float]]:
        return select_labels(self.scores(text, raw), self.threshold, getattr(self, "relative", 0.0))


def select_labels(scores: dict[str, float], threshold: float, relative: float = 0.0) -> list[tuple[str, float]]:
    """Labels whose probability reaches `threshold` and `relative` x the highest one, most probable first.
    The relative bar drops weak side labels next to a clear main one (chosen by cross-validation, label_cv)."""
    bar = max(threshold, relative * max(scores.values(), default=0.0))
    return sorted(((label, p) for label, p in scores.items() if p >= bar), key=lambda item: -item[1])


class SingleLabelClassifier:
    """Picks one label or none. Examples without a label teach what "no label" looks like."""

    def __init__(self, threshold: float = 0.5, c: float = 8.0, dense_weight: float = 0.0) -> None:
        self.threshold = threshold
        self.c = c
        self.features = _Features(dense_weight)
        self.model: LogisticRegression | None = None

    def fit(self, examples: Sequence[LabelledText]) -> "SingleLabelClassifier":
        targets = [next(iter(sorted(e.labels))) if e.labels else NO_LABEL for e in examples]
        if len(set(targets)) < 2:
            return self
        matrix = self.features.fit_transform([e.text for e in examples], _raws(examples))
        self.model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000).fit(matrix, targets)
        return self

    def best_many(self, texts: Sequence[str], raws: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """The most probable label (NO_LABEL included) and its probability, for many texts at once."""
        return [ranking[0] for ranking in self.rankings(texts, raws, length=1)]

    def rankings(self, texts: Sequence[str], raws: Sequence[str] | None = None,
                 length: int = 10) -> list[list[tuple[str, float]]]:
        """The `length` most probable labels of every text, most probable first."""
        if self.model is None or not texts:
            return [[(NO_LABEL, 1.0)] for _ in texts]
        probabilities = self._probabilities(self.features.transform(texts, raws))
        order = np.argsort(-probabilities, axis=1)[:, :length]
        return [[(str(self.model.classes_[i]), float(row[i])) for i in best] for best, row in zip(order, probabilities)]

    def _probabilities(self, matrix) -> np.ndarray:
        """The model's predict_proba, with its weights kept row-major once instead of transposed per call."""
        if len(self.model.classes_) == 2:
            return self.model.predict_proba(matrix)
        if getattr(self, "_weights", None) is None:
            self._weights = np.ascontiguousarray(self.model.coef_.T)
        return softmax(np.asarray(matrix @ self._weights) + self.model.intercept_, axis=1)

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key != "_weights"}

    def predict(self, text: str, raw: str | None = None) -> tuple[str, float] | None:
        [(label, probability)] = self.best_many([text], None if raw is None else [raw])
        if label == NO_LABEL or probability < self.threshold:
            return None
        return label, probability


def model_input(text: str, lemmas: Iterable[str] = ()) -> str:
    """Text plus lemmas, so "gaf", "geeft" and "geven" share a word feature."""
    lemma_text = " ".join(l for l in lemmas if l)
    return f"{text} {lemma_text}".strip()
