"""Text classifiers for the labels that training examples carry in their metadata: `signalen`
(multi-label: a message can describe several signals) and `rol` (one of four, or none).

Plain scikit-learn on character and word n-grams, so it trains in seconds and unit tests need neither
Rasa nor TensorFlow. The Rasa component in components/label_classifier.py feeds it text and lemmas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

NO_LABEL = "_geen"


@dataclass(frozen=True)
class LabelledText:
    text: str
    labels: frozenset[str]


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1, lowercase=True)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                            token_pattern=r"(?u)\b\w+\b")
    return chars, words


class _Features:
    def __init__(self) -> None:
        self.chars, self.words = _vectorizers()

    def fit_transform(self, texts: Sequence[str]):
        return hstack([self.chars.fit_transform(texts), self.words.fit_transform(texts)]).tocsr()

    def transform(self, texts: Sequence[str]):
        return hstack([self.chars.transform(texts), self.words.transform(texts)]).tocsr()


class MultiLabelClassifier:
    """One binary classifier per label; a text gets every label whose probability reaches the threshold."""

    def __init__(self, threshold: float = 0.5, c: float = 8.0) -> None:
        self.threshold = threshold
        self.c = c
        self.features = _Features()
        self.models: dict[str, LogisticRegression] = {}

    def fit(self, examples: Sequence[LabelledText]) -> "MultiLabelClassifier":
        texts = [e.text for e in examples]
        matrix = self.features.fit_transform(texts)
        for label in sorted({label for e in examples for label in e.labels}):
            target = np.array([label in e.labels for e in examples], dtype=int)
            if target.sum() == 0 or target.sum() == len(target):
                continue
            model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000)
            self.models[label] = model.fit(matrix, target)
        return self

    def scores(self, text: str) -> dict[str, float]:
        if not self.models:
            return {}
        row = self.features.transform([text])
        return {label: float(model.predict_proba(row)[0, 1]) for label, model in self.models.items()}

    def predict(self, text: str) -> list[tuple[str, float]]:
        found = [(label, p) for label, p in self.scores(text).items() if p >= self.threshold]
        return sorted(found, key=lambda item: -item[1])


class SingleLabelClassifier:
    """Picks one label or none. Examples without a label teach what "no label" looks like."""

    def __init__(self, threshold: float = 0.5, c: float = 8.0) -> None:
        self.threshold = threshold
        self.c = c
        self.features = _Features()
        self.model: LogisticRegression | None = None

    def fit(self, examples: Sequence[LabelledText]) -> "SingleLabelClassifier":
        targets = [next(iter(sorted(e.labels))) if e.labels else NO_LABEL for e in examples]
        if len(set(targets)) < 2:
            return self
        matrix = self.features.fit_transform([e.text for e in examples])
        self.model = LogisticRegression(C=self.c, class_weight="balanced", max_iter=2000).fit(matrix, targets)
        return self

    def predict(self, text: str) -> tuple[str, float] | None:
        if self.model is None:
            return None
        probabilities = self.model.predict_proba(self.features.transform([text]))[0]
        best = int(np.argmax(probabilities))
        label, probability = str(self.model.classes_[best]), float(probabilities[best])
        if label == NO_LABEL or probability < self.threshold:
            return None
        return label, probability


def model_input(text: str, lemmas: Iterable[str] = ()) -> str:
    """Text plus lemmas, so "gaf", "geeft" and "geven" share a word feature."""
    lemma_text = " ".join(l for l in lemmas if l)
    return f"{text} {lemma_text}".strip()
