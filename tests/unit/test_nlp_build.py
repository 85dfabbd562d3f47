"""The Dutch spaCy pipeline builder, on the offline path (spacy.blank + lookups + place ruler)."""
import json

import pytest
import spacy

from bot.nlp import build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("spacy_nl")
    report = build.build_pipeline(out)
    return report, spacy.load(out)


def places(nlp, text):
    return [(ent.text, ent.label_, ent.ent_id_) for ent in nlp(text).ents]


def test_offline_build_uses_blank_dutch_with_lemmas_and_place_ruler(built):
    report, nlp = built
    if spacy.util.is_package(build.PRETRAINED_MODEL):
        pytest.skip("nl_core_news_sm is installed here, so the builder uses it; see the test below")
    assert report.base == "blank:nl" and report.rebuilt
    assert nlp.lang == "nl"
    assert nlp.pipe_names == ["lemmatizer", "entity_ruler"]
    assert report.place_patterns > 2500  # gemeenten, aliases and woonplaatsen


@pytest.mark.parametrize("word, lemma", [("geeft", "geven"), ("sloeg", "slaan"), ("bedreigd", "bedreigen"),
                                         ("cadeaus", "cadeau"), ("spijbelt", "spijbelen")])
def test_lookup_lemmas(built, word, lemma):
    _, nlp = built
    assert nlp(word)[0].lemma_ == lemma


def test_s_names_stay_one_token_in_any_case(built):
    _, nlp = built
    for text in ["'s-Hertogenbosch", "'s-hertogenbosch", "'s-Gravenhage"]:
        doc = nlp(f"ik woon in {text}")
        assert [t.text for t in doc][-1] == text


@pytest.mark.parametrize("text, span, code", [
    ("ik woon in zaandam", "zaandam", "GM0479"),      # woonplaats -> Zaanstad
    ("wij wonen in Den Bosch", "Den Bosch", "GM0796"),  # alias
    ("ik woon in 's-Hertogenbosch", "'s-Hertogenbosch", "GM0796"),
    ("ze woont in roffa", "roffa", "GM0599"),          # nickname
    ("ik kom uit hellevoetsluis", "hellevoetsluis", "GM1992"),  # merged into Voorne aan Zee
])
def test_places_are_marked_with_their_gm_code(built, text, span, code):
    _, nlp = built
    assert (span, build.PLACE_LABEL, code) in places(nlp, text)


def test_ambiguous_place_carries_every_candidate(built):
    _, nlp = built
    [(_, _, ids)] = places(nlp, "ik woon in bergen")
    assert set(ids.split(build.CODE_SEPARATOR)) == {"GM0373", "GM0893"}


def test_rebuild_is_skipped_when_nothing_changed(built):
    report, _ = built
    again = build.build_pipeline(report.path)
    assert not again.rebuilt
    info = json.loads((report.path / build.BUILD_INFO).read_text())
    assert info["place_patterns"] == report.place_patterns


def test_with_nl_core_news_sm_the_builder_uses_it(tmp_path):
    if not spacy.util.is_package(build.PRETRAINED_MODEL):
        pytest.skip("nl_core_news_sm is not installed (not on PyPI; `make spacy-model` installs it with internet)")
    report = build.build_pipeline(tmp_path / "nl")
    nlp = spacy.load(tmp_path / "nl")
    assert report.base == build.PRETRAINED_MODEL
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")
    assert ("zaandam", build.PLACE_LABEL, "GM0479") in places(nlp, "ik woon in zaandam")


def test_places_that_are_everyday_words_need_their_capital(built):
    _, nlp = built
    assert places(nlp, "ik doe mijn best") == []
    assert places(nlp, "dat is echt zo") == []
    assert places(nlp, "we staan op de punt van vertrekken") == []
    assert ("Best", build.PLACE_LABEL, "GM0753") in places(nlp, "ik woon in Best")
