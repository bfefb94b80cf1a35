"""Recommends an advancement role from what a sonographer enjoys, their degree, experience and
appetite for study, and explains why, with concrete next steps.

The questions, accepted answers and interest-to-role mapping live in
``knowledge/recommendation.yml``; this module only reasons over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from bot.knowledge import KNOWLEDGE_DIR, KnowledgeBase, KnowledgeBaseError
from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import fold, has_phrase, plural_forms
from bot.validation import describe_errors, display_path, read_yaml_mapping

QUESTIONNAIRE_FILE = KNOWLEDGE_DIR / "recommendation.yml"
SLOTS = ("interest", "degree", "experience", "study_appetite")
DEGREE_ORDER = ("certificate", "associate", "bachelor", "master")
# The degree a role's education level asks for (None: no new degree).
DEGREE_NEEDED = {"associate": None, "credential": None, "bachelor": "bachelor", "master": "master"}


class Option(BaseModel):
    value: str
    label: str
    keywords: list[str] = Field(min_items=1)
    role: str | None = None
    reason: str | None = None


class Question(BaseModel):
    slot: str
    question: str
    options: list[Option] = Field(min_items=2)

    def option(self, value: str | None) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class Questionnaire:
    questions: dict[str, Question]

    def question(self, slot: str) -> Question:
        return self.questions[slot]

    def is_valid(self, slot: str, value: object) -> bool:
        return isinstance(value, str) and self.questions[slot].option(value) is not None


def load_questionnaire(path: Path = QUESTIONNAIRE_FILE, kb: KnowledgeBase | None = None) -> Questionnaire:
    """Reads and validates the questionnaire; interests must point at real roles."""
    data = read_yaml_mapping(path, KnowledgeBaseError)
    try:
        questions = {item["slot"]: Question(**item) for item in data["questions"]}
    except (KeyError, TypeError) as error:
        raise KnowledgeBaseError(f"{display_path(path)}: expected a 'questions' list of slot entries") from error
    except ValidationError as error:
        raise KnowledgeBaseError(f"{display_path(path)}: {describe_errors(error)}") from error
    if tuple(questions) != SLOTS:
        raise KnowledgeBaseError(f"{path.name}: expected the questions {', '.join(SLOTS)} in that order")
    if kb is not None:
        for option in questions["interest"].options:
            if option.role not in kb.roles or not option.reason:
                raise KnowledgeBaseError(f"{path.name}: interest '{option.value}' needs a known role and a reason")
    return Questionnaire(questions)


@lru_cache(maxsize=1)
def default_questionnaire() -> Questionnaire:
    from bot.knowledge import default_knowledge_base

    return load_questionnaire(kb=default_knowledge_base())


@lru_cache(maxsize=1)
def _years_pattern() -> re.Pattern[str]:
    """ "3 years", "almost two yrs", "5+ years" in folded text: (qualifier, number, plus)."""
    words = default_vocabulary().quiz_answers
    qualifiers = "|".join(map(re.escape, [*words.fewer, *words.more]))
    numbers = "|".join(map(re.escape, words.numbers))
    units = "|".join(form for unit in words.years for form in plural_forms(unit))
    return re.compile(rf"(?:({qualifiers}) )?(\d+(?:\.\d+)?|{numbers}) ?(\+)? ?(?:{units})\b")


def _negated(padded: str, start: int) -> bool:
    """Whether a negation stands up to two words before the keyword at ``start`` ("don't really like")."""
    preceding = " ".join(padded[:start].split()[-3:])
    return any(has_phrase(preceding, negation) for negation in default_vocabulary().quiz_answers.negations)


# Slots whose answer is what the person likes: a message naming several options tells no single one.
PREFERENCE_SLOTS = frozenset({"interest"})


def detect_answer(questionnaire: Questionnaire, slot: str, text: str) -> str | None:
    """The option a typed answer names (longest keyword wins), or None when unsure, or when it names
    several options of a preference (``PREFERENCE_SLOTS``).

    A keyword right after a negation ("I don't like management") does not count, unless the
    keyword is itself negative ("rather not").
    """
    words = default_vocabulary().quiz_answers
    padded = f" {fold(text)} "
    if any(has_phrase(padded, phrase) for phrase in words.unsure):
        return None
    if slot == "experience":
        years = _years(padded)
        if years is not None:
            return "under_2" if years < 2 else "2_to_5" if years <= 5 else "over_5"
    best: tuple[int, str] | None = None
    named: set[str] = set()
    for option in questionnaire.question(slot).options:
        for keyword in option.keywords:
            needle = f" {fold(keyword)} "
            start = padded.find(needle)
            refusal = any(has_phrase(needle, word) for word in words.refusals)
            while start != -1 and not refusal and _negated(padded, start):
                start = padded.find(needle, start + 1)
            # Ranked by the keyword as written: "bachelor's" outranks "associate" though both fold to 9 letters.
            if start != -1:
                named.add(option.value)
            if start != -1 and (best is None or len(keyword) > best[0]):
                best = (len(keyword), option.value)
    if slot in PREFERENCE_SLOTS and len(named) > 1:
        # "I've been scanning for 10 years... I love fixing computers": picking one of several would say
        # the person enjoys what they may only have mentioned.
        return None
    return best[1] if best else None


def _years(padded: str) -> float | None:
    match = _years_pattern().search(padded)
    if not match:
        bare = re.fullmatch(r" (\d+(?:\.\d+)?) ", padded)  # "7", answering "how many years?"
        return float(bare.group(1)) if bare else None
    qualifier, number, plus = match.groups()
    words = default_vocabulary().quiz_answers
    years = float(words.numbers.get(number, number))
    if qualifier in words.fewer:
        return years - 0.5
    if qualifier in words.more or plus:
        return years + 0.5
    return years


class Reason(Enum):
    """Why a role fits; ``bot.render.recommendation`` words each one."""

    INTEREST = "interest"  # detail: why the interest suits the role, from the questionnaire
    DEGREE_MEETS_EDUCATION = "degree_meets_education"  # detail: the role's minimum education
    NO_NEW_DEGREE = "no_new_degree"  # detail: the extra study the role takes instead
    EXPERIENCE_COUNTS = "experience_counts"


class Caution(Enum):
    """What to keep in mind about the role."""

    MORE_SCHOOLING = "more_schooling"  # detail: the extra study the role takes
    LITTLE_EXPERIENCE = "little_experience"


@dataclass(frozen=True)
class Note:
    """A reason or a caution, with the fact it rests on (None when the code says it all)."""

    code: Reason | Caution
    detail: str | None = None


@dataclass(frozen=True)
class Recommendation:
    role_id: str
    reasons: tuple[Note, ...]
    cautions: tuple[Note, ...]
    next_steps: tuple[str, ...]
    alternative_ids: tuple[str, ...]  # roles that need no new degree, offered when a degree is too much


def _degree_gap(needed: str | None, held: str | None) -> bool:
    if needed is None or held is None:
        return False
    return DEGREE_ORDER.index(held) < DEGREE_ORDER.index(needed)


def recommend(kb: KnowledgeBase, questionnaire: Questionnaire, answers: dict[str, str | None]) -> Recommendation:
    """The role that fits the answers (interest decides), with reasons drawn from every answer."""
    interest = questionnaire.question("interest").option(answers.get("interest"))
    if interest is None or interest.role is None:
        raise ValueError("a recommendation needs a known interest")
    role = kb.role(interest.role)
    reasons: list[Note] = [Note(Reason.INTEREST, interest.reason)]
    cautions: list[Note] = []
    alternative_ids: list[str] = []
    needed = DEGREE_NEEDED[role.education.level]
    degree, study = answers.get("degree"), answers.get("study_appetite")
    if needed and not _degree_gap(needed, degree) and degree:
        reasons.append(Note(Reason.DEGREE_MEETS_EDUCATION, role.education.minimum))
    elif needed and _degree_gap(needed, degree):
        cautions.append(Note(Caution.MORE_SCHOOLING, role.education.extra_study))
        if study in ("none", "some"):
            alternative_ids = _no_degree_alternatives(kb, role.id)
    elif needed is None:
        reasons.append(Note(Reason.NO_NEW_DEGREE, role.education.extra_study))
    experience = answers.get("experience")
    if experience == "under_2" and role.education.level in ("bachelor", "master"):
        cautions.append(Note(Caution.LITTLE_EXPERIENCE))
    elif experience in ("2_to_5", "over_5"):
        reasons.append(Note(Reason.EXPERIENCE_COUNTS))
    return Recommendation(
        role_id=role.id,
        reasons=tuple(reasons),
        cautions=tuple(cautions),
        next_steps=tuple(role.how_to_become),
        alternative_ids=tuple(alternative_ids),
    )


def _no_degree_alternatives(kb: KnowledgeBase, role_id: str) -> list[str]:
    """Every advancement path that needs exams and experience but no new degree."""
    return [role.id for role in kb.advancement_roles if role.education.level == "credential" and role.id != role_id]
