"""The answer bank finds the sourced answer a question asks for, in words the topics never use, and
refuses questions about other things."""

from __future__ import annotations

import pytest

from bot.answer_bank import (
    SURE_ANSWER_THRESHOLD,
    SURE_MIN_CLOSENESS,
    AnswerBank,
    BankText,
    Entry,
    bank_texts,
    default_answer_bank,
)
from bot.careers import default_careers
from bot.knowledge import KnowledgeBase

# Written for this test, not taken from the topics' example questions.
QUESTIONS = [
    ("do programs care about my GPA", Entry("topic", "prerequisites")),
    ("are there work from home sonography jobs", Entry("topic", "remote_work")),
    ("does color blindness matter in ultrasound", Entry("topic", "color_vision")),
    ("Will my sonographer job interview have a scanning practical?", Entry("topic", "job_interview_scan_test")),
    ("can I defer my ultrasound program because of pregnancy", Entry("topic", "pregnancy_during_a_program")),
    ("nuc med vs sonography", Entry("comparison", "nuclear_medicine_technologist")),
    ("should I be a PA or a sonographer", Entry("comparison", "physician_assistant")),
    ("does my state need a license for ultrasound", Entry("topic", "licensure_states")),
    ("will I get paid during clinicals", Entry("topic", "clinicals_unpaid")),
    ("is a certificate enough or do I need a degree", Entry("topic", "program_types")),
    ("my shoulder already hurts sometimes, will scanning make it worse", Entry("topic", "working_with_pain_or_injury")),
    ("rad tech vs sonographer which is better", Entry("comparison", "radiologic_technologist")),
    ("nursing or ultrasound?", Entry("comparison", "registered_nurse")),
    ("what other careers are like ultrasound", Entry("neighbours", "")),
    ("can I hold down a job and go to ultrasound school at the same time", Entry("topic", "working_while_studying")),
    ("are there any sonography programs that meet at night", Entry("topic", "evening_weekend_programs")),
    ("does the hospital pay students during their clinical rotation", Entry("topic", "clinicals_unpaid")),
    ("is sonography school covered by financial aid", Entry("topic", "financial_aid")),
    ("what does it mean when a job says registry eligible", Entry("topic", "registry_eligible")),
    ("besides tuition what else do I have to pay for", Entry("topic", "extra_costs")),
    ("will artificial intelligence take sonographer jobs", Entry("topic", "ai_and_the_future")),
    ("how stressful is working in ultrasound", Entry("topic", "stress_and_burnout")),
    ("do sonographers need a chaperone for transvaginal scans", Entry("topic", "intimate_exams_and_chaperones")),
    ("will the sonographer give me my diagnosis", Entry("topic", "who_diagnoses")),
    ("is ultrasound work safe during pregnancy for the tech", Entry("topic", "pregnancy_at_work")),
    ("will I be around body fluids a lot in ultrasound", Entry("topic", "infection_control")),
    ("how much do ultrasound techs interact with patients", Entry("topic", "people_skills")),
    ("do sonographers only scan babies or other organs too", Entry("topic", "what_sonographers_do")),
    ("is there radiation exposure in sonography", Entry("topic", "ultrasound_and_radiation")),
    ("RVS or RVT for a vascular job", Entry("topic", "ardms_vs_cci")),
    ("I failed the vascular technology exam twice", Entry("topic", "exam_retakes")),
    ("can i still use my spi pass from six years ago", Entry("topic", "five_year_rule")),
    ("foreign transcript evaluation for ARDMS", Entry("topic", "educated_outside_the_us")),
    ("I want to move to Ontario as a sonographer", Entry("topic", "working_in_canada")),
    ("postprimary MRI for an RDMS", Entry("topic", "ct_or_mri_later")),
    ("should I be a doctor instead of an ultrasound tech", Entry("topic", "medical_school")),
    ("what does an invasive cardiovascular specialist do", Entry("topic", "echo_vs_cath_lab")),
    ("can an unregistered sonographer work in an accredited echo lab", Entry("topic", "lab_accreditation_credential")),
    ("how to become a radiology manager", Entry("topic", "lead_to_manager")),
    ("how do i get ARRT breast ultrasound", Entry("topic", "breast_sonography")),
    ("I want to become a heart ultrasound tech what test do I take", Entry("topic", "echo_credentials")),
    ("sonographer who only does pregnancy scans", Entry("topic", "obgyn_sonography")),
    ("how do I teach sonography", Entry("topic", "clinical_educator_requirements")),
    ("ultrasound of tendons and joints career", Entry("topic", "msk_sonography")),
    ("how selective are sonography programs", Entry("topic", "selective_admission")),
    ("what entrance exam do sonography schools require", Entry("topic", "selective_admission")),
    ("what can I do to be a stronger applicant for sonography", Entry("topic", "improving_your_application")),
    ("do my prereqs expire if I took them a long time ago", Entry("topic", "prerequisites")),
    ("classes to take as a high schooler for a career in ultrasound", Entry("topic", "high_school_preparation")),
    ("accelerated ultrasound program for people with a bachelors", Entry("topic", "second_degree_career_change")),
    ("x ray school first or go straight to sonography school", Entry("topic", "radiography_first")),
    ("is there a cheap short course to learn ultrasound scanning", Entry("topic", "short_courses")),
    ("what do sonography programs expect physically from students", Entry("topic", "technical_standards")),
]

# The question comes last, after a story whose words point elsewhere.
STORY = (
    "I'm 45 with two kids and I've worked retail for twenty years. My friend is an echo tech and loves "
    "her job, and the program near me takes two years. Is it too late for me to go back to school for this?"
)

OFF_TOPIC = [
    "what's the best pizza in chicago",
    "tell me a joke",
    "can I become an astronaut",
    "what's the weather tomorrow",
]


# The picker is a learned model, so a few of these may go to a neighbouring topic; most must not.
OTHER_WORDS_FLOOR = 0.9


def test_questions_in_other_words_find_their_answers() -> None:
    bank = default_answer_bank()
    missed = []
    for question, expected in QUESTIONS:
        match = bank.best(question)
        if match is None or match.entry != expected:
            missed.append((question, expected.key, match and match.entry.key))
    assert 1 - len(missed) / len(QUESTIONS) >= OTHER_WORDS_FLOOR, missed


def test_a_long_story_is_answered_by_the_question_at_its_end() -> None:
    match = default_answer_bank().best(STORY)
    assert match is not None and match.entry == Entry("topic", "advice_too_late")


def test_a_story_the_nlu_is_sure_of_is_answered_where_the_picker_clearly_prefers_one_topic() -> None:
    """The story dilutes every closeness score below the usual threshold; only a sure NLU and a clear
    favourite of the picker let the somewhat close topic answer."""
    story = (
        "my mom is freaking out that i'll be zapped all day in this job and it'll mess up having kids. "
        "is ultrasound radiation?"
    )
    bank = default_answer_bank()
    assert bank.best(story) is None
    match = bank.best(story, sure=True)
    assert match is not None and match.entry == Entry("topic", "ultrasound_and_radiation")
    assert SURE_MIN_CLOSENESS <= match.score < SURE_ANSWER_THRESHOLD


def test_the_pickers_favourite_does_not_answer_loosely_where_another_topic_is_clearly_closer() -> None:
    """"online" pulls the picker to online study, but the message is closest to what a program costs:
    a loose match to the wrong topic would be a confident wrong answer, so none is given."""
    message = "what does a sonography program cost, roughly? i'm seeing 5k to 60k online and it's confusing me"
    assert default_answer_bank().best(message, sure=True) is None


@pytest.mark.parametrize("message", OFF_TOPIC)
def test_an_off_topic_message_finds_nothing(message: str) -> None:
    assert default_answer_bank().best(message) is None


def test_a_message_not_read_as_a_question_about_sonography_needs_a_close_match_on_several_words() -> None:
    bank = default_answer_bank()
    match = bank.best_unasked("rad tech vs sonographer which is better")
    assert match is not None and match.entry == Entry("comparison", "radiologic_technologist")
    # One word is enough for a question about sonography, not for a message read otherwise.
    assert bank.best("is it worth it?") is not None
    assert bank.best_unasked("is it worth it?") is None
    assert bank.best_unasked("which job should i go for") is None
    assert bank.best_unasked("what's a good salary for a sonographer") is None


@pytest.mark.parametrize("message", ["", "   ", "?!", "the and of"])
def test_a_message_without_content_words_finds_nothing(message: str) -> None:
    assert default_answer_bank().best(message) is None


def test_every_topic_and_neighbour_is_in_the_bank(kb: KnowledgeBase) -> None:
    careers = default_careers()
    entries = {text.entry for text in bank_texts(kb, careers)}
    expected = {Entry("topic", topic_id) for topic_id in kb.topics}
    expected |= {Entry("comparison", neighbour_id) for neighbour_id in careers.neighbours}
    assert entries == expected | {Entry("neighbours", "")}


def test_an_empty_bank_is_refused() -> None:
    with pytest.raises(ValueError):
        AnswerBank([])


def test_a_bank_of_two_entries_picks_either() -> None:
    """With two entries the picker is a binary classifier, with one score per message, not one per entry."""
    costs, shifts = Entry("topic", "costs"), Entry("topic", "shifts")
    bank = AnswerBank(
        [
            BankText(costs, "how much does the program cost"),
            BankText(costs, "what is the tuition for sonography school"),
            BankText(shifts, "do sonographers work night shifts"),
            BankText(shifts, "are the shifts twelve hours long"),
        ]
    )
    assert bank.best("what is the tuition, how much does it cost?").entry == costs
    assert bank.best("do they work twelve hour night shifts?").entry == shifts
