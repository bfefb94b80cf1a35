"""Generated hostile and malformed REST requests for the fuzz test and the soak (deterministic for a seed)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

# Markup a reply must never carry back from the input: if one of these reaches a reply, the input
# was echoed without being made plain.
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b>",
    "<iframe src=//evil.example></iframe>",
    "<svg/onload=alert(1)>",
    "</div><a href=javascript:alert(1)>click</a>",
    "[click](javascript:alert(1))",
]
MARKUP_SIGNS = ["<script", "<img", "<iframe", "<svg", "</div", "onerror=", "onload=", "javascript:", "<b>"]
SQL = ["'; DROP TABLE events; --", "1 OR 1=1", "\" OR \"\"=\"", "UNION SELECT * FROM events", "%' --"]
JSON_BITS = ['{"message": "hi"}', "[1, 2, 3]", "{{{", '"}]', "null", '{"__proto__": {"x": 1}}']
EMOJI = ["😀", "🧑‍⚕️", "🩺", "👩🏽‍💻", "🇺🇸", "💔", "🔥" * 50]
CONTROL = ["\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "\x7f", "\ud800", "\udfff"]
INTENTS = ["ask_salary", "ask_education", "compare_roles", "search_schools", "inform_choice", "restart", "greet"]
ENTITIES = ["role", "credential", "interest", "degree", "experience", "study_appetite", "school_place", "school_level"]
QUESTIONS = [
    "what does a PACS administrator earn?",
    "how do I become an echocardiographer",
    "find me a sonography school in Texas",
    "which role fits someone who likes teaching?",
]


@dataclass(frozen=True)
class FuzzRequest:
    body: bytes
    content_type: str
    kind: str
    markup: bool  # the input carries markup that must not come back


def _typed_payload(rng: random.Random) -> str:
    intent = rng.choice(INTENTS)
    if rng.random() < 0.3:
        return f"/{intent}"
    value = rng.choice([*MARKUP, *SQL, "astronaut", "", " ", "x" * 500, "Texas", "masters", "10+"])
    entities = {rng.choice(ENTITIES): value}
    if rng.random() < 0.3:
        return f"/{intent}{json.dumps(entities)[:-3]}"  # cut-off JSON
    return f"/{intent}{json.dumps(entities)}"


def _message(rng: random.Random) -> tuple[str, str]:
    """A message of one kind, and the kind's name."""
    kind = rng.choice(
        ["empty", "whitespace", "huge", "control", "markup", "sql", "typed", "json", "emoji", "mixed", "question"]
    )
    if kind == "empty":
        return "", kind
    if kind == "whitespace":
        return rng.choice([" ", "\n\n", "\t \t", "\u00a0\u2003"]) * rng.randint(1, 50), kind
    if kind == "huge":
        return (rng.choice(QUESTIONS) + " ") * 600, kind  # about 20,000 characters and more
    if kind == "control":
        return "".join(rng.choice(CONTROL) + rng.choice(QUESTIONS)[:10] for _ in range(5)), kind
    if kind == "markup":
        return f"{rng.choice(QUESTIONS)} {rng.choice(MARKUP)}", kind
    if kind == "sql":
        return rng.choice(SQL), kind
    if kind == "typed":
        return _typed_payload(rng), kind
    if kind == "json":
        return rng.choice(JSON_BITS), kind
    if kind == "emoji":
        return "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 20))), kind
    if kind == "mixed":
        parts = [rng.choice(QUESTIONS), rng.choice(MARKUP), rng.choice(EMOJI), rng.choice(CONTROL), rng.choice(SQL)]
        rng.shuffle(parts)
        return " ".join(parts), kind
    return rng.choice(QUESTIONS), kind


def _carries_markup(text: str) -> bool:
    return any(sign in text for sign in MARKUP_SIGNS)


def hostile_requests(count: int, seed: int = 6) -> list[FuzzRequest]:
    """``count`` requests: mostly well-formed bodies with hostile messages, some malformed bodies."""
    rng = random.Random(seed)
    requests: list[FuzzRequest] = []
    for index in range(count):
        sender = f"fuzz-{index % 97}"  # conversations see many messages in a row, like a real pest
        roll = rng.random()
        if roll < 0.04:
            malformed = [b"[]", b'"text"', b"{", b"null", b'{"message": "hi"}', b"", b"[" * 100_000 + b"]" * 100_000]
            body, kind = rng.choice(malformed), "malformed body"
            requests.append(FuzzRequest(body, "application/json", kind, markup=False))
            continue
        if roll < 0.08:
            broken = b'{"sender": "' + sender.encode() + b'", "message": "what does \xff\xfe an echo tech \xc3 earn?"}'
            requests.append(FuzzRequest(broken, "application/json", "invalid utf-8", markup=False))
            continue
        message, kind = _message(rng)
        if roll < 0.10:
            body = json.dumps({"sender": sender, "message": message, "metadata": {"x": message[:100]}}).encode()
        else:
            body = json.dumps({"sender": sender, "message": message}).encode()
        content_type = "text/plain" if roll > 0.97 else "application/json"
        requests.append(FuzzRequest(body, content_type, kind, markup=_carries_markup(message)))
    return requests


def leaked_markup(replies: list[dict]) -> list[str]:
    """Markup signs found in what the bot sent back (texts, button titles and payloads)."""
    sent = json.dumps(replies, ensure_ascii=False)
    return [sign for sign in MARKUP_SIGNS if sign in sent]
