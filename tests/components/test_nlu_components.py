"""The project's Rasa NLU components on real Rasa messages (imports Rasa, so not in tests/unit)."""
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.components.crisis_guard import CrisisGuard
from bot.nlp.components.label_classifier import example_labels
from bot.nlp.components.vocabulary_guard import VocabularyGuard
from bot.nlp.vocabulary import Vocabulary


def message(text, intent, ranking, entities=()):
    msg = Message(data={TEXT: text})
    msg.set(INTENT, {"name": intent, "confidence": ranking[0][1] if ranking else 1.0})
    msg.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking])
    msg.set(ENTITIES, list(entities))
    msg.set(TOKENS_NAMES[TEXT], [Token(w, i, lemma=w) for i, w in enumerate(text.split())])
    return msg


def test_crisis_guard_overrides_the_classifier_and_marks_the_kind():
    [msg] = CrisisGuard().process([message("ik wil niet meer leven", "greet", [("greet", 0.99)])])
    assert msg.get(INTENT)["name"] == "crisis_suicide"
    assert msg.get(INTENT_RANKING_KEY)[0]["name"] == "crisis_suicide"
    assert {"entity": "crisis", "value": "suicide"}.items() <= msg.get(ENTITIES)[0].items()


def test_crisis_guard_adds_the_signals_of_the_crisis_rule_once():
    classifier_found = [{"entity": "signaal", "value": "dreiging_geweld", "extractor": "SignalenClassifier"}]
    [msg] = CrisisGuard().process([message("hij slaat me nu en ik wil dood", "describe_situation",
                                           [("describe_situation", 0.8)], classifier_found)])
    signalen = [(e["value"], e["extractor"]) for e in msg.get(ENTITIES) if e["entity"] == "signaal"]
    assert signalen == [("dreiging_geweld", "SignalenClassifier"), ("zelfbeschadiging", "CrisisGuard")]


def test_crisis_guard_leaves_ordinary_messages_alone():
    [msg] = CrisisGuard().process([message("wat is een loverboy", "info_loverboy", [("info_loverboy", 0.9)])])
    assert msg.get(INTENT)["name"] == "info_loverboy" and msg.get(ENTITIES) == []


def test_an_unsure_crisis_guess_is_not_turned_into_i_did_not_understand():
    unsure = message("zomaar iets", "nlu_fallback", [("nlu_fallback", 0.6), ("crisis_suicide", 0.35),
                                                     ("greet", 0.3)])
    [msg] = CrisisGuard().process([unsure])
    assert msg.get(INTENT)["name"] == "crisis_suicide"
    other = message("zomaar iets", "nlu_fallback", [("nlu_fallback", 0.6), ("greet", 0.35)])
    assert CrisisGuard().process([other])[0].get(INTENT)["name"] == "nlu_fallback"


def test_vocabulary_guard_turns_keyboard_mash_into_fallback_but_not_places():
    guard = VocabularyGuard(None, None, Vocabulary.from_words(["hoi", "hulp", "woon"]))
    [mash] = guard.process([message("qwzx plof grrbl", "bot_challenge", [("bot_challenge", 0.97)])])
    assert mash.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    place = message("dokkum", "inform_place", [("inform_place", 0.5)],
                    entities=[{"entity": "PLAATS", "value": "dokkum"}])
    assert guard.process([place])[0].get(INTENT)["name"] == "inform_place"
    known = message("ik wil hulp", "find_help", [("find_help", 0.9)])
    assert guard.process([known])[0].get(INTENT)["name"] == "find_help"


def test_labels_are_read_from_the_example_metadata():
    msg = Message(data={TEXT: "x", "metadata": {"example": {"signalen": ["controle", "isolatie"], "rol": "ouder"}}})
    assert example_labels(msg, "signalen") == {"controle", "isolatie"}
    assert example_labels(msg, "rol") == {"ouder"}
    assert example_labels(Message(data={TEXT: "x"}), "rol") == frozenset()


def test_a_bare_place_name_is_an_answer_to_where_do_you_live():
    from bot.nlp.components.place_answer import PlaceAnswer

    def place_message(text, place, intent="nlu_fallback"):
        start = text.index(place)
        msg = message(text, intent, [(intent, 0.4), ("greet", 0.3)],
                      entities=[{"entity": "PLAATS", "value": place, "start": start, "end": start + len(place)}])
        offset, tokens = 0, []
        for word in text.split():
            offset = text.index(word, offset)
            tokens.append(Token(word, offset, lemma=word))
            offset += len(word)
        msg.set(TOKENS_NAMES[TEXT], tokens)
        return msg

    [bare, sentence, more] = PlaceAnswer().process([
        place_message("dokkum", "dokkum"),
        place_message("ik woon in den helder", "den helder"),
        place_message("mijn dochter zit in assen op school en ze spijbelt", "assen", "describe_situation"),
    ])
    assert bare.get(INTENT) == {"name": "inform_place", "confidence": 1.0}
    assert sentence.get(INTENT)["name"] == "inform_place"
    assert more.get(INTENT)["name"] == "describe_situation"
    no_place = message("ik woon hier", "greet", [("greet", 0.5)])
    assert PlaceAnswer().process([no_place])[0].get(INTENT)["name"] == "greet"


def test_intent_classifier_sets_the_intent_and_a_ranking_and_stores_the_model(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.constants import INTENT_RANKING_KEY
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlp.components.label_classifier import IntentLabelClassifier

    examples = {
        "info_aangifte": ["hoe doe ik aangifte", "wat gebeurt er als ik aangifte doe", "kan ik aangifte doen bij de politie"],
        "greet": ["hoi", "hallo daar", "goedemiddag"],
        "find_help": ["waar kan ik hulp krijgen", "wie kan mij helpen", "ik zoek hulp in de buurt"],
    }
    data = TrainingData([Message(data={TEXT: text, INTENT: intent})
                         for intent, texts in examples.items() for text in texts])
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent")
    config = {**IntentLabelClassifier.get_default_config(), "ranking_length": 2}
    IntentLabelClassifier(config, storage, resource).train(data)
    loaded = IntentLabelClassifier.load(config, storage, resource, execution_context=None)
    [parsed, empty] = loaded.process([Message(data={TEXT: "ik wil aangifte doen"}), Message(data={TEXT: ""})])
    assert parsed.get(INTENT)["name"] == "info_aangifte"
    ranking = parsed.get(INTENT_RANKING_KEY)
    assert len(ranking) == 2 and ranking[0] == parsed.get(INTENT)
    assert ranking[0]["confidence"] >= ranking[1]["confidence"]
    assert empty.get(INTENT) is None
