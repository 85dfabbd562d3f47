import pytest

from bot.nlp.vocabulary import Vocabulary, normalise_word

VOCAB = Vocabulary.from_words(["hoi", "hallo", "ik", "wil", "hulp", "vriend", "bedankt", "Loverboy", "één"])


@pytest.mark.parametrize("word, known", [
    ("hulp", True), ("HULP", True), ("hulpp", True),      # case, one extra letter
    ("vrient", True), ("vrend", True), ("bedank", True),  # substitution, deletion
    ("loverboyyyy", True),                                # letter repetition
    ("een", True),                                        # accents
    ("qwzx", False), ("plof", False), ("grrbl", False),
    ("hu", False),                                        # too short to be near anything
])
def test_knows_words_and_single_typos(word, known):
    assert VOCAB.knows(word) is known


def test_unfamiliar_only_when_no_word_is_known():
    assert VOCAB.is_unfamiliar(["qwzx", "plof", "grrbl"])
    assert not VOCAB.is_unfamiliar(["qwzx", "hulp"])
    assert not VOCAB.is_unfamiliar([])
    assert not VOCAB.is_unfamiliar(["👋", "123"]), "emoji and digits are not evidence of gibberish"


def test_normalise_word():
    assert normalise_word("Hééél!!") == "heel"
    assert normalise_word("12:30") == ""
