"""Rasa's REST channel with checked requests and cleaned input; same URL, /webhooks/rest/webhook.

Rasa's own REST channel answers a body that is not a JSON object with a 500, lets every request
without a sender share one conversation called "default", and fails silently on a message that is
not text. Here a malformed request gets a 400 that says what is wrong, and the text goes through
``bot.text`` like on every channel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.cleaning import Handler, handle_safely
from channels.limits import client_address, limits_from_environment, too_many_response

MAX_BODY_BYTES = 1_000_000
MAX_SENDER_CHARS = 128  # Rasa's SQL tracker store keeps sender ids in a 255-character column
MAX_METADATA_CHARS = 4_000
EXAMPLE = '{"sender": "your-id", "message": "What does a PACS administrator earn?"}'


class InvalidRestRequest(SanicException):
    status_code = 400
    quiet = True


@dataclass(frozen=True)
class RestRequest:
    sender: str
    message: str
    metadata: dict[str, Any] | None


def _invalid(problem: str) -> InvalidRestRequest:
    return InvalidRestRequest(f"{problem} Send a JSON object such as {EXAMPLE}.")


def parse_rest_body(body: bytes) -> RestRequest:
    """The sender, text and metadata of a REST request, or InvalidRestRequest saying what is wrong.

    Bytes that are not UTF-8 become replacement characters, which ``bot.text`` then drops, so a
    message with a stray byte is still answered.
    """
    if len(body) > MAX_BODY_BYTES:
        raise _invalid(f"The request is larger than {MAX_BODY_BYTES:,} bytes.")
    try:
        payload = json.loads(body.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser's stack
        raise _invalid("The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise _invalid("The request body must be a JSON object.")

    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        raise _invalid('"sender" is required and must be a non-empty string.')
    if len(sender) > MAX_SENDER_CHARS or not sender.isprintable() or not _is_encodable(sender):
        raise _invalid(f'"sender" must be at most {MAX_SENDER_CHARS} printable characters.')

    message = payload.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise _invalid('"message" must be a string.')

    metadata = payload.get("metadata")
    if metadata is not None and (not isinstance(metadata, dict) or len(json.dumps(metadata)) > MAX_METADATA_CHARS):
        raise _invalid(f'"metadata" must be a JSON object of at most {MAX_METADATA_CHARS:,} characters.')
    return RestRequest(sender=sender, message=message, metadata=metadata)


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates such as "\ud800"
        return False
    return True


def _parsed(request: Request) -> RestRequest:
    if not hasattr(request.ctx, "sonopath_rest"):
        request.ctx.sonopath_rest = parse_rest_body(request.body or b"")
    return request.ctx.sonopath_rest


class CleanRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        return _parsed(req).sender

    def _extract_message(self, req: Request) -> str:
        return _parsed(req).message

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()  # never taken from the body: a client cannot pose as another channel

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return _parsed(request).metadata

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(handle_safely(on_new_message))
        limits = limits_from_environment()

        @blueprint.middleware("request")
        async def within_limits(request: Request) -> HTTPResponse | None:
            """A message over the sender's or the address's limit gets 429 and is not handled."""
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            try:
                sender = _parsed(request).sender
            except InvalidRestRequest:
                return None  # the route answers it with a 400
            verdict = limits.check(sender, client_address(request))
            return None if verdict.allowed else too_many_response(verdict)

        @blueprint.exception(InvalidRestRequest)
        async def invalid_request(request: Request, error: InvalidRestRequest) -> HTTPResponse:
            return response.json({"error": str(error)}, status=400)

        return blueprint
