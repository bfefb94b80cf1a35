"""Turns knowledge-base facts into short chat answers (Markdown for the web widget).

Every figure is written with its year and source; figures from different years or sources are
listed separately and labelled, never blended into one number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.knowledge import KnowledgeBase, Role

FACTS = (
    "overview", "duties", "salary", "job_outlook", "education", "certification", "how_to_become", "specializations"
)

FACT_LABELS = {
    "overview": "Overview",
    "duties": "Duties",
    "salary": "Pay",
    "job_outlook": "Job outlook",
    "education": "Education",
    "certification": "Certifications",
    "how_to_become": "How to get there",
    "specializations": "Specialties",
}
CHECK_AWARDING_BODY = "Rules change often; check the awarding body for the current prerequisites."


def money(amount: int) -> str:
    return f"${amount:,}"


def percent(value: float) -> str:
    return f"{value:g}%"


def span(period: str) -> str:
    """2016-2026 -> 2016–2026 (an en dash reads as a range)."""
    return period.replace("-", "\u2013")


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def with_article(noun: str) -> str:
    """ "an echocardiographer", "a PACS administrator" (by first letter: good enough for role names)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def heading(role: Role) -> str:
    return f"**{capitalized(role.title)}**"


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def _salary(kb: KnowledgeBase, role: Role) -> str:
    lines = [
        f"**{money(figure.amount)}** ({figure.year} median pay; source: {kb.source(figure.source).short})"
        for figure in role.median_pay
    ]
    for occupation in kb.occupations_for(role):
        wage = occupation.median_annual_wage
        if wage is not None:
            lines.append(
                f"**{money(wage.amount)}** ({wage.period} median annual wage for the BLS group "
                f"\u201c{occupation.title.lower()}\u201d; source: {kb.source(wage.source).short})"
            )
    if not lines:
        return f"I don't have a pay figure for {role.plural} yet."
    text = f"{heading(role)}: median pay\n{bullets(lines)}"
    if len(lines) > 1:
        text += "\n\nThese figures come from different years and sources, so compare them with care."
    return text


def _job_outlook(kb: KnowledgeBase, role: Role) -> str:
    lines = [
        f"**{percent(figure.percent)}** job growth {span(figure.period)} for "
        f"{figure.occupation_group} (source: {kb.source(figure.source).short})"
        for figure in role.job_growth
    ]
    for occupation in kb.occupations_for(role):
        projection = occupation.projection
        if projection is not None:
            openings = (
                f", about {projection.annual_openings:,} openings a year" if projection.annual_openings else ""
            )
            lines.append(
                f"**{percent(projection.percent)}** projected growth {span(projection.period)} "
                f"for {occupation.title.lower()}{openings} (source: {kb.source(projection.source).short})"
            )
    if not lines:
        return f"I don't have a job-growth figure for {role.plural} yet."
    text = f"{heading(role)}: job outlook\n{bullets(lines)}"
    if len(lines) > 1:
        text += "\n\nThe projections cover different periods; each line says which."
    return text


def _overview(kb: KnowledgeBase, role: Role) -> str:
    return f"{heading(role)}\n\n{role.summary}\n\nTypical education: {role.education.minimum}."


def _duties(kb: KnowledgeBase, role: Role) -> str:
    return f"What {role.plural} do:\n{bullets(role.duties)}"


def _education(kb: KnowledgeBase, role: Role) -> str:
    return f"{heading(role)}: education\n\n**{role.education.minimum}.** {role.education.details}"


def _certification(kb: KnowledgeBase, role: Role) -> str:
    lines = []
    for cert in role.certifications:
        body = f"[{cert.awarding_body}]({cert.url})" if cert.url else cert.awarding_body
        line = f"**{cert.credential}** ({cert.full_name}), from {body}; exams: {', '.join(cert.exams)}."
        if cert.note:
            line += f" {cert.note}"
        lines.append(line)
    return (
        f"{heading(role)}: certifications\n{bullets(lines)}\n\n"
        "Exam rules change; check the awarding body for the current prerequisites."
    )


def _how_to_become(kb: KnowledgeBase, role: Role) -> str:
    steps = bullets(f"**Step {index}:** {step}" for index, step in enumerate(role.how_to_become, start=1))
    return f"How to become {with_article(role.name)}:\n{steps}\n\nExperience: {role.experience}"


def _specializations(kb: KnowledgeBase, role: Role) -> str:
    lines = [f"**{item.name}**: {item.needs}" if item.needs else item.name for item in role.specializations]
    return f"Specialties for {role.plural}:\n{bullets(lines)}"


_FORMATTERS: dict[str, Callable[[KnowledgeBase, Role], str]] = {
    "overview": _overview,
    "duties": _duties,
    "salary": _salary,
    "job_outlook": _job_outlook,
    "education": _education,
    "certification": _certification,
    "how_to_become": _how_to_become,
    "specializations": _specializations,
}


def answer_fact(kb: KnowledgeBase, role_id: str, fact: str) -> str:
    """The chat answer for one fact about one role."""
    if fact not in _FORMATTERS:
        raise ValueError(f"unknown fact '{fact}' (known: {', '.join(FACTS)})")
    return _FORMATTERS[fact](kb, kb.role(role_id))


def role_list(kb: KnowledgeBase) -> str:
    """One line per advancement role, for "what can I become?"."""
    lines = [f"{heading(role)}: {first_sentence(role.summary)}" for role in kb.advancement_roles]
    return "Sonographers can move into these roles:\n" + bullets(lines)


def which_role_question(fact: str) -> str:
    """Asked when a question names no role and none is in focus yet."""
    return f"Which role would you like to know about ({FACT_LABELS[fact].lower()})?"


def plain_excerpt(typed: str, limit: int = 60) -> str:
    """User text safe to quote in a Markdown answer: one line, short, no Markdown or HTML syntax."""
    return re.sub(r"[\[\]()*_`<>#!|\\]", "", " ".join(typed.split()))[:limit].strip()


def unknown_role_message(typed: str) -> str:
    """A role word that matches no role: say so, quoting a short, plain excerpt of it."""
    shown = plain_excerpt(typed)
    if not shown:
        return "I don't know that role. I can answer for these roles:"
    return f"I don't know the role \u201c{shown}\u201d. I can answer for these roles:"


def credential_answer(kb: KnowledgeBase, credential_ids: list[str]) -> str:
    """What each named credential is, who awards it, what it takes, and which roles use it."""
    blocks = []
    for credential_id in credential_ids:
        credential = kb.credentials[credential_id]
        roles = ", ".join(kb.role(role_id).plural for role_id in credential.roles)
        kind = "an exam" if credential.kind == "exam" else "a credential"
        blocks.append(
            f"**{credential.id}** ({credential.full_name}) is {kind} from "
            f"[{credential.awarding_body}]({credential.url}). {credential.what}\n"
            + bullets([
                f"Exams: {', '.join(credential.exams)}",
                f"Prerequisites: {credential.prerequisites}",
                f"Used by: {roles}",
            ])
        )
    shared = set.intersection(*(set(kb.credentials[cid].roles) for cid in credential_ids))
    closing = CHECK_AWARDING_BODY
    alternatives = [cid for cid in credential_ids if kb.credentials[cid].kind == "credential"]
    if len(alternatives) > 1 and shared:
        role_names = " and ".join(kb.role(role_id).plural for role_id in kb.roles if role_id in shared)
        closing = (
            f"{', '.join(alternatives[:-1])} and {alternatives[-1]} are all credentials for {role_names}; which one "
            f"you need depends on the employer, so check the job posting. {closing}"
        )
    blocks.append(closing)
    return "\n\n".join(blocks)


def _source_uses(kb: KnowledgeBase, source_id: str) -> list[str]:
    uses: set[str] = set()
    for role in kb.roles.values():
        uses.update(f"{figure.year} median pay" for figure in role.median_pay if figure.source == source_id)
        uses.update(f"job growth {span(figure.period)}" for figure in role.job_growth if figure.source == source_id)
    for occupation in kb.occupations.values():
        wage, projection = occupation.median_annual_wage, occupation.projection
        if wage and wage.source == source_id:
            uses.add(f"{wage.period} median wages")
        if projection and projection.source == source_id:
            uses.add(f"projected growth {span(projection.period)}")
    return sorted(uses)


def sources_answer(kb: KnowledgeBase) -> str:
    """Every source behind a figure, with what it is used for and its year."""
    lines = []
    for source_id, source in kb.sources.items():
        uses = _source_uses(kb, source_id)
        if uses:
            lines.append(f"**{source.title}** (published {source.published[:4]}): {', '.join(uses)}")
    return (
        "My figures come from these sources:\n" + bullets(lines) + "\n\n"
        "Figures from different years are shown side by side with their own labels, never blended."
    )
