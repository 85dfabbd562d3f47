"""Rasa components that turn the `signalen` and `rol` labels of training examples into entities.

    - name: bot.nlp.components.label_classifier.SignalenClassifier   # entity "signaal", 0..n per message
    - name: bot.nlp.components.label_classifier.RolClassifier        # entity "rol", 0..1 per message

Options: `threshold`, `C` (regularisation) and `dense_weight` (weight of the multilingual sentence embedding
next to the n-grams; 0 = n-grams only). Chosen by cross-validation: `python -m bot.evaluation.label_cv`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.labels import LabelledText, MultiLabelClassifier, SingleLabelClassifier, model_input

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


class _LabelClassifier(GraphComponent, EntityExtractorMixin):
    label_key: str
    entity: str

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
               execution_context: ExecutionContext) -> "_LabelClassifier":
        return cls(config, model_storage, resource)

    def _new_classifier(self) -> Any:
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            LabelledText(_input(m), example_labels(m, self.label_key), m.get(TEXT))
            for m in training_data.training_examples
            if m.get(TEXT)
        ]
        self._classifier = self._new_classifier().fit(examples)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._classifier, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "_LabelClassifier":
        with model_storage.read_from(resource) as directory:
            classifier = joblib.load(directory / MODEL_FILE)
        return cls(config, model_storage, resource, classifier)

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
    entity = "signaal"

    def _new_classifier(self) -> MultiLabelClassifier:
        return MultiLabelClassifier(threshold=self._config["threshold"], c=self._config["C"],
                                    dense_weight=self._config["dense_weight"])

    def _predict(self, text: str, raw: str) -> List[tuple]:
        return self._classifier.predict(text, raw)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class RolClassifier(_LabelClassifier):
    label_key = "rol"
    entity = "rol"

    def _new_classifier(self) -> SingleLabelClassifier:
        return SingleLabelClassifier(threshold=self._config["threshold"], c=self._config["C"],
                                     dense_weight=self._config["dense_weight"])

    def _predict(self, text: str, raw: str) -> List[tuple]:
        found = self._classifier.predict(text, raw)
        return [found] if found else []
