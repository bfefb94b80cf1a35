"""The recommendation answer: the suggested path, why, what to keep in mind, and next steps."""

from __future__ import annotations

from collections.abc import Callable

from bot.formatting import bullets, capitalized
from bot.knowledge import KnowledgeBase
from bot.recommend import Caution, Note, Reason, Recommendation
from bot.render.roles import role_list

# An interest that is no option of the questionnaire; the interest question follows with its choices.
UNKNOWN_OPTION = "I don't know that option. Here are the choices:"
# Under a recommendation from the interest alone: the rest of the questionnaire.
MORE_QUESTIONS_TITLE = "Answer 3 more questions"
# A message read as a stated interest that names none: the questionnaire is offered, never started unasked.
NO_INTEREST_HEARD = (
    "I couldn't tell from that what you enjoy in your work. If you'd like a suggestion, I can ask four "
    "short questions and name the role that fits your answers."
)
# A message that tells what the person enjoys without asking for a suggestion: one is offered.
OFFER_SUGGESTION = (
    "If you'd like a suggestion of a role, I can ask four short questions and name the role that fits your answers."
)
HELP_ME_CHOOSE_TITLE = "Help me choose a role"
# Before the first question of a questionnaire the person asked for.
QUESTIONNAIRE_LEAD = "To suggest the one that fits you best, I'll ask four short questions."


def questionnaire_intro(kb: KnowledgeBase) -> str:
    """The roles to choose from, one line each, and what comes next."""
    return f"{role_list(kb)}\n\n{QUESTIONNAIRE_LEAD}"

# One sentence per reason or caution code, given the detail the decision noted.
SENTENCES: dict[Reason | Caution, Callable[[str], str]] = {
    Reason.INTEREST: capitalized,
    Reason.DEGREE_MEETS_EDUCATION: lambda minimum: (
        f"Your degree already meets this role's education ({minimum.lower()})"
    ),
    Reason.NO_NEW_DEGREE: lambda extra_study: f"What it takes: {extra_study}",
    Reason.EXPERIENCE_COUNTS: lambda _: "Your scanning experience counts toward this role's experience expectations",
    Caution.MORE_SCHOOLING: lambda extra_study: f"This role asks for more schooling: {extra_study}",
    Caution.LITTLE_EXPERIENCE: lambda _: (
        "Leadership and teaching roles expect several years of scanning first; build experience as you study"
    ),
}


def sentence(note: Note) -> str:
    """One bullet under "Why:" or "Keep in mind:"."""
    return SENTENCES[note.code](note.detail or "")


def recommendation_answer(kb: KnowledgeBase, result: Recommendation) -> str:
    role = kb.role(result.role_id)
    why = bullets(sentence(note) for note in result.reasons)
    parts = [f"I'd suggest the **{role.name}** path.", f"Why:\n{why}"]
    if result.cautions:
        parts.append(f"Keep in mind:\n{bullets(sentence(note) for note in result.cautions)}")
    parts.append(f"Next steps:\n{bullets(result.next_steps)}")
    if result.alternative_ids:
        names = " and the ".join(kb.role(role_id).name for role_id in result.alternative_ids)
        paths = "paths need" if len(result.alternative_ids) > 1 else "path needs"
        parts.append(f"If a new degree is more than you want, the {names} {paths} exams and experience instead.")
    return "\n\n".join(parts)
