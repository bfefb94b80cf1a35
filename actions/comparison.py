"""Actions that look across roles: compare two side by side, rank all by one criterion."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import intent_payload, role_buttons
from actions.context import (
    ROLE_SLOT,
    latest_intent,
    latest_text,
    mentioned_roles,
    role_in_focus,
    role_names,
    roles_discussed,
    shows_images,
)
from actions.roles import named_places
from actions.topics import answer_career_comparison, answer_from_bank
from bot.charts import comparison_chart, ranking_chart
from bot.comparison import compare_roles, compared_roles, rank_roles
from bot.knowledge import default_knowledge_base
from bot.reading.subject import refers_to_roles_discussed
from bot.render.charts import chart_attachment
from bot.render.comparison import (
    CANNOT_RANK,
    COMPARE_WHICH,
    RANK_BY_TITLES,
    compare_with_question,
    comparison_answer,
    more_on_title,
    ranking_answer,
    same_role_answer,
)
from bot.render.roles import national_only, unknown_role_message

CRITERION_BY_INTENT = {"rank_by_pay": "pay", "rank_by_growth": "growth", "rank_by_schooling": "schooling"}
NATIONAL_CRITERIA = frozenset({"pay", "growth"})  # figures the knowledge base has for the whole US only


def with_scope(text: str, tracker: Tracker) -> str:
    """An answer with national figures, and the note that they are national where the question named
    a place ("which pays best in Texas?")."""
    places = named_places(latest_text(tracker))
    return f"{text}\n\n{national_only(places)}" if places else text


class ActionCompareRoles(Action):
    """Compares the two roles named, the one named with the role in focus, or the last two discussed
    ("compare them"); sonography beside a neighbouring career ("rad tech vs sonographer") from the
    answer bank."""

    def name(self) -> str:
        return "action_compare_roles"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = default_knowledge_base()
        known, unknown = mentioned_roles(tracker, kb)
        names = role_names(tracker)
        if len(known) == 1 and not unknown and len(names) >= 2:
            # "sonographer vs ultrasound tech": two names of one role, before any career comparison the
            # bank would match on "ultrasound tech".
            role = kb.role(known[0])
            overview = {"title": more_on_title(role), "payload": intent_payload("ask_role_overview", role.id)}
            dispatcher.utter_message(text=same_role_answer(role, names), buttons=[overview])
            return [SlotSet(ROLE_SLOT, role.id)]
        if len(known) < 2 and answer_career_comparison(dispatcher, tracker):
            return []
        if unknown and len(known) < 2:
            dispatcher.utter_message(text=unknown_role_message(unknown[0]), buttons=role_buttons(kb.roles.values()))
            return []
        focus = role_in_focus(tracker, kb)
        if len(known) >= 2:
            pair = compared_roles(kb, known)
        else:
            pair = [focus, known[0]] if known and focus not in (None, known[0]) else []
        refers_back = refers_to_roles_discussed(latest_text(tracker))
        if not pair and refers_back:
            discussed = roles_discussed(tracker, kb)
            pair = discussed if len(discussed) == 2 else []
        if not pair and not refers_back and answer_from_bank(dispatcher, tracker, asked=True):
            return []  # "ultrasound or the radiology department?": a sourced answer, not the role picker
        if not pair:
            first = known[0] if known else focus
            others = [role for role in kb.roles.values() if role.id != first]
            question = compare_with_question(kb.role(first)) if first else COMPARE_WHICH
            dispatcher.utter_message(text=question, buttons=role_buttons(others, intent="compare_roles"))
            return [SlotSet(ROLE_SLOT, first)] if first else []
        second = kb.role(pair[1])
        more = {"title": more_on_title(second), "payload": intent_payload("ask_role_overview", second.id)}
        result = compare_roles(kb, pair[0], pair[1])
        if shows_images(tracker):  # the chart first: the widget shows buttons under the latest message only
            dispatcher.utter_message(attachment=chart_attachment(kb, comparison_chart(result)))
        dispatcher.utter_message(text=with_scope(comparison_answer(kb, result), tracker), buttons=[more])
        return [SlotSet(ROLE_SLOT, pair[1])]


class ActionRankRoles(Action):
    """Ranks every advancement role by pay, growth or extra schooling."""

    def name(self) -> str:
        return "action_rank_roles"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = default_knowledge_base()
        criterion = CRITERION_BY_INTENT.get(latest_intent(tracker) or "", "pay")
        others = [
            {"title": RANK_BY_TITLES[other], "payload": intent_payload(intent)}
            for intent, other in CRITERION_BY_INTENT.items()
            if other != criterion
        ]
        try:
            ranking = rank_roles(kb, criterion)
        except ValueError:  # figures from different years or sources: never rank them together
            dispatcher.utter_message(text=CANNOT_RANK, buttons=others)
            return []
        chart = ranking_chart(ranking)
        if chart and shows_images(tracker):
            dispatcher.utter_message(attachment=chart_attachment(kb, chart))
        text = ranking_answer(kb, ranking)
        text = with_scope(text, tracker) if criterion in NATIONAL_CRITERIA else text
        dispatcher.utter_message(text=text, buttons=others)
        return []
