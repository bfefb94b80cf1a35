"""The text-reading layer (bot.reading): one normaliser, one plural rule, the word lists of reading.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeBase
from bot.reading.levels import find_level
from bot.reading.places import city_key
from bot.reading.subject import asks_to_write
from bot.reading.vocabulary import VOCABULARY_FILE, VocabularyError, default_vocabulary, load_vocabulary
from bot.reading.words import fold, has_phrase, plural_forms, singular
from bot.recommend import default_questionnaire, detect_answer
from bot.schools.catalogue import default_catalogue
from tools.spacy_pipeline import place_patterns

# --- the normaliser -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("  ST.   LOUIS ", "st louis"),
        ("Washington, D.C.", "washington dc"),
        ("R.D.C.S.", "rdcs"),
        ("an Associate's", "an associates"),
        ("don\u2019t care", "dont care"),  # a typographic apostrophe is an apostrophe
        ("PACS-Admin?", "pacs admin"),
        ("under_score", "under score"),
        ("1.5 yrs", "1.5 yrs"),  # a decimal point stays
        ("5+ years", "5 + years"),  # so does a plus after a number, as a word
        ("5 + yrs", "5 + yrs"),
        ("C++ / +5", "c 5"),
        ("Zürich, São Paulo", "zurich sao paulo"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(folded) == folded


def test_has_phrase_matches_whole_words_only() -> None:
    assert has_phrase("i dont care at all", "dont care")
    assert not has_phrase("i dont careful", "dont care")
    assert not has_phrase("echocardiography", "echo")


# --- the plural rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "forms"),
    [("admin", ["admin", "admins"]), ("coach", ["coach", "coaches", "coachs"]), ("tech", ["tech", "teches", "techs"]),
     ("box", ["box", "boxes", "boxs"]), ("class", ["class"])],
)
def test_plural_forms(word: str, forms: list[str]) -> None:
    assert plural_forms(word) == forms


@pytest.mark.parametrize(
    ("text", "word"),
    [("ultrasound technicians", "ultrasound technician"), ("coaches", "coach"), ("techs", "tech"),
     ("nurses", "nurse"), ("class", "class"), ("echo", "echo"), ("", "")],
)
def test_singular(text: str, word: str) -> None:
    assert singular(text) == word


def test_singular_undoes_plural_forms_for_every_role_alias(kb: KnowledgeBase) -> None:
    """The spaCy ruler (plural_forms) and the alias lookup (singular) accept the same plurals."""
    for role in kb.roles.values():
        for alias in (role.name, *role.aliases):
            *first, last = fold(alias).split()
            for form in plural_forms(last)[1:]:
                assert kb.resolve_role(" ".join([*first, form])) == role.id, (alias, form)


# --- the word lists -------------------------------------------------------------------------------


def test_the_committed_word_lists_load() -> None:
    vocabulary = default_vocabulary()
    assert "dont care" in vocabulary.no_preference
    assert vocabulary.places.city_abbreviations["st"] == "saint"
    assert vocabulary.quiz_answers.numbers["twelve"] == 12
    assert "too" in vocabulary.answer_bank.kept_function_words


def broken_vocabulary(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "reading.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda data: data["no_preference"].append("Don't care"), "must be written as fold leaves it: 'dont care'"),
        (lambda data: data["quiz_answers"]["refusals"].append(False), "quote words such as 'no'"),
        (lambda data: data["places"]["leads"].append("near"), "'near' is listed twice"),
        (lambda data: data["places"]["city_aliases"].update(philly="philadelphia"), "its state code"),
        (lambda data: data["places"]["city_abbreviations"].update(st="san tomas"), "one word for one word"),
        (lambda data: data["credential_levels"]["words"]["master"].append("bs"), "'bs' is already a word of"),
        (lambda data: data["credential_levels"]["words"].pop("any"), "needs the group 'any'"),
        (lambda data: data["quiz_answers"]["numbers"].update(zero=0), "'zero' must be a whole number of 1"),
        (lambda data: data.pop("quiz_answers"), "quiz_answers"),
        (lambda data: data["answer_bank"]["comparison_phrasings"].append("sonography or nursing"), "{career} once"),
        (lambda data: data["answer_bank"]["filler_words"].append("whats"), "'whats' is listed twice"),
        (lambda data: data["fact_words"]["education"].append("pay"), "'pay' already asks for 'salary'"),
    ],
)
def test_the_word_lists_are_validated(tmp_path: Path, edit, fragment: str) -> None:
    path = broken_vocabulary(tmp_path, edit)
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)


def test_city_keys_expand_the_abbreviations_of_the_word_lists() -> None:
    assert city_key("St. Louis") == city_key("SAINT  LOUIS") == "saint louis"
    assert city_key("Ft Worth") == "fort worth" and city_key("Mt. Pleasant") == "mount pleasant"
    assert city_key("Sault Ste Marie") == "sault sainte marie"


def test_the_spacy_pipeline_reads_places_with_the_resolvers_lists() -> None:
    """The city aliases and short spellings the resolver accepts are place patterns too."""
    catalogue = default_catalogue()
    patterns = {tuple(token["LOWER"] for token in pattern) for pattern in place_patterns(catalogue)}
    places = default_vocabulary().places
    for alias in places.city_aliases:
        assert tuple(alias.split()) in patterns
        assert catalogue.resolve_place(alias) is not None
    assert {("st.", "louis"), ("st", "louis"), ("ft", "worth")} <= patterns
    assert not {(word,) for word in places.cities_that_are_words} & patterns


def test_a_no_preference_phrase_means_anywhere_and_any_level() -> None:
    catalogue = default_catalogue()
    for phrase in default_vocabulary().no_preference:
        assert catalogue.resolve_place(phrase).is_anywhere, phrase
        assert find_level(f"I guess it {phrase}") == "any", phrase


def test_levels_are_read_from_folded_text() -> None:
    assert find_level("B.S. programs in Ohio") == "bachelor"
    assert find_level("an associate\u2019s, please") == "associate"
    assert find_level("every kind of school is fine") == "any"


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("experience", "1.5 years", "under_2"),
        ("experience", "5+ years", "over_5"),
        ("experience", "almost three yrs", "2_to_5"),
        ("interest", "I don\u2019t really like management, more the tech side", "technology"),
        ("interest", "dont know", None),
        ("study_appetite", "rather not", "none"),
    ],
)
def test_quiz_answers_are_read_with_the_same_normaliser(slot: str, text: str, value: str | None) -> None:
    assert detect_answer(default_questionnaire(), slot, text) == value


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("can you write my resume for an ultrasound job?", True),
        ("Write my personal statement for my sonography application, 500 words", True),
        ("could you proofread my cover letter", True),
        ("should I write my essay about my mom?", False),
        ("do I need to write a personal statement for sono school", False),
        ("what do programs look for in the essay", False),
        ("can you write reports as a sonographer?", False),
        ("Polish ultrasound degree, does it count in the US?", False),
    ],
)
def test_a_request_to_write_is_told_from_a_question_about_writing(text: str, asks: bool) -> None:
    assert asks_to_write(text) is asks
