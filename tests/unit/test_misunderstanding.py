from actions.misunderstanding import consecutive_misunderstandings, misunderstanding_response


def user(intent):
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def test_counts_only_the_latest_run_of_misunderstood_messages():
    events = [user("nlu_fallback"), {"event": "bot"}, user("greet"), user("nlu_fallback"),
              {"event": "action", "name": "action_listen"}, user("nlu_fallback")]
    assert consecutive_misunderstandings(events) == 2


def test_understood_last_message_resets_the_count():
    assert consecutive_misunderstandings([user("nlu_fallback"), user("thank")]) == 0
    assert consecutive_misunderstandings([]) == 0


def test_second_misunderstanding_in_a_row_offers_a_person():
    assert misunderstanding_response(1) == "utter_misunderstood"
    assert misunderstanding_response(2) == "utter_misunderstood_offer_person"
    assert misunderstanding_response(5) == "utter_misunderstood_offer_person"
