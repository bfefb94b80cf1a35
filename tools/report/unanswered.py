"""Which messages SonoPath could not answer, judged from a conversation's events as Rasa stores them.

Pure: event dicts in, rows out, no database. Each message from a person is judged by what followed it
until their next message: the actions Rasa ran and what the bot said. The fallback and the off-topic
refusal may answer from the answer bank instead (actions/fallback.py), so the bot's replies, not only
the actions, decide. A message ended in the fallback when the fallback ran and did not answer it: it
asked "did you mean", asked to rephrase, gave up, or declined the message as most likely off-topic. A
message was refused as off-topic when the off-topic action sent the response ``utter_out_of_scope``
(Rasa records a response's name as the reply's ``metadata.utter_action``).

The fallback's actions end with ``UserUtteranceReverted``, which takes the message out of the tracker
Rasa rebuilds; the store keeps every event, and the events are read here as stored, so a forgotten
message is still judged. When a person rephrases after "say it another way", Rasa takes the new message
back and stores it again (confidence 1.0): the copy is passed over, and the original, which got no reply
from the fallback, counts only if read with low confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.render.dialogue import DID_NOT_GET_THAT, DID_YOU_MEAN, REPHRASE

FALLBACK, OFF_TOPIC, LOW_CONFIDENCE = "fallback", "off-topic", "low confidence"
CATEGORIES = (FALLBACK, OFF_TOPIC, LOW_CONFIDENCE)  # in order of precedence
# Rasa's names (config.yml, data/rules.yml, domain.yml, actions/fallback.py).
FALLBACK_ACTIONS = frozenset({
    "action_two_stage_fallback", "action_default_fallback", "action_default_ask_affirmation",
    "action_default_ask_rephrase",
})
OFF_TOPIC_ACTION = "action_decline_off_topic"
FALLBACK_INTENT, OFF_TOPIC_INTENT = "nlu_fallback", "out_of_scope"
REFUSAL_RESPONSE = "utter_out_of_scope"
# What the fallback says when it neither answers nor declines: "did you mean", "say it another way",
# and, giving up, "didn't get that" before the help menu.
FALLBACK_SENTENCES = frozenset({DID_YOU_MEAN, REPHRASE, DID_NOT_GET_THAT})
# Below an even chance the NLU thought another reading at least as likely as the one it chose: worth a
# look, though answered. config.yml's FallbackClassifier threshold (0.3) only catches what it could not
# read at all; between 0.3 and 0.5 are the answers most likely to have missed the question.
LOW_CONFIDENCE_BELOW = 0.5

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Digits in groups (a phone number, a card, a record number): seven digits or more in all.
NUMBER_GROUPS = re.compile(r"\+?\(?\d[\d\s().-]*\d")
LONGEST_KEPT_NUMBER = 6  # "120000" a salary stays; "5551234" goes
YEAR = re.compile(r"(?:19|20)\d\d")
REDACTED_EMAIL, REDACTED_PHONE, REDACTED_NUMBER = "[email]", "[phone]", "[number]"
TRAILING = ".,!?;:…"


@dataclass
class Turn:
    """A message from a person and what followed it until their next one."""

    text: str
    timestamp: float
    parse_data: dict[str, Any]
    actions: list[str] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    rewound: bool = False
    replayed: bool = False  # Rasa's copy of the message before, stored after a rewind: no new words

    def replayed_by(self, text: str) -> bool:
        """Whether ``text``, next, is Rasa's copy of this message: it was taken back without a reply."""
        return self.rewound and not self.replies and text == self.text


@dataclass(frozen=True)
class Message:
    """A message that was not answered well: its text with personal data taken out, and why."""

    text: str
    category: str
    intent: str | None
    confidence: float | None


@dataclass(frozen=True)
class Row:
    """Messages of the same words and category: how many, the likeliest reading, one of them as typed."""

    count: int
    category: str
    intent: str | None
    confidence: float | None
    text: str
    key: str  # the normalized text the row groups


@dataclass(frozen=True)
class Findings:
    """The messages not answered well, and how many people's messages the period held: the share matters."""

    read: int
    messages: list[Message]


def turns(events: Iterable[dict[str, Any]]) -> Iterator[Turn]:
    """The turns of one conversation, its events in stored order; events before its first message in
    the period (the end of an earlier turn) are passed over."""
    turn: Turn | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = str(event.get("text") or "")
            replayed = turn is not None and turn.replayed_by(text)
            if turn is not None:
                yield turn
            turn = Turn(text, float(event.get("timestamp") or 0), event.get("parse_data") or {}, replayed=replayed)
        elif turn is None:
            continue
        elif kind == "action" and event.get("name"):
            turn.actions.append(str(event["name"]))
        elif kind == "bot":
            turn.replies.append(event)
        elif kind == "rewind":
            turn.rewound = True
    if turn is not None:
        yield turn


def likeliest_reading(parse_data: dict[str, Any]) -> tuple[str | None, float | None]:
    """The NLU's likeliest intent and its confidence; under the fallback, the likeliest real intent
    (the fallback's own confidence is only its threshold)."""
    intent = parse_data.get("intent") or {}
    if intent.get("name") == FALLBACK_INTENT:
        ranking = [item for item in parse_data.get("intent_ranking") or [] if item.get("name") != FALLBACK_INTENT]
        intent = max(ranking, key=lambda item: float(item.get("confidence") or 0), default={})
    confidence = intent.get("confidence")
    return intent.get("name"), float(confidence) if confidence is not None else None


def category(turn: Turn, low_confidence: float = LOW_CONFIDENCE_BELOW) -> str | None:
    """FALLBACK, OFF_TOPIC or LOW_CONFIDENCE, in that precedence; None for a message answered with
    confidence."""
    intent = (turn.parse_data.get("intent") or {}).get("name")
    fallback_path = intent == FALLBACK_INTENT or any(action in FALLBACK_ACTIONS for action in turn.actions)
    off_topic_path = intent == OFF_TOPIC_INTENT or OFF_TOPIC_ACTION in turn.actions
    asked = any(reply.get("text") in FALLBACK_SENTENCES for reply in turn.replies)
    refused = any((reply.get("metadata") or {}).get("utter_action") == REFUSAL_RESPONSE for reply in turn.replies)
    if fallback_path and (asked or refused):
        return FALLBACK
    if off_topic_path and refused:
        return OFF_TOPIC
    _, confidence = likeliest_reading(turn.parse_data)
    # A message the FallbackClassifier rejected but the answer bank answered was not understood either.
    if intent == FALLBACK_INTENT or (confidence is not None and confidence < low_confidence):
        return LOW_CONFIDENCE
    return None


def is_payload(text: str) -> bool:
    """A button's payload ("/ask_pay{...}"): what was clicked, not a person's words."""
    return text.lstrip().startswith("/")


def findings(
    conversations: Iterable[list[dict[str, Any]]], start: float, end: float,
    low_confidence: float = LOW_CONFIDENCE_BELOW,
) -> Findings:
    """The messages sent from ``start`` up to ``end`` that were not answered well, redacted."""
    read, found = 0, []
    for events in conversations:
        for turn in turns(events):
            if turn.replayed or not start <= turn.timestamp < end or is_payload(turn.text) or not turn.text.strip():
                continue
            read += 1
            kind = category(turn, low_confidence)
            if kind is not None:
                found.append(Message(redact(turn.text), kind, *likeliest_reading(turn.parse_data)))
    return Findings(read, found)


def redact(text: str) -> str:
    """The text without e-mail addresses, phone numbers and long runs of digits, and without control
    characters (a message is printed to a terminal)."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = EMAIL.sub(REDACTED_EMAIL, text)
    return NUMBER_GROUPS.sub(_redacted_number, text)


def _redacted_number(found: re.Match[str]) -> str:
    number = found.group()
    digits = sum(char.isdigit() for char in number)
    if digits <= LONGEST_KEPT_NUMBER or _years(number):
        return number
    return REDACTED_NUMBER if number.isdigit() else REDACTED_PHONE


def _years(number: str) -> bool:
    """Whether digit groups are years and year ranges ("2016-2026", "2016-26", "2023 2024 2025"), which
    people ask about, rather than parts of a phone number."""
    groups = re.findall(r"\d+", number)
    return YEAR.fullmatch(groups[0]) is not None and all(YEAR.fullmatch(g) or len(g) == 2 for g in groups)


def normalized(text: str) -> str:
    """The words that make two messages the same question: lower case, single spaces, no closing
    punctuation."""
    return " ".join(text.lower().split()).rstrip(TRAILING).rstrip()


def rows(messages: Iterable[Message]) -> list[Row]:
    """One row per normalized text and category, most frequent first, then by text. The row shows the
    text as most often typed (spaces tidied; the first seen of equals), the intent most often likeliest,
    and the mean confidence of the group."""
    groups: dict[tuple[str, str], list[Message]] = {}
    for message in messages:
        groups.setdefault((normalized(message.text), message.category), []).append(message)
    found = []
    for (key, kind), group in groups.items():
        confidences = [message.confidence for message in group if message.confidence is not None]
        found.append(Row(
            count=len(group),
            category=kind,
            intent=Counter(message.intent for message in group).most_common(1)[0][0],
            confidence=sum(confidences) / len(confidences) if confidences else None,
            text=Counter(" ".join(message.text.split()) for message in group).most_common(1)[0][0],
            key=key,
        ))
    return sorted(found, key=lambda row: (-row.count, row.key, CATEGORIES.index(row.category)))
