"""Rasa's REST channel with cleaned input (see ``bot.text``); same URL, /webhooks/rest/webhook."""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from channels.cleaning import Handler, cleaning


class CleanRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(cleaning(on_new_message))
