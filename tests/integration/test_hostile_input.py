"""Hostile and malformed input through the REST channel: polite answers, never a 5xx, no echoed markup."""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.render.notices import FAILURE_NOTICES
from channels.rest import MAX_SENDER_CHARS, InvalidRestRequest, parse_rest_body
from tools.hostile_messages import FuzzRequest, hostile_requests, leaked_markup
from tools.servers import post, reply_text, say

FUZZ_REQUESTS = 1200
WEBHOOK = "/webhooks/rest/webhook"


def test_a_thousand_hostile_requests_get_no_5xx_and_no_markup_back(live_bot: str) -> None:
    requests = hostile_requests(FUZZ_REQUESTS)
    assert sum(request.markup for request in requests) >= 100  # the generator really sends markup

    def send(request: FuzzRequest) -> tuple[FuzzRequest, int, bytes]:
        return request, *post(live_bot, WEBHOOK, request.body, {"Content-Type": request.content_type})

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(send, requests))

    statuses = Counter(status for _, status, _ in results)
    assert not [status for status in statuses if status >= 500], statuses
    for request, status, body in results:
        if request.kind == "malformed body":
            assert status == 400 and "JSON object" in json.loads(body)["error"], (request, body)
            continue
        assert status == 200, (request, status, body)
        replies = json.loads(body)
        assert replies, f"no answer to {request}"
        assert not leaked_markup(replies), (request, replies)
        text = body.decode()
        assert "Traceback" not in text and "Exception" not in text
        assert not any(notice in text for notice in FAILURE_NOTICES), (request, replies)

    # Still answering normal questions, in a fuzzed conversation too.
    assert "$72,218" in reply_text(say(live_bot, "fuzz-3", "what does a PACS administrator earn?"))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"[]", "must be a JSON object"),
        (b"not json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'{"message": "hi"}', '"sender" is required'),
        (b'{"sender": 7, "message": "hi"}', '"sender" is required'),
        (b'{"sender": "   ", "message": "hi"}', '"sender" is required'),
        (b'{"sender": "a\\nb", "message": "hi"}', "printable"),
        (b'{"sender": "a\\ud800", "message": "hi"}', "printable"),
        (b'{"sender": "' + b"s" * (MAX_SENDER_CHARS + 1) + b'", "message": "hi"}', "at most"),
        (b'{"sender": "a", "message": 5}', '"message" must be a string'),
        (b'{"sender": "a", "message": "hi", "metadata": [1]}', '"metadata" must be a JSON object'),
    ],
)
def test_malformed_requests_are_refused_with_the_reason(body: bytes, problem: str) -> None:
    with pytest.raises(InvalidRestRequest) as refused:
        parse_rest_body(body)
    assert problem in str(refused.value) and '"sender": "your-id"' in str(refused.value)


def test_a_request_without_a_message_and_with_stray_bytes_is_still_read() -> None:
    assert parse_rest_body(b'{"sender": "a"}').message == ""
    assert parse_rest_body(b'{"sender": "a", "message": "echo \xff tech"}').message == "echo \ufffd tech"


def test_the_rest_channel_answers_400_not_500(live_bot: str) -> None:
    status, body = post(live_bot, WEBHOOK, b"[1, 2]")
    assert status == 400 and "JSON object" in json.loads(body)["error"]
    spoofed = {"sender": "spoof", "message": "hi", "input_channel": "x"}
    status, body = post(live_bot, WEBHOOK, json.dumps(spoofed).encode())
    assert status == 200 and "SonoPath" in reply_text(json.loads(body))
