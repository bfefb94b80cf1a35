"""The spaCy pipeline Rasa loads: knowledge-base role ruler, role and place lemmas, lookup lemmatizer, from disk."""

from __future__ import annotations

import pytest
import spacy

from bot.knowledge import KnowledgeBase
from bot.schools.catalogue import default_catalogue
from tools.spacy_pipeline import CREDENTIAL_LABEL, PLACE_LEMMA, ROLE_LABEL, ROLE_LEMMA, build_pipeline


@pytest.fixture(scope="module")
def nlp(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("spacy") / "pipeline"
    build_pipeline(kb, default_catalogue()).to_disk(folder)
    return spacy.load(folder)  # the way Rasa's SpacyNLP loads it


@pytest.mark.parametrize(
    ("text", "mention", "role_id"),
    [
        ("How much does a PACS administrator earn?", "PACS administrator", "pacs_administrator"),
        ("echo tech pay?", "echo tech", "echocardiographer"),
        ("are sono techs paid well", "sono techs", "diagnostic_medical_sonographer"),
        ("what do ultrasound technicians do", "ultrasound technicians", "diagnostic_medical_sonographer"),
        ("tell me about Radiology Managers", "Radiology Managers", "diagnostic_imaging_manager"),
        ("how do i become a sonography instructor", "sonography instructor", "clinical_educator"),
    ],
)
def test_the_ruler_finds_roles_from_the_knowledge_base(nlp, text: str, mention: str, role_id: str) -> None:
    entities = [(ent.text, ent.label_, ent.ent_id_) for ent in nlp(text).ents]
    assert entities == [(mention, ROLE_LABEL, role_id)]


@pytest.mark.parametrize(
    ("text", "mention", "credential_id"),
    [("what is RDCS?", "RDCS", "RDCS"), ("do i need ciip", "ciip", "CIIP"),
     ("tell me about the Certified PACS Associate", "Certified PACS Associate", "CPAS")],
)
def test_the_ruler_finds_credentials(nlp, text: str, mention: str, credential_id: str) -> None:
    entities = [(ent.text, ent.label_, ent.ent_id_) for ent in nlp(text).ents]
    assert entities == [(mention, CREDENTIAL_LABEL, credential_id)]


def test_a_sentence_without_a_role_has_no_entity(nlp) -> None:
    assert list(nlp("what is the weather like in Boston tomorrow").ents) == []


def test_the_lookup_lemmatizer_normalizes_word_forms(nlp) -> None:
    lemmas = [token.lemma_ for token in nlp("she earns and studies for exams")]
    assert lemmas == ["she", "earn", "and", "study", "for", "exam"]


def test_the_pipeline_is_blank_english_with_no_pretrained_components(nlp) -> None:
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["lemmatizer", "attribute_ruler", "entity_ruler"]


def test_role_mentions_share_one_lemma_so_intents_do_not_depend_on_the_role(nlp) -> None:
    first = [token.lemma_ for token in nlp("what about PACS admins?")]
    second = [token.lemma_ for token in nlp("what about the echo tech?")]
    assert first == ["what", "about", ROLE_LEMMA, ROLE_LEMMA, "?"]
    assert second == ["what", "about", "the", ROLE_LEMMA, ROLE_LEMMA, "?"]


def rasa_lemmas(nlp, text: str) -> list[str]:
    """Lemmas as Rasa's SpacyNLP (``case_sensitive: false`` in config.yml) produces them: it lowercases first."""
    return [token.lemma_ for token in nlp(text.lower())]


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [
        ("any in Nevada?", ["any", "in", PLACE_LEMMA, "?"]),
        ("Denver, Colorado", [PLACE_LEMMA, ",", PLACE_LEMMA]),
        ("near san antonio please", ["near", PLACE_LEMMA, PLACE_LEMMA, "please"]),
        ("schools in St. Louis", ["school", "in", PLACE_LEMMA, PLACE_LEMMA, PLACE_LEMMA]),
        ("Winston Salem", [PLACE_LEMMA, PLACE_LEMMA]),
        ("anything in nyc", ["anything", "in", PLACE_LEMMA]),
        ("PACS admins in New York", [ROLE_LEMMA, ROLE_LEMMA, "in", PLACE_LEMMA, PLACE_LEMMA]),
    ],
)
def test_states_and_cities_share_one_lemma(nlp, text: str, lemmas: list[str]) -> None:
    assert rasa_lemmas(nlp, text) == lemmas


@pytest.mark.parametrize(
    "text",
    [
        "OK thanks",  # Oklahoma's code
        "oh hi there",  # Ohio's and Hawaii's
        "is a tech in or near the ER paid more",  # Indiana's and Oregon's
        "do I need an MS or an MA",
        "mobile ultrasound jobs",  # Mobile, AL has 8 institutions
        "reading studies all day",  # Reading, PA has 7
    ],
)
def test_words_that_are_also_place_names_keep_their_own_lemma(nlp, text: str) -> None:
    assert PLACE_LEMMA not in rasa_lemmas(nlp, text)
