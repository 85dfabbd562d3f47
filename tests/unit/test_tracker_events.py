from rasa_sdk import Tracker

from actions.tracker_events import bot_responses, latest_intent


def tracker(events, latest=None):
    return Tracker.from_dict({"sender_id": "t", "slots": {}, "latest_message": latest or {}, "events": events,
                              "paused": False, "followup_action": None, "active_loop": {},
                              "latest_action_name": None})


def test_bot_responses_in_order_and_latest_intent():
    events = [{"event": "bot", "text": "a", "metadata": {"utter_action": "utter_greet"}},
              {"event": "user", "text": "x"},
              {"event": "bot", "text": "b", "metadata": {"utter_action": "utter_ask_plaats"}}]
    assert bot_responses(tracker(events)) == ["utter_greet", "utter_ask_plaats"]
    assert latest_intent(tracker(events, {"intent": {"name": "deny"}})) == "deny"
    assert latest_intent(tracker([])) == ""
