"""Which facts about a role a message asks for, when it asks in several parts.

The NLU gives one intent per message, so "how do I become a PACS admin? and is the pay better than
scanning?" was answered on pay alone. A message is cut into its questions (sentences, and clauses
joined by "and"/"also"/"plus" that start with a question word); each question part names the facts
its words ask for. Statements are not read: "I have a bachelor's. What does a manager earn?" asks for
pay only, not education.
"""

from __future__ import annotations

import re

from bot.reading.vocabulary import default_vocabulary
from bot.reading.words import fold, has_phrase

# Sentence ends, also before a closing quote or bracket ('something "stable." How much...'), and a
# new question joined to the last: ", and what ...", " also how ...".
_SENTENCES = re.compile(r"(?<=[?.!])\s+|(?<=[?.!][\"'”’)\]])\s+|\n+")
_JOINED = re.compile(r"(,?\s+(?:and|also|plus)\s+|,\s+)")
# The fact the NLU gives a question about a role in general, not asked for beside specific facts.
GENERAL_FACT = "overview"
SALARY = "salary"
# Kept in a folded part where a comma joined a clause that asks nothing: "how much do they make , moving
# to austin next year" (the clause before it can end in a fact's last words).
CLAUSE_BREAK = " , "
# A sentence that goes on from the last one: "... a PACS admin? And is the pay better?"
_GOES_ON = re.compile(r"^(?:and|also|plus)\s+", re.IGNORECASE)


def _starts_a_question(folded: str) -> bool:
    return bool(folded) and folded.split(" ", 1)[0] in default_vocabulary().question_starts


def _clauses(sentence: str) -> list[str]:
    """The sentence, folded, cut where a new question starts after "and", "also", "plus" or a comma;
    a piece that starts no question stays with the one before it, after ``CLAUSE_BREAK`` where only a
    comma joined them."""
    pieces = _JOINED.split(sentence)  # the pieces, with the joining words between them
    clauses = [fold(pieces[0])]
    for joint, piece in zip(pieces[1::2], map(fold, pieces[2::2]), strict=True):
        if _starts_a_question(piece):
            clauses.append(piece)
        elif joint.strip() == ",":
            clauses[-1] = f"{clauses[-1]}{CLAUSE_BREAK}{piece}" if piece else clauses[-1]
        else:
            clauses[-1] = fold(f"{clauses[-1]}{joint}{piece}")
    return clauses


def question_parts(text: str) -> list[str]:
    """The message's questions, folded, in order. A sentence counts when it ends in "?" or starts with a
    question word; of a sentence cut in clauses, the first counts only if it starts with one itself:
    "I have a bachelor's degree, what does a manager earn?" asks one question."""
    parts: list[str] = []
    for sentence in filter(None, (_GOES_ON.sub("", piece.strip()) for piece in _SENTENCES.split(text))):
        clauses = _clauses(sentence)
        if not (sentence.rstrip().endswith("?") or _starts_a_question(clauses[0])):
            continue
        if len(clauses) > 1 and not _starts_a_question(clauses[0]):
            clauses = clauses[1:]
        parts += clauses
    return [part for part in parts if part]


def facts_in(part: str) -> list[str]:
    """The facts whose words a folded question part holds, in the vocabulary's order, and the facts
    whose last words end it or a clause of it before a comma ("what do echo techs make", "do they make
    more", "how much do they make, moving to austin next year"); pay asked about a student's time
    ("paid during clinical rotations") is not the role's salary."""
    words = default_vocabulary()
    studying = any(has_phrase(part, phrase) for phrase in words.while_studying)
    clause_ends = part.split(CLAUSE_BREAK)
    return [fact for fact, phrases in words.fact_words.items()
            if (any(has_phrase(part, phrase) for phrase in phrases)
                or any(_ends_with(end, phrase) for end in clause_ends
                       for phrase in words.fact_last_words.get(fact, [])))
            and not (studying and fact == SALARY)]


def _ends_with(part: str, phrase: str) -> bool:
    return part == phrase or part.endswith(f" {phrase}")


def facts_in_parts(text: str) -> list[str]:
    """Every fact the message's question parts ask for: part by part in the message's order, and within
    a part in the vocabulary's order."""
    return list(dict.fromkeys(fact for part in question_parts(text) for fact in facts_in(part)))


def asked_facts(text: str, intent_fact: str) -> list[str]:
    """The facts a message asks for, in its order: more than the intent's only when at least two of
    its question parts each ask for a fact and they ask for different ones. The intent's fact stays
    among them (the NLU read the message as a whole, and a part may ask in words not listed), except
    the overview, the NLU's reading of a question about a role in general."""
    per_part = [facts for facts in map(facts_in, question_parts(text)) if facts]
    found = list(dict.fromkeys(fact for facts in per_part for fact in facts))
    if len(per_part) < 2 or len(found) < 2:
        return [intent_fact]
    if intent_fact not in found and intent_fact != GENERAL_FACT:
        found.insert(0, intent_fact)
    return found
