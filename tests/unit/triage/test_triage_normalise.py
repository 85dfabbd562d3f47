import pytest

from bot.triage.normalise import normalise, normalise_variants


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Help!! Ik WEET het niet...", "help ik weet het niet"),
        ("ik denk aan suïcide", "ik denk aan suicide"),
        ("Één café, één geïsoleerd meisje", "een cafe een geisoleerd meisje"),
        ("m'n vriend en z'n auto", "mijn vriend en zijn auto"),
        ("mn ma zegt ff niks", "mijn ma zegt even niks"),
        ("k wil nie meer leve", "ik wil niet meer leven"),
        ("ik wl nt", "ik wil niet"),
        ("wnt ik snap t niet", "want ik snap t niet"),
        ("idk tbh", "i dont know to be honest"),
        ("he’s hurting me rn", "hes hurting me right now"),
        ("kms", "kill myself"),
        ("i wanna die", "i want to die"),
        ("ik heb me zelf pijn gedaan", "ik heb mezelf pijn gedaan"),
        ("hahahaha lol", "haha lol"),
        ("", ""),
        ("   ", ""),
        ("!!!???", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik wil dooood", ("ik wil dood", "ik wil dod")),
        ("niet meer leeeeven", ("niet meer leeven", "niet meer leven")),
        ("HELPPPP", ("helpp", "help")),
        ("help meeee", ("help mee", "help me")),
        ("gewoon een zin", ("gewoon een zin",)),
        ("ik ben zo moe", ("ik ben zo moe",)),
    ],
)
def test_stretched_letters_give_both_readings(text, expected):
    assert normalise_variants(text) == expected


def test_meaningful_emoji_become_words_and_others_disappear():
    assert normalise("ik heb het weer gedaan 🔪🩸") == "ik heb het weer gedaan mes bloed"
    assert normalise("💊💊") == "pillen pillen"
    assert normalise("im dead 💀😂") == "i am dead haha haha"
    assert normalise("hij slaat me 😭😭 help ❤️") == "hij slaat me help"


def test_ambiguous_abbreviations_are_left_alone():
    assert normalise("zm ben ik thuis") == "zm ben ik thuis"
    assert normalise("kunt u mij helpen") == "kunt u mij helpen"
