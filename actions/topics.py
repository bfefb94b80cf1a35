"""Answering from the answer bank: the sourced answer for an entry, and whether a message is close
enough to one. ``actions.sonography`` answers questions about sonography with it; the fallback, role,
comparison, recommendation and session actions use it before giving up on a message, most with the
stricter threshold of a message the NLU did not read as a question about sonography.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import latest_confidence, latest_intent, latest_text
from bot.answer_bank import Match, default_answer_bank
from bot.careers import compare_with_neighbour, default_careers, neighbour_overview
from bot.knowledge import default_knowledge_base
from bot.render.careers import comparison_answer, neighbours_answer
from bot.render.topics import topic_answer


def bank_answer(match: Match) -> str:
    """The sourced answer for an entry of the answer bank."""
    kb, entry = default_knowledge_base(), match.entry
    if entry.kind == "topic":
        return topic_answer(kb, entry.key)
    careers = default_careers()
    if entry.kind == "comparison":
        return comparison_answer(kb, compare_with_neighbour(kb, careers, entry.key))
    return neighbours_answer(kb, neighbour_overview(kb, careers))


# The NLU's confidence above which it is sure a message is a question about sonography.
SURE_CONFIDENCE = 0.85


def nlu_is_sure_about_sonography(tracker: Tracker) -> bool:
    return latest_intent(tracker) == "ask_about_sonography" and latest_confidence(tracker) >= SURE_CONFIDENCE


def answer_from_bank(dispatcher: CollectingDispatcher, tracker: Tracker, asked: bool) -> bool:
    """Answers the latest message from the bank if an entry is close enough; whether it did. Unless the
    NLU read the message as a question about sonography (``asked``), only a close match on more than one
    word counts."""
    bank, text = default_answer_bank(), latest_text(tracker)
    match = bank.best(text, sure=nlu_is_sure_about_sonography(tracker)) if asked else bank.best_unasked(text)
    if match is None:
        return False
    dispatcher.utter_message(text=bank_answer(match))
    return True


def answer_career_comparison(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers "rad tech vs sonographer" with the comparison of sonography and that neighbouring career,
    if the message closely matches one; whether it did."""
    match = default_answer_bank().best_unasked(latest_text(tracker))
    if match is None or match.entry.kind == "topic":
        return False
    dispatcher.utter_message(text=bank_answer(match))
    return True
