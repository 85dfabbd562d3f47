"""Rasa component: a message that consists of a place name and nothing else that carries meaning
("dokkum", "ik woon in assen", "bij zwolle") is an answer to "where do you live?": intent inform_place.

The intent classifier sees thousands of place names only through the few dozen in the training examples, so a bare
place name it has not seen often ends as nlu_fallback or as some short intent (affirm, greet). The place
entity ruler of the spaCy pipeline (build/spacy_nl, via SpacyEntityExtractor → PLAATS) knows them all.
Runs after the FallbackClassifier and before the VocabularyGuard and the CrisisGuard.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

PLACE_ENTITY = "PLAATS"
PLACE_INTENT = "inform_place"
# Words that may stand next to a place name without changing what the message is about.
FILLER = frozenset("""
ik we wij je jij u mijn mn m'n onze ons woon woont wonen woonde kom komt komen kwam uit in bij de het een
buurt omgeving regio van gemeente provincie stad dorp wijk rond rondom richting vlakbij dichtbij nabij
ergens zit zitten zat op is dat daar hier ofzo zo'n zon beetje centrum buiten net even gewoon eigenlijk
hmm uhm eh euh nou ja oke ok en of i live from near im i'm am
""".split())
_WORD = re.compile(r"\w", re.UNICODE)


def is_place_answer(text: str, token_spans: List[tuple], place_spans: List[tuple]) -> bool:
    """True when the message has a place entity and every other word is filler."""
    if not place_spans:
        return False
    for word, start, end in token_spans:
        if not _WORD.search(word):
            continue  # punctuation, emoji
        if any(start >= p_start and end <= p_end for p_start, p_end in place_spans):
            continue
        if word.lower().strip(".,!?") not in FILLER:
            return False
    return True


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceAnswer(GraphComponent, IntentClassifier):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceAnswer":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            places = [(e.get("start", 0), e.get("end", 0)) for e in message.get(ENTITIES, [])
                      if e.get("entity") == PLACE_ENTITY]
            tokens = [(t.text, t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT]) or []]
            if not is_place_answer(message.get(TEXT) or "", tokens, places):
                continue
            intent = {"name": PLACE_INTENT, "confidence": 1.0}
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != PLACE_INTENT]
            message.data[INTENT] = intent
            message.data[INTENT_RANKING_KEY] = [intent, *ranking]
        return messages
