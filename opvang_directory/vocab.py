"""Controlled vocabularies of the directory: codes (used in data, API and slots) and their Dutch labels."""
from __future__ import annotations

from typing import Dict, Optional

from .textnorm import normalize_key

# soort dienst
SOORTEN: Dict[str, str] = {
    "alarm": "alarmnummer",
    "meldpunt": "meldpunt",
    "advies_meldpunt": "advies- en meldpunt",
    "hulplijn": "chat of hulplijn",
    "opvang": "opvang",
    "behandeling": "behandeling",
    "zorgcoordinatie": "zorgcoördinatie",
    "slachtofferhulp": "slachtofferhulp",
    "informatie": "informatie",
}

# contact channels
KANAAL_SOORTEN: Dict[str, str] = {
    "telefoon": "telefoon",
    "chat": "chat",
    "website": "website",
    "email": "e-mail",
    "formulier": "formulier",
    "app": "app",
}
# channels where a person answers: only these decide whether a service is "open now"
LIVE_KANALEN = frozenset({"telefoon", "chat", "app"})

ONDERWERPEN: Dict[str, str] = {
    "seksuele_uitbuiting": "seksuele uitbuiting (loverboys)",
    "criminele_uitbuiting": "criminele uitbuiting",
    "online_misbruik": "online misbruik en sextortion",
    "seksueel_geweld": "seksueel geweld (acuut of later)",
    "huiselijk_geweld": "huiselijk geweld",
    "crisis_suicide": "crisis en suïcide",
    "luisterend_oor": "luisterend oor",
    "arbeidsuitbuiting": "arbeidsuitbuiting",
}

ROLLEN: Dict[str, str] = {
    "jongere": "jongere (over de eigen situatie)",
    "ouder": "ouder of verzorger",
    "omstander": "vriend(in), familie of andere omstander",
    "professional": "professional",
}

ANONIMITEIT: Dict[str, str] = {
    "volledig": "volledig anoniem",
    "alleen_advies": "anoniem advies kan, melden niet anoniem",
    "niet": "niet anoniem",
}

KOSTEN: Dict[str, str] = {
    "gratis": "gratis",
    "lokaal_tarief": "lokaal tarief",
    "betaald": "betaald nummer",
}

GENDER: Dict[str, str] = {
    "iedereen": "iedereen",
    "vrouw": "meisjes en vrouwen",
    "man": "jongens en mannen",
}

DEKKING_SOORTEN: Dict[str, str] = {
    "landelijk": "landelijk",
    "landelijk_doorschakeling": "landelijk, schakelt door naar de regio",
    "provincie": "provincie",
    "veiligheidsregio": "veiligheidsregio",
    "ggd_regio": "GGD-regio",
    "gemeenten": "gemeente(n)",
}
LANDELIJKE_DEKKING = frozenset({"landelijk", "landelijk_doorschakeling"})

# fields an entry can mark as not verified ([?] or [oud] in the research)
ONZEKER_VELDEN: Dict[str, str] = {
    "bestaan": "of deze dienst nog bestaat",
    "tijden": "de openingstijden",
    "kosten": "de kosten",
    "anonimiteit": "of het anoniem is",
    "doelgroep": "voor wie het is",
    "dekking": "het werkgebied",
    "talen": "de talen",
    "kanalen": "de contactgegevens",
}


def _lookup(table: Dict[str, str], value: Optional[str], what: str) -> Optional[str]:
    """Accept a code or its Dutch label, case- and punctuation-insensitive."""
    if value is None or value == "":
        return None
    wanted = normalize_key(str(value))
    for code, label in table.items():
        if wanted in (normalize_key(code), normalize_key(label)):
            return code
    raise ValueError(f"Onbekende waarde voor {what}: {value!r} (kies uit: {', '.join(table)})")


def onderwerp_code(value: Optional[str]) -> Optional[str]:
    return _lookup(ONDERWERPEN, value, "onderwerp")


def rol_code(value: Optional[str]) -> Optional[str]:
    return _lookup(ROLLEN, value, "rol")


def kanaal_code(value: Optional[str]) -> Optional[str]:
    return _lookup(KANAAL_SOORTEN, value, "kanaal")
