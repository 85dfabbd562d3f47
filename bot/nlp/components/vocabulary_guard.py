"""Rasa component: marks a message as not understood (nlu_fallback) when none of its words resembles
the training data. Runs after the classifiers and the FallbackClassifier."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.nlu.constants import TOKENS_NAMES

from bot.nlp.vocabulary import Vocabulary

VOCABULARY_FILE = "vocabulary.json"
PLACE_ENTITY = "PLAATS"


def _words(message: Message) -> List[str]:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return [token.text for token in tokens] + [token.lemma for token in tokens if token.lemma]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class VocabularyGuard(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Vocabulary] = None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or Vocabulary.from_words([])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "VocabularyGuard":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        words: List[str] = []
        for example in training_data.intent_examples:
            words.extend(_words(example))
        self._vocabulary = Vocabulary.from_words(words)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self._vocabulary.words)),
                                                     encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "VocabularyGuard":
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError):
            words = []
        return cls(model_storage, resource, Vocabulary.from_words(words))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            # A place name is understood even when no training example contains it ("dokkum").
            if any(entity.get("entity") == PLACE_ENTITY for entity in message.get(ENTITIES, [])):
                continue
            if self._vocabulary.words and self._vocabulary.is_unfamiliar(_words(message)):
                fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.data[INTENT] = fallback
                ranking = [r for r in message.data.get(INTENT_RANKING_KEY, [])
                           if r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME]
                message.data[INTENT_RANKING_KEY] = [fallback, *ranking]
        return messages
