"""Rasa component: the crisis safety net. Runs last in the NLU pipeline and overrides whatever the
classifiers said when the rule-based detector (bot/triage/crisis.py) finds danger now or thoughts of
suicide or self-harm. Rules in data/rules/crisis.yml then answer with 112 / 113 first. It also adds the
signals that the crisis rule shows for certain (self-harm, violence) as `signaal` entities."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.triage.crisis import detect_crisis
from bot.triage.reply import CRISIS_ENTITY, CRISIS_INTENT_FOR_KIND, CRISIS_INTENTS, SIGNAAL_ENTITY

EXTRACTOR = "CrisisGuard"
FALLBACK_INTENT = "nlu_fallback"


def _keep_uncertain_crisis(message: Message) -> None:
    """A message the classifier found most like a crisis, but too unsure to act on, is not answered with
    "I did not understand": a false alarm costs a line with 112/113, a miss can cost a life."""
    if (message.get(INTENT) or {}).get("name") != FALLBACK_INTENT:
        return
    ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != FALLBACK_INTENT]
    if ranking and ranking[0].get("name") in CRISIS_INTENTS:
        message.data[INTENT] = dict(ranking[0])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisGuard(GraphComponent, IntentClassifier):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CrisisGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            result = detect_crisis(message.get(TEXT) or "")
            if not result.is_crisis:
                _keep_uncertain_crisis(message)
                continue
            intent = {"name": CRISIS_INTENT_FOR_KIND[result.kind], "confidence": 1.0}
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != intent["name"]]
            message.data[INTENT] = intent
            message.data[INTENT_RANKING_KEY] = [intent, *ranking]
            text = message.get(TEXT) or ""
            entities = message.get(ENTITIES, [])
            found = {e.get("value") for e in entities if e.get("entity") == SIGNAAL_ENTITY}
            crisis_entities = [
                *({"entity": CRISIS_ENTITY, "value": kind, "start": 0, "end": len(text), "extractor": EXTRACTOR}
                  for kind in (result.kinds or (result.kind,))),
                *({"entity": SIGNAAL_ENTITY, "value": code, "start": 0, "end": len(text), "extractor": EXTRACTOR}
                  for code in result.signalen if code not in found),
            ]
            message.set(ENTITIES, entities + crisis_entities, add_to_output=True)
        return messages
