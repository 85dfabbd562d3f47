"""The assistant's core promises through the real servers: crisis first, signals in the slots, help nearby."""
import uuid

from test_conversation import texts


def new_sender():
    return uuid.uuid4().hex


def test_suicidal_thoughts_get_113_in_the_first_reply_even_mid_conversation(assistant):
    sender = new_sender()
    assistant.say(sender, "hoi")
    replies = assistant.say(sender, "ik wil gewoon niet meer leven")
    assert "113" in replies[0]["text"]
    assert assistant.tracker(sender)["slots"]["risico"] == "acuut"


def test_danger_now_gets_112_in_the_first_reply(assistant):
    replies = assistant.say(new_sender(), "help hij slaat me nu en ik kan niet weg")
    assert "112" in replies[0]["text"]


def test_described_signals_accumulate_in_the_slots_and_are_reflected(assistant):
    sender = new_sender()
    first = texts(assistant.say(sender, "mijn dochter van 14 heeft een vriend van 23 die haar overal ophaalt met de auto"))
    slots = assistant.tracker(sender)["slots"]
    assert "oudere_vriend" in slots["signalen"], slots
    assert slots["rol"] == "ouder"
    assert "oudere vriend" in first
    assistant.say(sender, "hij heeft haar ook een nieuwe iphone en dure sieraden gegeven")
    slots = assistant.tracker(sender)["slots"]
    assert {"oudere_vriend", "cadeaus_geld"} <= set(slots["signalen"]), slots
    assert slots["risico"] in ("verhoogd", "hoog")


def test_find_help_asks_for_a_place_and_answers_with_services_from_the_directory(assistant):
    sender = new_sender()
    question = texts(assistant.say(sender, "waar kan ik hulp krijgen"))
    assert "postcode" in question
    answer = texts(assistant.say(sender, "ik woon in den bosch"))
    assert "'s-Hertogenbosch" in answer
    assert "0800-" in answer or "chat via" in answer.lower()
    assert assistant.tracker(sender)["slots"]["gemeente"] == "'s-Hertogenbosch"
    more = assistant.say(sender, "/affirm")  # the "Meer opties" button
    assert more and texts(more) != answer
    assert assistant.tracker(sender)["slots"]["hulp_getoond"] > 3


def test_refusing_to_give_a_place_still_gives_national_help(assistant):
    sender = new_sender()
    assistant.say(sender, "waar kan ik dit anoniem melden")
    answer = texts(assistant.say(sender, "/deny"))
    assert "waar je ook woont" in answer
    assert "Meld Misdaad Anoniem" in answer


def test_a_crisis_guess_without_the_rules_checks_in_with_both_numbers(assistant):
    sender = new_sender()
    first = assistant.say(sender, "/crisis_gevaar")[0]
    assert "112" in first["text"] and "113" in first["text"]
    assert assistant.tracker(sender)["slots"]["risico"] is None
    confirmed = assistant.say(sender, first["buttons"][1]["payload"])  # "Ik denk aan zelfdoding"
    assert "113" in confirmed[0]["text"]
    assert assistant.tracker(sender)["slots"]["risico"] == "acuut"
