import json

from bot.privacy.events import SAFE_METADATA_KEYS, redact_events


def user(text, **extra):
    return {"event": "user", "text": text, "timestamp": 1.0, "input_channel": "rest", "message_id": "m1",
            "parse_data": {"text": text, "intent": {"name": "describe_situation", "confidence": 0.9},
                           "entities": [{"entity": "PLAATS", "value": "Rotterdam", "start": 0, "end": 9,
                                         "extractor": "SpacyEntityExtractor"}],
                           "intent_ranking": [{"name": "describe_situation", "confidence": 0.9}]},
            "metadata": {"ip": "203.0.113.5", "user_agent": "Firefox"}, **extra}


def test_user_text_parse_text_and_metadata_are_redacted_but_structure_stays():
    [event] = redact_events([user("ik ben Sanne, bel me op 06-12345678, ik woon in Rotterdam")])
    dumped = json.dumps(event)
    assert "Sanne" not in dumped and "12345678" not in dumped and "203.0.113.5" not in dumped
    assert event["text"] == "ik ben [naam], bel me op [telefoon], ik woon in Rotterdam"
    assert event["parse_data"]["text"] == event["text"]
    assert event["parse_data"]["intent"]["name"] == "describe_situation"
    assert event["parse_data"]["entities"][0]["value"] == "Rotterdam"
    assert event["metadata"] == {}


def test_bot_texts_lose_values_the_person_typed_earlier():
    events = redact_events([{"event": "bot", "text": "Hoi Jordy van Dam, je zei 0612345678",
                             "metadata": {"utter_action": "utter_greet", "ip": "x"}}],
                           earlier_user_texts=["mijn naam is Jordy van Dam", "0612345678"])
    assert "Jordy" not in events[0]["text"] and "0612345678" not in events[0]["text"]
    assert events[0]["metadata"] == {"utter_action": "utter_greet"}
    assert "utter_action" in SAFE_METADATA_KEYS


def test_contract_slots_keep_their_values_and_free_slots_are_redacted():
    events = redact_events([
        {"event": "slot", "name": "gemeente", "value": "'s-Hertogenbosch", "timestamp": 2.0},
        {"event": "slot", "name": "signalen", "value": ["cadeaus", "isolatie"], "timestamp": 2.0},
        {"event": "slot", "name": "iets_anders", "value": "mail lisa@example.com", "timestamp": 2.0},
    ])
    assert events[0]["value"] == "'s-Hertogenbosch" and events[1]["value"] == ["cadeaus", "isolatie"]
    assert events[2]["value"] == "mail [email]"


def test_action_names_and_numbers_are_never_touched():
    action = {"event": "action", "name": "action_find_help", "policy": "RulePolicy", "confidence": 1.0,
              "timestamp": 3.0, "action_text": None, "hide_rule_turn": False}
    assert redact_events([action]) == [action]


def test_nothing_is_lost_from_an_event_without_personal_data():
    event = user("mijn vriend geeft me veel cadeaus")
    redacted = redact_events([event])[0]
    assert redacted["text"] == event["text"] and redacted["parse_data"] == event["parse_data"]
