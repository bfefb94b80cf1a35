"""The spaCy pipeline Rasa loads: knowledge-base role ruler and lookup lemmatizer, from disk."""

from __future__ import annotations

import pytest
import spacy

from bot.knowledge import KnowledgeBase
from bot.nlp_pipeline import CREDENTIAL_LABEL, ROLE_LABEL, ROLE_LEMMA, build_pipeline


@pytest.fixture(scope="module")
def nlp(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("spacy") / "pipeline"
    build_pipeline(kb).to_disk(folder)
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
