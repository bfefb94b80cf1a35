"""Loads what the actions answer from when the action server starts, not on the first message.

rasa-sdk imports every module of this package before it starts serving, so the call at the bottom
runs once per server, before its health check answers. Loaded lazily, the knowledge base, the answer
bank (a picker trained on each start) and the school catalogue took about 3.5 s on a busy 2-core
machine: the first person after a restart was told the knowledge could not be reached, because Rasa
gives a custom action 3.5 s (rasa_patches/action_guard.py). Data that fails its checks now stops the
action server at start, with a log line that says so, instead of failing the answers that need it.
"""

from __future__ import annotations

import logging

from bot.answer_bank import default_answer_bank
from bot.careers import default_careers
from bot.knowledge import default_knowledge_base
from bot.schools.catalogue import default_catalogue

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Builds every cached default the actions use."""
    try:
        default_knowledge_base()
        default_careers()
        default_answer_bank()
        default_catalogue()
    except Exception:
        logger.exception("SonoPath's knowledge or school data could not be loaded; the action server stops")
        raise


warm_up()
