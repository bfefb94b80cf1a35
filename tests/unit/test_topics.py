"""Topics on the road into sonography: every fact names a real source with a year, the files fail
loudly when broken, and the answers read as plain words with their sources."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.formatting import money
from bot.knowledge import KnowledgeBase, KnowledgeBaseError, Source, load_knowledge_base
from bot.render.topics import ADVICE_FRAME, topic_answer
from tests.conftest import REPO_ROOT

# Words that belong to the code and the data files, never to a sentence a person reads.
INTERNAL_WORDS = re.compile(
    r"\b(seed|yml|yaml|intent|slot|utter|payload|knowledge base|source id|bls_occupation)\b|_|\.py\b", re.I
)


def readable_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    texts = []
    for topic in kb.topics.values():
        texts += [(topic.id, topic.title), *((topic.id, question) for question in topic.questions)]
        texts += [(topic.id, statement.text) for statement in topic.answer]
        if topic.caveat:
            texts.append((topic.id, topic.caveat))
    return texts


def test_the_topics_cover_the_road_into_sonography(kb: KnowledgeBase) -> None:
    assert 20 <= len(kb.topics) <= 120
    for topic_id in (
        "program_types", "program_length", "prerequisites", "admission", "clinical_rotations", "online_study",
        "cost_pointers", "accreditation_what", "accreditation_why", "ardms_routes", "clinical_route_catch",
        "spi_exam", "ardms_credentials", "cci_credentials", "keeping_ardms_credential", "licensure_states",
        "specialties", "choosing_a_specialty", "physical_demands", "work_settings", "shifts", "job_market",
        "advice_is_it_worth_it", "advice_too_late", "advice_bad_at_physics",
    ):
        assert topic_id in kb.topics


def test_every_topic_source_exists_with_a_year_and_an_address(kb: KnowledgeBase) -> None:
    for topic in kb.topics.values():
        for source_id in topic.source_ids:
            source = kb.source(source_id)
            assert re.fullmatch(r"(19|20)\d{2}", source.year), (topic.id, source_id)
            assert source.url and source.url.startswith("http"), (topic.id, source_id)


def test_no_sentence_a_person_reads_uses_project_internal_words(kb: KnowledgeBase) -> None:
    offending = [(topic_id, text) for topic_id, text in readable_texts(kb) if INTERNAL_WORDS.search(text)]
    assert offending == []


def test_example_questions_are_distinct_across_topics(kb: KnowledgeBase) -> None:
    questions = [
        question.lower() for topic in kb.topics.values() for question in (*topic.questions, *topic.also_asked)
    ]
    repeated = sorted({question for question in questions if questions.count(question) > 1})
    assert repeated == []


def test_licensure_names_the_states_the_year_and_that_the_list_changes(kb: KnowledgeBase) -> None:
    topic = kb.topics["licensure_states"]
    answer = " ".join(statement.text for statement in topic.answer)
    for state in ("New Hampshire", "New Mexico", "North Dakota", "Oregon"):
        assert state in answer
    assert "2017" in answer and "change" in answer
    assert topic.caveat and "out of date" in topic.caveat


def test_advice_topics_give_facts_and_leave_the_choice_open(kb: KnowledgeBase) -> None:
    advice = [topic for topic in kb.topics.values() if topic.advice]
    assert {topic.id for topic in advice} >= {"advice_is_it_worth_it", "advice_too_late", "advice_bad_at_physics"}
    verdicts = re.compile(r"\byou should\b|\bdefinitely\b|\bnot worth\b|\btoo old\b|\bdon't\b", re.I)
    for topic in advice:
        assert not any(verdicts.search(statement.text) for statement in topic.answer), topic.id


# --- the renderer -------------------------------------------------------------------------------


def test_an_answer_ends_with_every_source_and_its_year(kb: KnowledgeBase) -> None:
    text = topic_answer(kb, "ardms_routes")
    sources_line = text.split("\n\n")[-1]
    assert sources_line.startswith("Source: ")
    source = kb.source("ardms_prerequisites")
    assert f"[{source.short}]({source.url}), undated, read {source.accessed[:4]}" in sources_line
    assert "*Note:* ARDMS revises its prerequisites" in text


def test_a_dated_source_is_cited_with_its_publication_year(kb: KnowledgeBase) -> None:
    text = topic_answer(kb, "licensure_states")
    assert f"{kb.source('sdms_state_licensure_2017').short}](http://sdms.org/advocacy/state-licensure), 2017" in text
    assert text.split("\n\n")[-1].startswith("Sources: ")


def test_the_job_market_answer_takes_its_figures_from_the_bls_occupation(kb: KnowledgeBase) -> None:
    occupation = kb.occupations["29-2032"]
    text = topic_answer(kb, "job_market")
    assert money(occupation.median_annual_wage.amount) in text
    assert f"{occupation.projection.annual_openings:,} openings a year" in text
    for source_id in (occupation.projection.source, occupation.median_annual_wage.source):
        assert kb.source(source_id).short in text


def test_only_advice_answers_open_with_the_advice_frame(kb: KnowledgeBase) -> None:
    assert topic_answer(kb, "advice_too_late").startswith(ADVICE_FRAME)
    assert ADVICE_FRAME not in topic_answer(kb, "spi_exam")


def test_every_topic_renders(kb: KnowledgeBase) -> None:
    for topic_id, topic in kb.topics.items():
        text = topic_answer(kb, topic_id)
        assert topic.answer[0].text in text and ("Source: " in text or "Sources: " in text)


def test_a_dated_source_says_published_and_an_undated_one_says_when_it_was_read() -> None:
    assert Source(short="A", title="A", published="2019-10-28").dated == "published 2019"
    assert Source(short="A", title="A", published="undated", accessed="2026-12-01").dated == "undated, read 2026"


@pytest.mark.parametrize("published", ["undated", "last year"])
def test_a_source_without_a_year_is_refused(published: str) -> None:
    with pytest.raises(ValueError, match="undated|year"):
        Source(short="A", title="A", published=published)


# --- broken topic files -------------------------------------------------------------------------


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", target)
    return target


def edit_topic(directory: Path, file: str, topic_id: str, change: Callable[[dict], None]) -> None:
    path = directory / "topics" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(topic for topic in data["topics"] if topic["id"] == topic_id))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def load_error(directory: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(directory)
    return str(error.value)


def test_an_unknown_source_names_the_file_topic_and_sentence(knowledge_copy: Path) -> None:
    edit_topic(knowledge_copy, "exams.yml", "spi_exam", lambda topic: topic["answer"][1]["sources"].append("a_forum"))
    message = load_error(knowledge_copy)
    assert "exams.yml" in message and "topic 'spi_exam'" in message
    assert "answer.1.sources" in message and "unknown source 'a_forum'" in message


def test_an_unknown_related_topic_is_reported(knowledge_copy: Path) -> None:
    edit_topic(knowledge_copy, "work.yml", "shifts", lambda topic: topic["related"].append("night_life"))
    message = load_error(knowledge_copy)
    assert "work.yml" in message and "topic 'shifts'" in message and "unknown topic 'night_life'" in message


def test_a_topic_related_to_itself_is_reported(knowledge_copy: Path) -> None:
    edit_topic(knowledge_copy, "work.yml", "shifts", lambda topic: topic["related"].append("shifts"))
    assert "related to itself" in load_error(knowledge_copy)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda topic: topic.update(answer=[]), "field 'topics.0.answer'"),
        (lambda topic: topic["answer"][0].update(text=""), "field 'topics.0.answer.0.text'"),
        (lambda topic: topic["answer"][0].update(sources=[]), "field 'topics.0.answer.0.sources'"),
        (lambda topic: topic.update(questions=["What is it?"]), "field 'topics.0.questions'"),
        (lambda topic: topic.update(scope="everywhere"), "field 'topics.0.scope'"),
        (lambda topic: topic.update(verdict="go for it"), "field 'topics.0.verdict'"),
    ],
    ids=["empty answer", "empty sentence", "unsourced sentence", "too few questions", "unknown scope", "extra field"],
)
def test_schema_errors_name_the_file_and_field(knowledge_copy: Path, change, expected: str) -> None:
    edit_topic(knowledge_copy, "education.yml", "program_types", change)
    message = load_error(knowledge_copy)
    assert "education.yml" in message and expected in message


def test_a_topic_id_defined_twice_is_reported(knowledge_copy: Path) -> None:
    edit_topic(knowledge_copy, "work.yml", "shifts", lambda topic: topic.update(id="spi_exam"))
    message = load_error(knowledge_copy)
    assert "topic 'spi_exam'" in message and "already defined in" in message


def test_an_undated_source_must_say_when_it_was_read(knowledge_copy: Path) -> None:
    path = knowledge_copy / "sources.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["sources"]["ardms_prerequisites"]["accessed"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    message = load_error(knowledge_copy)
    assert "source 'ardms_prerequisites'" in message and "accessed" in message


def test_an_occupation_without_figures_is_reported(knowledge_copy: Path) -> None:
    edit_topic(knowledge_copy, "work.yml", "job_market", lambda topic: topic.update(bls_occupation="99-9999"))
    message = load_error(knowledge_copy)
    assert "topic 'job_market'" in message and "99-9999" in message
