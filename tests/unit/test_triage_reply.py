import yaml

from bot.settings import PROJECT_ROOT
from bot.triage.reply import (ASK_ROL, TRIAGE_INTENTS, Recognised, State, all_response_names, plan_reply,
                              signal_list)


def names(plan):
    return [u.response for u in plan.utterances]


def ents(*pairs):
    return [{"entity": entity, "value": value} for entity, value in pairs]


def test_recognised_ignores_unknown_codes_and_roles():
    found = Recognised.from_entities(ents(("signaal", "controle"), ("signaal", "bestaat_niet"), ("rol", "koning"),
                                          ("rol", "ouder"), ("signaal", "controle"), ("crisis", "suicide")))
    assert found == Recognised(("controle",), "ouder", ("suicide",))


def test_first_signal_is_reflected_and_put_in_perspective_then_role_is_asked():
    plan = plan_reply("describe_situation", Recognised(("controle",)), State())
    assert plan.signalen == ["controle"] and plan.risico == "laag"
    assert names(plan) == ["utter_signalen_gehoord", "utter_signalen_een", ASK_ROL]
    assert "wil alles weten" in plan.utterances[0].variables["signalen_lijst"]


def test_role_is_asked_only_once():
    plan = plan_reply("describe_situation", Recognised(("controle",)), State(rol_asked=True))
    assert names(plan)[-1] == "utter_vervolg_onbekend"


def test_signals_accumulate_and_a_combination_is_named():
    state = State(signalen=("controle",), risico="laag", rol="ouder")
    plan = plan_reply("describe_situation", Recognised(("cadeaus_geld",)), state)
    assert plan.signalen == ["controle", "cadeaus_geld"] and plan.risico == "verhoogd"
    assert names(plan) == ["utter_signalen_gehoord", "utter_signalen_combinatie", "utter_vervolg_ouder"]
    assert plan.utterances[0].variables["signalen_lijst"] == signal_list(["cadeaus_geld"])


def test_exploitation_is_serious_and_answered_for_the_role():
    plan = plan_reply("describe_situation", Recognised(("geld_afstaan",), rol="jongere"), State())
    assert plan.risico == "hoog" and plan.rol == "jongere"
    assert names(plan) == ["utter_signalen_gehoord", "utter_signalen_ernstig_jongere", "utter_vervolg_jongere"]


def test_repeated_signal_is_not_reflected_twice():
    plan = plan_reply("describe_situation", Recognised(("controle",)), State(signalen=("controle",), rol="ouder"))
    assert names(plan) == ["utter_situatie_geen_signaal", "utter_vervolg_ouder"]


def test_vague_worry_asks_what_the_person_notices():
    plan = plan_reply("worried_general", Recognised(rol="omstander"), State())
    assert names(plan) == ["utter_zorg_algemeen_omstander", "utter_vervolg_omstander"]
    assert plan.risico is None


def test_stated_role_replaces_a_guess_but_a_guess_does_not_replace_a_role():
    assert plan_reply("state_role", Recognised(rol="professional"), State(rol="ouder")).rol == "professional"
    assert plan_reply("describe_situation", Recognised(rol="jongere"), State(rol="ouder")).rol == "ouder"
    assert names(plan_reply("state_role", Recognised(), State())) == [ASK_ROL]


def test_crisis_sets_acuut_which_stays_and_records_the_signals_of_the_crisis_rule():
    plan = plan_reply("crisis_suicide", Recognised(("zelfbeschadiging",), crisis=("suicide",)),
                      State(signalen=("controle",)))
    assert plan.risico == "acuut" and plan.signalen == ["controle", "zelfbeschadiging"]
    assert plan.utterances == []
    later = plan_reply("describe_situation", Recognised(("cadeaus_geld",)),
                       State(signalen=tuple(plan.signalen), risico="acuut", rol="jongere"))
    assert later.risico == "acuut"


def test_domain_has_every_response_the_planner_can_choose():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    missing = all_response_names() - set(domain["responses"])
    assert not missing, sorted(missing)


def test_a_crisis_guess_of_the_classifier_alone_changes_nothing():
    plan = plan_reply("crisis_suicide", Recognised(), State(signalen=("controle",), risico="laag"))
    assert (plan.risico, plan.signalen, plan.utterances) == ("laag", ["controle"], [])


def test_only_messages_the_triage_rules_handle_add_signals():
    found = Recognised(("controle", "zelfbeschadiging"), crisis=("suicide",))
    assert found.signalen_to_record("info_signalen") == []
    assert found.signalen_to_record("describe_situation") == ["controle", "zelfbeschadiging"]
    assert Recognised(("controle",), crisis=("gevaar",)).signalen_to_record("crisis_gevaar") == ["controle"]


def test_triage_intents_are_exactly_the_intents_whose_rules_run_the_triage_action():
    """The evaluation counts signals only for TRIAGE_INTENTS; that must stay what the rules do."""
    intents = set()
    for path in (PROJECT_ROOT / "data").glob("*/*.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("rules", []) + document.get("stories", []):
            steps = block.get("steps", [])
            for index, step in enumerate(steps):
                if step.get("action") == "action_update_triage":
                    intents.add(next(s["intent"] for s in reversed(steps[:index]) if "intent" in s))
    assert intents == TRIAGE_INTENTS
