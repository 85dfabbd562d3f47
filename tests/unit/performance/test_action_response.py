import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.performance.action_response import response_validator, validate_action_result

ANSWERS = [
    {"events": [{"event": "slot", "name": "rol", "value": "ouder"}], "responses": [{"text": "Dank je."}]},
    {"events": [], "responses": []},
    {"events": "not a list"},
    {"events": [{"name": "rol"}]},  # an event without its type
    {"events": [{"event": "slot", "timestamp": "yesterday"}]},
]


def rasa_accepts(answer) -> bool:
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("answer", ANSWERS)
def test_accepts_and_refuses_exactly_what_rasas_own_check_does(answer):
    if rasa_accepts(answer):
        assert validate_action_result(None, answer) is True
    else:
        with pytest.raises(ValidationError) as refused:
            validate_action_result(None, answer)
        assert "Failed to validate Action server response" in refused.value.message


def test_both_outcomes_occur_and_the_validator_is_prepared_once():
    assert {rasa_accepts(answer) for answer in ANSWERS} == {True, False}
    assert response_validator() is response_validator()
