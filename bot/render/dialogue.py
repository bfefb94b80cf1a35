"""What keeps a conversation going rather than answering it: not understood, "did you mean ...?",
starting over. Rasa's help menu and greetings are domain responses (domain.yml)."""

from __future__ import annotations

from bot.render.facts import FACT_TOPICS

# Said when nothing in a message could be used; the help menu follows.
DID_NOT_GET_THAT = "Sorry, I didn't get that."
# Said when a form's question got an answer it cannot read; the question is asked again.
NOT_UNDERSTOOD = "Sorry, I didn't catch that. Please pick one of the buttons, or say it another way."

DID_YOU_MEAN = "Sorry, I'm not sure I understood. Did you mean one of these?"
SOMETHING_ELSE = "Something else"
REPHRASE = 'Could you say that another way? For example: "What does an echocardiographer earn?"'
# What each question type is called on a "did you mean ...?" button: the facts about a role come
# from their table, the other questions are listed here.
TOPIC_LABELS = {topic.intent: topic.fallback_label for topic in FACT_TOPICS} | {
    "list_roles": "Career options",
    "compare_roles": "Compare roles",
    "rank_by_pay": "Best-paid roles",
    "rank_by_growth": "Fastest-growing roles",
    "rank_by_schooling": "Least extra schooling",
    "ask_sources": "Where the figures come from",
    "ask_recommendation": "Which role fits me",
    "share_interest": "Which role fits me",
    "help": "What you can do",
    "search_schools": "Find sonography programs",
}

RESTARTED = "Starting over: I've forgotten our conversation. What would you like to know?"
LIST_ROLES_TITLE = "What roles can I move into?"
WHICH_ROLE_FITS_TITLE = "Which role fits me?"
