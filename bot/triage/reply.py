"""Plans the assistant's answer to a described situation, a worry, a stated role or a crisis message.

Pure logic: it gets what NLU recognised and what the conversation already knows, and returns the new slot
values plus the names of the responses to send (their text lives in domain.yml). The Rasa action in
actions/triage.py only translates between the tracker and this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from bot.triage.risico import compute_risico, merge_signalen
from bot.triage.signalen import catalogue

ROLLEN = ("jongere", "ouder", "omstander", "professional")
# The entities the NLU components write (bot/nlp/components/) and Recognised reads.
SIGNAAL_ENTITY, ROL_ENTITY, CRISIS_ENTITY = "signaal", "rol", "crisis"
# The crisis intent for each kind of crisis rule (bot/triage/crisis.py).
CRISIS_INTENT_FOR_KIND = {"gevaar": "crisis_gevaar", "suicide": "crisis_suicide"}
CRISIS_INTENTS = frozenset(CRISIS_INTENT_FOR_KIND.values())
SITUATION_INTENTS = {"describe_situation", "worried_general"}
# The intents whose rules run action_update_triage (data/rules/): only these messages change the slots.
TRIAGE_INTENTS = CRISIS_INTENTS | SITUATION_INTENTS | {"state_role"}
ASK_ROL = "utter_ask_rol"


@dataclass(frozen=True)
class Recognised:
    signalen: tuple[str, ...] = ()
    rol: str | None = None
    crisis: tuple[str, ...] = ()

    @classmethod
    def from_entities(cls, entities: Iterable[Mapping]) -> "Recognised":
        entities = list(entities)
        known = catalogue()
        signalen = tuple(dict.fromkeys(e["value"] for e in entities
                                       if e.get("entity") == SIGNAAL_ENTITY and e.get("value") in known))
        rollen = [e["value"] for e in entities if e.get("entity") == ROL_ENTITY and e.get("value") in ROLLEN]
        crisis = tuple(dict.fromkeys(e["value"] for e in entities if e.get("entity") == CRISIS_ENTITY))
        return cls(signalen, rollen[0] if rollen else None, crisis)

    def signalen_to_record(self, intent: str) -> list[str]:
        """What this message adds to the slot `signalen`: the recognised signals (of the classifier and of the
        crisis rules, bot/nlp/components/crisis_guard.py) of a message that the triage rules handle."""
        return list(self.signalen) if intent in TRIAGE_INTENTS else []


@dataclass(frozen=True)
class State:
    signalen: tuple[str, ...] = ()
    risico: str | None = None
    rol: str | None = None
    rol_asked: bool = False


@dataclass(frozen=True)
class Utterance:
    response: str
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    signalen: list[str]
    risico: str | None
    rol: str | None
    utterances: list[Utterance]


def signal_list(codes: Sequence[str]) -> str:
    """The labels of signalen.yml as a short list, one per line."""
    labels = catalogue()
    return "\n".join(f"- {labels[code].label}" for code in codes)


def _role_key(rol: str | None) -> str:
    return rol or "onbekend"


def plan_reply(intent: str, recognised: Recognised, state: State) -> Plan:
    # A role the person states explicitly replaces an earlier guess; otherwise the first recognised role stays.
    rol = recognised.rol if intent == "state_role" and recognised.rol else (state.rol or recognised.rol)
    # Only what the crisis guard's rules (or the person, with a button) confirmed counts as a crisis; a crisis
    # intent from the classifier alone gets a check-in reply and changes nothing here.
    crisis = set(recognised.crisis)
    signalen = merge_signalen(list(state.signalen), recognised.signalen_to_record(intent))
    # Once danger now was seen, the conversation stays "acuut": staff triage must not lose it.
    acuut = bool(crisis) or state.risico == "acuut"
    risico = compute_risico(signalen, acuut=acuut)

    if intent in CRISIS_INTENTS:
        # The crisis rule already answered with 112/113; this step only records what was recognised.
        return Plan(signalen, risico, rol, [])
    if intent == "state_role":
        utterances = [Utterance(f"utter_rol_{rol}")] if recognised.rol else [Utterance(ASK_ROL)]
        return Plan(signalen, risico, rol, utterances)

    added = [code for code in signalen if code not in state.signalen]
    utterances = _situation_utterances(intent, added, signalen, risico, rol)
    if rol is None and not state.rol_asked:
        utterances.append(Utterance(ASK_ROL))
    else:
        utterances.append(Utterance(f"utter_vervolg_{_role_key(rol)}"))
    return Plan(signalen, risico, rol, utterances)


def _situation_utterances(intent: str, added: list[str], signalen: list[str], risico: str | None,
                          rol: str | None) -> list[Utterance]:
    if not added:
        if intent == "worried_general":
            return [Utterance(f"utter_zorg_algemeen_{_role_key(rol)}")]
        return [Utterance("utter_situatie_geen_signaal")]
    said = [Utterance("utter_signalen_gehoord", {"signalen_lijst": signal_list(added)})]
    if risico in ("hoog", "acuut"):
        said.append(Utterance(f"utter_signalen_ernstig_{_role_key(rol)}"))
    elif len(signalen) >= 2:
        said.append(Utterance("utter_signalen_combinatie"))
    else:
        said.append(Utterance("utter_signalen_een"))
    return said


def all_response_names() -> set[str]:
    """Every response this module can ask for, so a test can check the domain has them all."""
    keys = [*ROLLEN, "onbekend"]
    names = {ASK_ROL, "utter_situatie_geen_signaal", "utter_signalen_gehoord", "utter_signalen_combinatie",
             "utter_signalen_een"}
    names |= {f"utter_rol_{rol}" for rol in ROLLEN}
    names |= {f"utter_{prefix}_{key}" for key in keys
              for prefix in ("zorg_algemeen", "signalen_ernstig", "vervolg")}
    return names
