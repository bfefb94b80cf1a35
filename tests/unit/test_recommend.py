"""The recommendation logic: typed answers, the chosen role, reasons and next steps."""

from __future__ import annotations

import pytest

from bot.formatting import capitalized
from bot.knowledge import KnowledgeBase, KnowledgeBaseError
from bot.recommend import Caution, Note, Reason, default_questionnaire, detect_answer, load_questionnaire, recommend
from bot.render.recommendation import SENTENCES, recommendation_answer

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
        ("degree", "associate or bachelor's", "bachelor"),  # the longer keyword as written wins
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
    educator = kb.role("clinical_educator")
    assert result.reasons == (
        Note(Reason.INTEREST, QUESTIONNAIRE.question("interest").option("teaching").reason),
        Note(Reason.DEGREE_MEETS_EDUCATION, educator.education.minimum),
        Note(Reason.EXPERIENCE_COUNTS),
    )
    assert result.next_steps == tuple(educator.how_to_become)
    assert result.cautions == () and result.alternative_ids == ()


def test_a_role_that_needs_no_new_degree_says_what_it_takes(kb: KnowledgeBase) -> None:
    result = recommend(kb, QUESTIONNAIRE, {"interest": "technology", "degree": "associate"})
    assert result.role_id == "pacs_administrator"
    assert Note(Reason.NO_NEW_DEGREE, kb.role("pacs_administrator").education.extra_study) in result.reasons


def test_a_degree_gap_with_no_appetite_for_study_offers_a_no_degree_path(kb: KnowledgeBase) -> None:
    answers = {"interest": "teaching", "degree": "associate", "experience": "under_2", "study_appetite": "none"}
    result = recommend(kb, QUESTIONNAIRE, answers)
    assert result.role_id == "clinical_educator"
    assert result.cautions == (
        Note(Caution.MORE_SCHOOLING, kb.role("clinical_educator").education.extra_study),
        Note(Caution.LITTLE_EXPERIENCE),
    )
    assert result.alternative_ids == ("echocardiographer", "pacs_administrator")


def test_the_answer_words_every_reason_caution_and_step(kb: KnowledgeBase) -> None:
    answers = {"interest": "teaching", "degree": "associate", "experience": "under_2", "study_appetite": "none"}
    educator = kb.role("clinical_educator")
    text = recommendation_answer(kb, recommend(kb, QUESTIONNAIRE, answers))
    assert text.startswith("I'd suggest the **clinical educator** path.")
    reason = QUESTIONNAIRE.question("interest").option("teaching").reason or ""
    assert f"Why:\n- {capitalized(reason)}" in text
    assert f"Keep in mind:\n- This role asks for more schooling: {educator.education.extra_study}" in text
    assert "- Leadership and teaching roles expect several years of scanning first" in text
    assert "Next steps:\n" + "\n".join(f"- {step}" for step in educator.how_to_become) in text
    assert "echocardiographer and the PACS administrator paths need exams" in text


def test_every_reason_and_caution_has_a_sentence() -> None:
    assert set(SENTENCES) == {*Reason, *Caution}


def test_a_recommendation_needs_an_interest(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError):
        recommend(kb, QUESTIONNAIRE, {"degree": "master"})


def test_an_interest_pointing_at_no_role_fails_loading(kb: KnowledgeBase, tmp_path) -> None:
    from bot.recommend import QUESTIONNAIRE_FILE

    broken = tmp_path / "recommendation.yml"
    broken.write_text(QUESTIONNAIRE_FILE.read_text().replace("role: pacs_administrator", "role: astronaut"))
    with pytest.raises(KnowledgeBaseError, match="interest 'technology' needs a known role"):
        load_questionnaire(broken, kb)


def test_a_message_naming_several_interests_tells_none() -> None:
    text = "ive been scanning for 10 years, burned out, love fixing computer problems at work. what role would suit me?"
    assert detect_answer(QUESTIONNAIRE, "interest", text) is None
    assert detect_answer(QUESTIONNAIRE, "interest", "I love fixing computer problems") == "technology"
