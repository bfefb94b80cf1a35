"""What a message is about beyond its intent: whether sonography itself is its subject ("what does
ultrasound pay?"), so a question that names no role is about the starting role rather than met with
"which role?"; whether it asks for a suggested role, which is never given unasked; whether it points
back at the roles just discussed ("compare them"); and whether it asks for a document to be written,
which SonoPath never does."""

from __future__ import annotations

from bot.reading.question_parts import question_parts
from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import fold, has_phrase


def names_sonography(text: str) -> bool:
    folded = fold(text)
    return any(has_phrase(folded, word) for word in default_vocabulary().subject_words)


def names_the_field(text: str) -> bool:
    """Whether the message speaks of sonography school or work ("my OB rotation", "my scanning arm")."""
    folded = fold(text)
    return any(has_phrase(folded, word) for word in default_vocabulary().field_words)


def asks_for_a_suggestion(text: str) -> bool:
    folded = fold(text)
    return any(has_phrase(folded, phrase) for phrase in default_vocabulary().asks_for_a_suggestion)


def asks_which_role_fits(text: str) -> bool:
    """Whether one of the message's questions asks which role would suit the person: a story that ends
    "which of the next-step roles would fit me best?" asks for the questionnaire as plainly as "help me
    choose" does; a story that only tells what the person likes does not, nor a question that asks
    something else ("would you recommend a textbook?")."""
    phrases = default_vocabulary().asks_which_role_fits
    return any(has_phrase(part, phrase) for part in question_parts(text) for phrase in phrases)


def names_study_material(text: str) -> bool:
    folded = fold(text)
    return any(has_phrase(folded, phrase) for phrase in default_vocabulary().study_material)


def refers_to_roles_discussed(text: str) -> bool:
    folded = fold(text)
    return any(has_phrase(folded, phrase) for phrase in default_vocabulary().refers_to_roles_discussed)


def asks_to_write(text: str) -> bool:
    """Whether the message asks SonoPath to write or edit a document: asked of it ("can you write my
    resume") or commanded ("write my personal statement"), and naming the document, so "can you write
    reports as a sonographer?" stays a question about the work."""
    folded, words = fold(text), default_vocabulary()
    asked = folded.split(" ", 1)[0] in words.writing_commands or any(
        has_phrase(folded, phrase) for phrase in words.asks_to_write
    )
    return asked and any(has_phrase(folded, document) for document in words.documents)


def asks_about_own_pay(text: str) -> bool:
    """Whether the message asks about the person's own pay ("what's my salary?", "how much do I make a
    week?"), not what pay would be ("what would my salary be?", "my earning potential as an echo tech"):
    figures SonoPath has are for roles, never for one person's job."""
    folded, words = fold(text), default_vocabulary()
    return any(has_phrase(folded, phrase) for phrase in words.own_pay) and not any(
        has_phrase(folded, word) for word in words.own_pay_hypothetical
    )
