"""Answers about credentials and exams: what each is, who awards it, what it takes."""

from __future__ import annotations

from bot.formatting import bullets, plain_excerpt
from bot.knowledge import KnowledgeBase

CHECK_AWARDING_BODY = "Rules change often; check the awarding body for the current prerequisites."
WHICH_CREDENTIAL = "Which credential or exam do you mean?"


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


def unknown_credential_message(typed: str) -> str:
    """A credential name that matches none: say so, quoting a short, plain excerpt of it."""
    return f"I don't know the credential \u201c{plain_excerpt(typed, 40)}\u201d. I can explain these:"
