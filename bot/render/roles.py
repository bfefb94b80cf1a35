"""Answers about one role (pay, outlook, education ...), the list of roles, and an unknown role.

Every figure is written with its year and source; figures from different years or sources are
listed separately and labelled, never blended into one number. ``bot.render.facts`` says which
renderer answers which question.
"""

from __future__ import annotations

from bot.formatting import bullets, capitalized, money, percent, plain_excerpt, span, with_article
from bot.knowledge import KnowledgeBase, Role


def role_button_title(role: Role) -> str:
    """A role on a button: its name, capitalized."""
    return capitalized(role.name)


def heading(role: Role) -> str:
    return f"**{capitalized(role.title)}**"


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


# The facts whose answers are figures, all national: a question naming a place is told so.
NATIONAL_FIGURE_FACTS = ("salary", "job_outlook")


def national_only(places: list[str]) -> str:
    """Said under national figures when the question named places the data has no figures for."""
    separator = "; " if any("," in place for place in places) else ", "  # "Miami, FL; Orlando, FL"
    named = places[0] if len(places) == 1 else f"{separator.join(places[:-1])} or {places[-1]}"
    return f"These are US-wide figures; I don't have separate ones for {named}."


def salary(kb: KnowledgeBase, role: Role) -> str:
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
    text = f"{heading(role)}: median pay, US national figures\n{bullets(lines)}"
    if len(lines) > 1:
        text += "\n\nThese figures come from different years and sources, so compare them with care."
    return text


def job_outlook(kb: KnowledgeBase, role: Role) -> str:
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
    text = f"{heading(role)}: job outlook, US national figures\n{bullets(lines)}"
    if len(lines) > 1:
        text += "\n\nThe projections cover different periods; each line says which."
    return text


def overview(kb: KnowledgeBase, role: Role) -> str:
    return f"{heading(role)}\n\n{role.summary}\n\nTypical education: {role.education.minimum}."


def duties(kb: KnowledgeBase, role: Role) -> str:
    """What the role is in one sentence, its tasks, and the kinds of work it covers."""
    areas = ", ".join(item.name for item in role.specializations)
    return (
        f"{first_sentence(role.summary)}\n\nWhat {role.plural} do:\n{bullets(role.duties)}"
        f"\n\nAreas of work: {areas}."
    )


def education(kb: KnowledgeBase, role: Role) -> str:
    """The education a role asks for; beyond the starting role, also what a working sonographer adds,
    which answers "do I have to go back to school?"."""
    text = f"{heading(role)}: education\n\n**{role.education.minimum}.** {role.education.details}"
    if role.starting_point:
        return text
    return f"{text}\n\nFor a working sonographer: {role.education.extra_study}"


def certification(kb: KnowledgeBase, role: Role) -> str:
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


def how_to_become(kb: KnowledgeBase, role: Role) -> str:
    steps = bullets(f"**Step {index}:** {step}" for index, step in enumerate(role.how_to_become, start=1))
    return f"How to become {with_article(role.name)}:\n{steps}\n\nExperience: {role.experience}"


def specializations(kb: KnowledgeBase, role: Role) -> str:
    lines = [f"**{item.name}**: {item.needs}" if item.needs else item.name for item in role.specializations]
    return f"Specialties for {role.plural}:\n{bullets(lines)}"


def role_list(kb: KnowledgeBase) -> str:
    """One line per advancement role, for "what can I become?"."""
    lines = [f"{heading(role)}: {first_sentence(role.summary)}" for role in kb.advancement_roles]
    return "Sonographers can move into these roles:\n" + bullets(lines)


def unknown_role_message(typed: str) -> str:
    """A role word that matches no role: say so, quoting a short, plain excerpt of it."""
    shown = plain_excerpt(typed)
    if not shown:
        return "I don't know that role. I can answer for these roles:"
    return f"I don't know the role \u201c{shown}\u201d. I can answer for these roles:"
