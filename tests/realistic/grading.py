"""Grading the assistant's first reply to each blind question (questions.yml beside this file).

The reply is graded on what a person reads: the texts of one turn joined, markdown rendered away, so
a bolded word or a link's address neither hides nor supplies a fact. Button titles count only for
``must_not``: a quiz offered on a button misleads as much as one offered in words.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from html.parser import HTMLParser
from pathlib import Path

import markdown

from bot.recommend import default_questionnaire
from bot.render.answer_bank import NO_SOURCED_ANSWER
from bot.validation import REPO_ROOT, read_yaml_mapping
from tests.realistic.questions import QUESTIONS_FILE, RealisticQuestion, compile_pattern, load_questions
from tools.servers import say

DOMAIN_FILE = REPO_ROOT / "domain.yml"
# The response the assistant declines an off-topic message with: it says it can't help and what it covers.
REFUSAL_RESPONSE = "utter_out_of_scope"
# Every fact the assistant gives is labelled with where it comes from ("source: BLS", "Sources: ...").
SOURCED_FACT = re.compile(r"\bsources?:", re.IGNORECASE)
# The issue counts a quiz nobody asked for as misleading, whatever the blind item's must_not says;
# a question asks for one when it asks what fits the person or for help choosing.
UNASKED_QUIZ = "an unasked recommendation quiz"


def quiz_opening() -> str:
    """The questionnaire's first question, which every start of the quiz asks."""
    return default_questionnaire().question("interest").question

ASKS_FOR_A_FIT = re.compile(
    r"\bfits? me\b|\bsuits? me\b|\bhelp me (choose|decide|pick|figure out)\b"
    r"|\brecommend (me )?a (role|career|path)\b",
    re.IGNORECASE,
)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def readable_text(message: str) -> str:
    """The words a person reads once the chat widget has rendered the markdown, on one line."""
    collector = _TextCollector()
    collector.feed(markdown.markdown(message))
    collector.close()
    return " ".join("".join(collector.parts).split())


@dataclass(frozen=True)
class Reply:
    """One turn of the assistant: what it says, and the titles of the buttons it offers."""

    text: str
    button_titles: tuple[str, ...] = ()

    @classmethod
    def from_rest(cls, messages: list[dict]) -> Reply:
        """From the REST channel's answer: a list of messages, each with a text and maybe buttons."""
        text = " ".join(readable_text(message["text"]) for message in messages if message.get("text"))
        titles = tuple(button["title"] for message in messages for button in message.get("buttons") or [])
        return cls(text=text, button_titles=titles)

    @property
    def text_and_buttons(self) -> str:
        return " ".join([self.text, *self.button_titles])


def refusal_wordings(domain_file: Path = DOMAIN_FILE) -> list[str]:
    """The readable texts the assistant declines with, so the detector follows the wording when it
    changes: every variation of the refusal response, read from the domain, and the answer to a
    question the answer bank has no sourced answer for, which also declines and lists what SonoPath
    covers instead."""
    responses = read_yaml_mapping(domain_file, ValueError).get("responses") or {}
    variations = responses.get(REFUSAL_RESPONSE) or []
    wordings = [readable_text(variation["text"]) for variation in variations if variation.get("text")]
    if not wordings:
        raise ValueError(f"{domain_file}: the response {REFUSAL_RESPONSE} has no text")
    return [*wordings, readable_text(NO_SOURCED_ANSWER)]


def is_refusal(text: str, wordings: list[str]) -> bool:
    """Declining means saying one of the refusal texts in full (the apology and what the assistant
    covers instead) and giving no sourced fact beside it, which would be answering after all."""
    folded = text.casefold()
    said_no = any(wording.casefold() in folded for wording in wordings)
    return said_no and not SOURCED_FACT.search(text)


class Verdict(str, Enum):
    GOOD = "good"
    MISSING_FACTS = "missing facts"
    DECLINED = "declined"
    NOT_REFUSED = "not refused"
    MISLEADING = "misleading"


@dataclass(frozen=True)
class Grade:
    """A verdict, and the patterns behind it: the ``must`` entries missed, or the ``must_not`` matched."""

    verdict: Verdict
    patterns: tuple[str, ...] = ()


def grade(question: RealisticQuestion, reply: Reply, wordings: list[str]) -> Grade:
    """Misleading wins over everything: a wrong fact or an unasked quiz spoils an otherwise good reply."""
    misleading = tuple(
        pattern for pattern in question.must_not if compile_pattern(pattern).search(reply.text_and_buttons)
    )
    if quiz_opening() in reply.text and not ASKS_FOR_A_FIT.search(question.text):
        misleading += (UNASKED_QUIZ,)
    if misleading:
        return Grade(Verdict.MISLEADING, misleading)
    refused = is_refusal(reply.text, wordings)
    if question.kind == "refuse":
        return Grade(Verdict.GOOD if refused else Verdict.NOT_REFUSED)
    if refused:
        # The list of what SonoPath covers can happen to hold a required word; declining is never an answer.
        return Grade(Verdict.DECLINED)
    missed = tuple(pattern for pattern in question.must or [] if not compile_pattern(pattern).search(reply.text))
    return Grade(Verdict.MISSING_FACTS, missed) if missed else Grade(Verdict.GOOD)


@dataclass(frozen=True)
class GradedQuestion:
    question: RealisticQuestion
    reply: Reply
    grade: Grade


# Long stories take the NLU a little longer; one slow reply should not fail the whole set.
REPLY_TIMEOUT_S = 60


def graded_replies(base_url: str, path: Path = QUESTIONS_FILE) -> list[GradedQuestion]:
    """Each question of the file as the first message of a new conversation with the running
    assistant at ``base_url``, over REST, and its grade."""
    wordings, graded = refusal_wordings(), []
    for question in load_questions(path):
        sender = f"realistic-{question.id}-{uuid.uuid4().hex[:8]}"
        reply = Reply.from_rest(say(base_url, sender, question.text, timeout=REPLY_TIMEOUT_S))
        graded.append(GradedQuestion(question, reply, grade(question, reply, wordings)))
    return graded


@dataclass(frozen=True)
class Tally:
    asked: int
    good: int
    misleading: int

    @property
    def good_share(self) -> float:
        return self.good / self.asked if self.asked else 0.0

    def __str__(self) -> str:
        return f"{self.good}/{self.asked} good ({self.good_share:.0%}), {self.misleading} misleading"


def tally(graded: list[GradedQuestion]) -> Tally:
    verdicts = Counter(item.grade.verdict for item in graded)
    return Tally(asked=len(graded), good=verdicts[Verdict.GOOD], misleading=verdicts[Verdict.MISLEADING])


REPLY_EXCERPT_CHARS = 200


def report(graded: list[GradedQuestion], path: Path = QUESTIONS_FILE) -> str:
    """Per question its id, verdict, the start of the reply and its buttons (an unasked quiz shows there);
    then totals per topic and overall."""
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    lines = [f"Real-style questions ({shown}), first reply of a new conversation", ""]
    for item in graded:
        because = f" [{' ; '.join(item.grade.patterns)}]" if item.grade.patterns else ""
        lines.append(f"{item.question.id}: {item.grade.verdict.value}{because}")
        lines.append(f"    {item.reply.text[:REPLY_EXCERPT_CHARS]}")
        if item.reply.button_titles:
            lines.append(f"    buttons: {' | '.join(item.reply.button_titles)}")
    lines += ["", "Per topic:"]
    topics = dict.fromkeys(item.question.topic for item in graded)
    width = max(len(topic) for topic in topics)
    for topic in topics:
        lines.append(f"  {topic:<{width}}  {tally([item for item in graded if item.question.topic == topic])}")
    lines += ["", f"Overall: {tally(graded)}", ""]
    return "\n".join(lines)
