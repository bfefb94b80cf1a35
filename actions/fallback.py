"""Recovering from low NLU confidence: "did you mean ...?" with the two likeliest topics.

At either stage, a message the NLU most likely reads as off-topic gets the off-topic answer, and one
the answer bank matches closely is answered from it (on its usual match where a question about
sonography is one of the two likeliest readings and off-topic is not); either is forgotten like a
message the fallback gives up on, so the next message starts afresh.

Rasa's two-stage fallback calls this action first; "Something else" asks the person to rephrase,
and a second miss ends in the help menu (utter_default).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.buttons import intent_payload
from actions.context import latest_text
from actions.topics import answer_from_bank
from bot.reading.subject import names_the_field
from bot.render.dialogue import DID_NOT_GET_THAT, DID_YOU_MEAN, REPHRASE, SOMETHING_ELSE, TOPIC_LABELS

NOT_TOPICS = {"nlu_fallback", "out_of_scope"}
SUGGESTIONS = 2
# Below this confidence an off-topic reading is checked against the answer bank before declining.
SURE_OFF_TOPIC = 0.75


def ranking(tracker: Tracker) -> list[dict]:
    """The latest message's intent readings, likeliest first, without the fallback itself."""
    readings = tracker.latest_message.get("intent_ranking") or []
    ordered = sorted(readings, key=lambda item: -float(item.get("confidence") or 0))
    return [item for item in ordered if item.get("name") != "nlu_fallback"]


def ranked_intents(tracker: Tracker) -> list[str]:
    """The intents of the latest message, likeliest first, without the fallback itself."""
    return [item.get("name") for item in ranking(tracker)]


def likeliest_topics(tracker: Tracker, count: int = SUGGESTIONS) -> list[str]:
    """The most likely intents of the latest message that have a label a person would recognize."""
    topics: list[str] = []
    for name in ranked_intents(tracker):
        labels = {TOPIC_LABELS[topic] for topic in topics}
        if name in TOPIC_LABELS and name not in NOT_TOPICS and TOPIC_LABELS[name] not in labels:
            topics.append(name)
    return topics[:count]


def likeliest_is_off_topic(tracker: Tracker) -> bool:
    """Whether the NLU's likeliest reading, below its threshold, is that the message is off-topic: then
    "did you mean" would offer topics the person never asked about."""
    return ranked_intents(tracker)[:1] == ["out_of_scope"]


def likely_about_sonography(tracker: Tracker) -> bool:
    """Whether one of the two likeliest readings is a question about sonography and neither is
    off-topic: then the answer bank may answer on its usual match, not only on a close one."""
    likeliest = ranked_intents(tracker)[:2]
    return "ask_about_sonography" in likeliest and "out_of_scope" not in likeliest


def unsure_off_topic_about_sonography(tracker: Tracker) -> bool:
    """Whether the NLU read the message as off-topic without being sure, with a question about sonography
    its other likely reading: a long story from clinicals ("I scanned a woman at 12 weeks and there was
    no heartbeat...") shares words with the personal medical messages SonoPath declines. Only a student's
    or sonographer's words count, so a patient's question about their own scan is still declined."""
    readings = ranking(tracker)
    likeliest = [item.get("name") for item in readings[:2]]
    # A reading without a confidence counts as sure: a message is never answered for lack of a number.
    off_topic = readings[0].get("confidence") if readings else None
    return (
        likeliest[:1] == ["out_of_scope"]
        and "ask_about_sonography" in likeliest
        and off_topic is not None
        and float(off_topic) < SURE_OFF_TOPIC
        and names_the_field(latest_text(tracker))
    )


def settled_without_asking(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Declines a message most likely off-topic, or answers it from the answer bank; whether it did."""
    if likeliest_is_off_topic(tracker):
        dispatcher.utter_message(response="utter_out_of_scope")
        return True
    return answer_from_bank(dispatcher, tracker, asked=likely_about_sonography(tracker))


def payload_with_entities(intent: str, tracker: Tracker) -> str:
    """The intent as a payload, keeping the role or credential the message named."""
    entities = {
        entity["entity"]: entity["value"]
        for entity in tracker.latest_message.get("entities") or []
        if entity.get("entity") in {"role", "credential"} and isinstance(entity.get("value"), str)
    }
    return intent_payload(intent, **entities)


class ActionDeclineOffTopic(Action):
    """Declines an off-topic message, unless the NLU was unsure, the message speaks of sonography school
    or work, and the answer bank matches it: then that match is the likelier reading, and it is answered."""

    def name(self) -> str:
        return "action_decline_off_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if unsure_off_topic_about_sonography(tracker) and answer_from_bank(dispatcher, tracker, asked=True):
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionAskAffirmation(Action):
    """Offers the two likeliest topics as buttons, plus "Something else"."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if settled_without_asking(dispatcher, tracker):
            return [UserUtteranceReverted()]
        topics = likeliest_topics(tracker)
        buttons = [{"title": TOPIC_LABELS[topic], "payload": payload_with_entities(topic, tracker)} for topic in topics]
        buttons.append({"title": SOMETHING_ELSE, "payload": "/out_of_scope"})
        dispatcher.utter_message(text=DID_YOU_MEAN, buttons=buttons)
        return []


class ActionAskRephrase(Action):
    """The second stage: ask for the question in other words, with an example."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=REPHRASE)
        return []


class ActionDefaultFallback(Action):
    """Still not understood: say so, show the help menu, and forget the message that failed."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if settled_without_asking(dispatcher, tracker):
            return [UserUtteranceReverted()]
        dispatcher.utter_message(text=DID_NOT_GET_THAT)
        dispatcher.utter_message(response="utter_help")
        return [UserUtteranceReverted()]
