"""What the project's forms share: reading a typed answer into the slot asked for, and leaving a form.

rasa-sdk looks up an ``extract_<slot>`` and a ``validate_<slot>`` method per slot. Our forms decide
when a message is read and when to say it was not understood the same way for every slot, so
:class:`FormValidation` runs both steps itself (such methods on a subclass are not called) and each
form fills in how a slot is read from a message and which values it keeps.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.context import latest_intent
from bot.render.dialogue import NOT_UNDERSTOOD


class FormValidation(FormValidationAction, ABC):
    """Fills a form's slots from typed answers and checks every value before the form keeps it.

    A slot is read only from a message meant for it (see :meth:`reads`) and only while it is empty,
    so a value from a button's entity is never overwritten. A slot left empty makes Rasa ask its
    question (again).
    """

    # Intents whose message answers the question being asked; any other leaves the form (the rules in
    # data/schools/rules.yml and data/recommendation/rules.yml).
    answer_intents: ClassVar[frozenset[str]]
    # Slots read from a message that names them but never asked for (not in the domain's required slots).
    optional_slots: ClassVar[tuple[str, ...]] = ()
    # Slots read from every answer, whichever question is asked: a value named later replaces the
    # earlier one ("what about Texas?" while the form asks for the role).
    replaceable_slots: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>; abstract, so the action server does not register this base class."""

    @abstractmethod
    def read(self, slot: str, tracker: Tracker) -> Any:
        """The value the latest message gives for ``slot``, or None when it gives none that can be read."""

    @abstractmethod
    def check(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Any:
        """``value`` as the form keeps it in ``slot``, or None when it is not an allowed value."""

    def reads(self, slot: str, tracker: Tracker) -> bool:
        """Whether the latest message is read for ``slot``: by default only an answer to its own question."""
        return tracker.get_slot(REQUESTED_SLOT) == slot and latest_intent(tracker) in self.answer_intents

    def not_understood(self, slot: str, tracker: Tracker) -> str | None:
        """What to say when a message read for ``slot`` gave no value; None to say nothing.

        Only an answer to the slot's own question is said to be not understood; a first message that
        leaves the slot open is not a failure, the form simply asks for it next.
        """
        return NOT_UNDERSTOOD if tracker.get_slot(REQUESTED_SLOT) == slot else None

    async def _form_slots(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[str]:
        """The slots the form asks for, then those it only reads."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return [*required, *(slot for slot in self.optional_slots if slot not in required)]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Reads each slot the latest message is meant for (in place of rasa-sdk's extract_<slot>): an
        empty one, or a replaceable one the message names. What could not be read is said once: a
        place not known is named back; "didn't catch that" only when the message gave nothing else."""
        read: dict[str, Any] = {}
        unread: list[str] = []
        for slot in await self._form_slots(dispatcher, tracker, domain):
            if not tracker.get_slot(slot) and self.reads(slot, tracker):
                read[slot] = self.read(slot, tracker)
            elif slot in self.replaceable_slots and latest_intent(tracker) in self.answer_intents:
                value = self.read(slot, tracker)
                if value is None:
                    unread.append(slot)
                else:
                    read[slot] = value
        unread += [slot for slot, value in read.items() if value is None]
        replies = [reply for slot in unread if (reply := self.not_understood(slot, tracker))]
        specific = [reply for reply in replies if reply != NOT_UNDERSTOOD]
        understood = any(value is not None for value in read.values())
        for reply in specific or ([] if understood else replies[:1]):
            dispatcher.utter_message(text=reply)
        return [SlotSet(slot, value) for slot, value in read.items()]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Checks each of the form's slots set in this turn (in place of rasa-sdk's validate_<slot>)."""
        form_slots = await self._form_slots(dispatcher, tracker, domain)
        return [
            SlotSet(slot, self.check(slot, value, dispatcher, tracker))
            for slot, value in tracker.slots_to_validate().items()
            if slot in form_slots
        ]


class LeaveForm(Action, ABC):
    """Ends a form on "never mind" or another question and forgets its partial answers."""

    # The slots the form asks for; cleared so that starting the form again asks every question.
    form_slots: ClassVar[tuple[str, ...]]

    @abstractmethod
    def name(self) -> str:
        """The leave action's name; abstract, so the action server does not register this base class."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), *(SlotSet(slot, None) for slot in self.form_slots)]
