"""Rasa components around the scikit-learn classifiers of bot/nlp/labels.py.

    - name: bot.nlp.components.label_classifier.IntentLabelClassifier  # the intent and its ranking
    - name: bot.nlp.components.label_classifier.SignalenClassifier     # entity "signaal", 0..n per message
    - name: bot.nlp.components.label_classifier.RolClassifier          # entity "rol", 0..1 per message

Options: `threshold`, `C` (regularisation), `relative` (signals only: a label also needs this share of the
best label's probability) and `dense_weight` (weight of the multilingual sentence embedding
next to the n-grams; 0 = n-grams only). Chosen by cross-validation: `python -m bot.evaluation.label_cv`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.labels import LabelledText, MultiLabelClassifier, SingleLabelClassifier, model_input
from bot.triage.reply import ROL_ENTITY, SIGNAAL_ENTITY

MODEL_FILE = "classifier.joblib"


def example_labels(message: Message, key: str) -> frozenset:
    metadata = (message.get(METADATA) or {}).get(METADATA_EXAMPLE) or {}
    value = metadata.get(key) if isinstance(metadata, dict) else None
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


def _input(message: Message) -> str:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return model_input(message.get(TEXT) or "", (t.lemma for t in tokens))


class _TextClassifierComponent(GraphComponent):
    """Trains a classifier from bot/nlp/labels.py on the training examples and stores it with joblib."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"threshold": 0.5, "C": 8.0, "dense_weight": 0.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classifier: Any = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "_TextClassifierComponent":
        return cls(config, model_storage, resource)

    def _new_classifier(self) -> Any:
        raise NotImplementedError

    def _labels(self, message: Message) -> frozenset:
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            LabelledText(_input(m), self._labels(m), m.get(TEXT))
            for m in training_data.training_examples
            if m.get(TEXT)
        ]
        self._classifier = self._new_classifier().fit(examples)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._classifier, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "_TextClassifierComponent":
        with model_storage.read_from(resource) as directory:
            classifier = joblib.load(directory / MODEL_FILE)
        return cls(config, model_storage, resource, classifier)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentLabelClassifier(_TextClassifierComponent, IntentClassifier):
    """Logistic regression over n-grams and the sentence embedding; replaced DIET (docs/evaluation/pipelines.md)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 8.0, "dense_weight": 1.0, "ranking_length": 10}

    def _new_classifier(self) -> SingleLabelClassifier:
        return SingleLabelClassifier(c=self._config["C"], dense_weight=self._config["dense_weight"])

    def _labels(self, message: Message) -> frozenset:
        intent = message.get(INTENT)
        return frozenset([intent]) if intent else frozenset()

    def train(self, training_data: TrainingData) -> Resource:
        return super().train(TrainingData(training_data.intent_examples))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or self._classifier is None:
                continue
            [ranking] = self._classifier.rankings([_input(message)], [text], self._config["ranking_length"])
            ranked = [{"name": name, "confidence": round(p, 4)} for name, p in ranking]
            message.set(INTENT, ranked[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranked, add_to_output=True)
        return messages


class _LabelClassifier(_TextClassifierComponent, EntityExtractorMixin):
    """Labels from the examples' metadata (`label_key`), given out as entities named `entity`."""

    label_key: str
    entity: str

    def _labels(self, message: Message) -> frozenset:
        return example_labels(message, self.label_key)

    def _predict(self, text: str, raw: str) -> List[tuple]:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or self._classifier is None:
                continue
            entities = [
                {"entity": self.entity, "value": label, "start": 0, "end": len(text),
                 "confidence_entity": round(probability, 4), "extractor": self.__class__.__name__}
                for label, probability in self._predict(_input(message), text)
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class SignalenClassifier(_LabelClassifier):
    label_key = "signalen"
    entity = SIGNAAL_ENTITY

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"threshold": 0.5, "C": 8.0, "dense_weight": 0.0, "relative": 0.0}

    def _new_classifier(self) -> MultiLabelClassifier:
        return MultiLabelClassifier(threshold=self._config["threshold"], c=self._config["C"],
                                    dense_weight=self._config["dense_weight"],
                                    relative=self._config["relative"])

    def _predict(self, text: str, raw: str) -> List[tuple]:
        return self._classifier.predict(text, raw)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class RolClassifier(_LabelClassifier):
    label_key = "rol"
    entity = ROL_ENTITY

    def _new_classifier(self) -> SingleLabelClassifier:
        return SingleLabelClassifier(threshold=self._config["threshold"], c=self._config["C"],
                                     dense_weight=self._config["dense_weight"])

    def _predict(self, text: str, raw: str) -> List[tuple]:
        found = self._classifier.predict(text, raw)
        return [found] if found else []
