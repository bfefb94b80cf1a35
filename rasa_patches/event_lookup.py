"""Event type names resolved once each instead of on every stored event read.

Every stored event is turned back into an object through ``Event.resolve_by_type`` (Rasa 3.6.21),
which walks all subclasses of ``Event`` to find one type name: about a tenth of the CPU time, since
the whole conversation is read from the tracker store on each message. Event classes are all
defined when Rasa is imported, so the answer for each name is remembered; an unknown name still
raises, and is not remembered.
"""

from __future__ import annotations

from functools import lru_cache

from rasa.shared.core.events import Event

from rasa_patches.patch import Patch, Replacement

remembered_resolve_by_type = lru_cache(maxsize=256)(Event.resolve_by_type)

PATCH = Patch(
    "event_lookup",
    rasa_version="3.6.21",
    replacements=(Replacement(Event, "resolve_by_type", staticmethod(remembered_resolve_by_type)),),
)
