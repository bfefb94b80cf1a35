"""The recommendation logic: typed answers, the chosen role, reasons and next steps."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase, KnowledgeBaseError
from bot.recommend import default_questionnaire, detect_answer, format_recommendation, load_questionnaire, recommend

QUESTIONNAIRE = default_questionnaire()


@pytest.mark.parametrize(
    ("text", "interest"),
    [
        ("I love training new staff, what fits me?", "teaching"),
        ("I'm good with computers", "technology"),
        ("I want to run a department", "leading"),
        ("the heart fascinates me", "patients"),
        ("hello there", None),
    ],
)
def test_free_text_names_an_interest(text: str, interest: str | None) -> None:
    assert detect_answer(QUESTIONNAIRE, "interest", text) == interest


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("experience", "about 6 years", "over_5"),
        ("experience", "three years", "2_to_5"),
        ("experience", "I'm a new grad", "under_2"),
        ("degree", "I have a bachelor's", "bachelor"),
        ("degree", "just an associate degree", "associate"),
        ("study_appetite", "no more school please", "none"),
        ("study_appetite", "maybe a short course", "some"),
        ("study_appetite", "happy to go back to school", "lots"),
        ("study_appetite", "I would rather not go back to school", "none"),
        ("experience", "less than 2 years", "under_2"),
        ("experience", "more than 5 years", "over_5"),
        ("experience", "1.5 years", "under_2"),
        ("experience", "10+ years", "over_5"),
        ("experience", "7", "over_5"),
        ("interest", "I don't like management, I prefer scanning", "patients"),
    ],
)
def test_typed_answers_are_understood(slot: str, text: str, value: str) -> None:
    assert detect_answer(QUESTIONNAIRE, slot, text) == value


@pytest.mark.parametrize(("slot", "text"), [("interest", "I love it"), ("study_appetite", "not sure"),
                                           ("degree", "it depends"), ("experience", "a while")])
def test_unclear_answers_are_not_guessed(slot: str, text: str) -> None:
    assert detect_answer(QUESTIONNAIRE, slot, text) is None


@pytest.mark.parametrize(
    ("interest", "role_id"),
    [("patients", "echocardiographer"), ("technology", "pacs_administrator"),
     ("teaching", "clinical_educator"), ("leading", "diagnostic_imaging_manager")],
)
def test_the_interest_decides_the_role(kb: KnowledgeBase, interest: str, role_id: str) -> None:
    assert recommend(kb, QUESTIONNAIRE, {"interest": interest}).role_id == role_id


def test_reasons_and_next_steps_come_from_every_answer(kb: KnowledgeBase) -> None:
    answers = {"interest": "teaching", "degree": "master", "experience": "over_5", "study_appetite": "some"}
    result = recommend(kb, QUESTIONNAIRE, answers)
    text = " ".join(result.reasons)
    assert "helping others learn" in text and "degree already meets" in text and "experience" in text
    assert result.next_steps == kb.role("clinical_educator").how_to_become
    assert result.cautions == [] and result.alternative_ids == []


def test_a_degree_gap_with_no_appetite_for_study_offers_a_no_degree_path(kb: KnowledgeBase) -> None:
    answers = {"interest": "teaching", "degree": "associate", "experience": "under_2", "study_appetite": "none"}
    result = recommend(kb, QUESTIONNAIRE, answers)
    assert result.role_id == "clinical_educator"
    assert any("more schooling" in caution for caution in result.cautions)
    assert any("several years" in caution for caution in result.cautions)
    assert result.alternative_ids == ["echocardiographer", "pacs_administrator"]
    assert "echocardiographer and the PACS administrator paths need exams" in format_recommendation(kb, result)


def test_a_recommendation_needs_an_interest(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError):
        recommend(kb, QUESTIONNAIRE, {"degree": "master"})


def test_an_interest_pointing_at_no_role_fails_loading(kb: KnowledgeBase, tmp_path) -> None:
    from bot.recommend import QUESTIONNAIRE_FILE

    broken = tmp_path / "recommendation.yml"
    broken.write_text(QUESTIONNAIRE_FILE.read_text().replace("role: pacs_administrator", "role: astronaut"))
    with pytest.raises(KnowledgeBaseError, match="interest 'technology' needs a known role"):
        load_questionnaire(broken, kb)
