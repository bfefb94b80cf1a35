"""What the conversation is about: the roles and credentials a message names, the role in focus."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.knowledge import KnowledgeBase
from bot.reading.words import fold, singular

ROLE_SLOT = "role"
# The channels whose client shows images: the web page's socket.io widget. The REST channel and the
# terminal get the text alone (Rasa's terminal cannot print an image message).
IMAGE_CHANNELS = frozenset({"socketio"})


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def shows_images(tracker: Tracker) -> bool:
    """Whether the latest message came through a channel whose client shows images."""
    return tracker.get_latest_input_channel() in IMAGE_CHANNELS


def latest_text(tracker: Tracker) -> str:
    """What the person typed last ("" for a message without text)."""
    return tracker.latest_message.get("text") or ""


def latest_confidence(tracker: Tracker) -> float:
    """How sure the NLU was of the latest message's intent (0 for a typed payload without one)."""
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)


def _resolve_entities(tracker: Tracker, entity: str, resolve) -> tuple[list[str], list[str]]:
    known: list[str] = []
    unknown: list[str] = []
    for value in tracker.get_latest_entity_values(entity):
        resolved = resolve(str(value))
        if resolved is None:
            unknown.append(str(value))
        elif resolved not in known:
            known.append(resolved)
    return known, unknown


def mentioned_roles(tracker: Tracker, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Role ids the latest message names, and the role words that match no role."""
    return _resolve_entities(tracker, "role", kb.resolve_role)


def role_names(tracker: Tracker) -> list[str]:
    """The different words the latest message uses for roles, as typed, one per name however written
    ("Sonographers", "sonographer")."""
    names: dict[str, str] = {}
    for value in tracker.get_latest_entity_values("role"):
        names.setdefault(singular(fold(str(value))), str(value).strip())
    return list(names.values())


def mentioned_credentials(tracker: Tracker, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Credential ids the latest message names, and the credential words that match none."""
    return _resolve_entities(tracker, "credential", kb.resolve_credential)


def role_in_focus(tracker: Tracker, kb: KnowledgeBase) -> str | None:
    """The remembered role, if it still names a role of the knowledge base."""
    return kb.resolve_role(tracker.get_slot(ROLE_SLOT))


def roles_discussed(tracker: Tracker, kb: KnowledgeBase, count: int = 2) -> list[str]:
    """The last ``count`` different roles the conversation was about, earliest first."""
    found: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == ROLE_SLOT:
            role = kb.resolve_role(event.get("value"))
            if role is not None and role not in found:
                found.append(role)
                if len(found) == count:
                    break
    return found[::-1]
