"""Posting through a network's API: the little-text escaping and every provider answer's outcome."""

from __future__ import annotations

import json

import pytest

from advocacy.domain import posting
from advocacy.domain.posting import Later, Posted, Refused, little_text

NOW = 1_800_000_000


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Plain words, no change.", "Plain words, no change."),
        ("#hiring @Acme", "\\#hiring \\@Acme"),
        ("(a) [b] {c} <d>", "\\(a\\) \\[b\\] \\{c\\} \\<d\\>"),
        ("a_b*c~d|e", "a\\_b\\*c\\~d\\|e"),
        ("back\\slash", "back\\\\slash"),
        ("@[Eddy](urn:li:person:1234)", "\\@\\[Eddy\\]\\(urn:li:person:1234\\)"),
        ("é 👋 & % $ ! ? : ; ' \" / = + - .", "é 👋 & % $ ! ? : ; ' \" / = + - ."),
    ],
)
def test_little_text_escapes_each_reserved_character_and_nothing_else(text: str, escaped: str) -> None:
    assert little_text(text) == escaped


def test_little_text_reads_back_as_typed() -> None:
    text = "".join(sorted(posting.LITTLE_RESERVED)) + " plain"
    escaped = little_text(text)
    unescaped, i = [], 0
    while i < len(escaped):  # how LinkedIn reads little text: a backslash makes the next character plain
        if escaped[i] == "\\":
            i += 1
        unescaped.append(escaped[i])
        i += 1
    assert "".join(unescaped) == text
    assert all(escaped[escaped.index(c) - 1] == "\\" for c in "|{}@[]()<>#*_~")


def test_x_text_puts_the_tracked_link_after_the_message() -> None:
    assert (
        posting.x_text(" Come build with us. ", "https://s.example/r/abc")
        == "Come build with us. https://s.example/r/abc"
    )
    assert posting.x_text(None, "https://s.example/r/abc") == "https://s.example/r/abc"


def _body(value: object) -> bytes:
    return json.dumps(value).encode()


LINKEDIN: list[tuple[int, dict[str, str], bytes, posting.Outcome]] = [
    (201, {"x-restli-id": "urn:li:share:7"}, b"", Posted("urn:li:share:7", "https://www.linkedin.com/feed/update/urn:li:share:7/")),
    (401, {}, _body({"status": 401, "code": "EXPIRED_ACCESS_TOKEN"}), Refused("needs_reconnect", "expired")),
    (403, {}, _body({"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED"}), Refused("needs_reconnect", "revoked")),
    (403, {}, _body({"status": 403, "code": "FORBIDDEN_CONTENT"}), Refused("failed", "rejected")),
    (422, {}, _body({"status": 422, "message": "Content is a duplicate of urn:li:share:6"}), Refused("failed", "duplicate")),
    (422, {}, _body({"status": 422, "message": "commentary too long"}), Refused("failed", "rejected")),
    (426, {}, _body({"status": 426, "code": "NONEXISTENT_VERSION"}), Refused("failed", "configuration")),
    (429, {}, b"", Later("rate_limited", posting.DEFAULT_RETRY_SECONDS)),
    (500, {}, b"oops", Later("unavailable", posting.DEFAULT_RETRY_SECONDS)),
    (503, {"retry-after": "30"}, b"", Later("unavailable", 30)),
    (201, {}, b"", Refused("failed", "unexpected")),  # accepted without an id: nothing to record
    (302, {}, b"", Refused("failed", "unexpected")),
]  # fmt: skip


@pytest.mark.parametrize(("status", "headers", "body", "outcome"), LINKEDIN)
def test_each_linkedin_answer_maps_to_one_outcome(
    status: int, headers: dict, body: bytes, outcome: object
) -> None:
    assert posting.linkedin_outcome(status, headers, body, NOW) == outcome


X: list[tuple[int, dict[str, str], bytes, posting.Outcome]] = [
    (201, {}, _body({"data": {"id": "1460323737035677698", "text": "hi"}}), Posted("1460323737035677698", "https://x.com/i/web/status/1460323737035677698")),
    (401, {}, _body({"title": "Unauthorized", "status": 401}), Refused("needs_reconnect", "expired")),
    (403, {}, _body({"detail": "You are not allowed to create a Tweet with duplicate content.", "status": 403}), Refused("failed", "duplicate")),
    (403, {}, _body({"detail": "You are not permitted to perform this action.", "status": 403}), Refused("needs_reconnect", "revoked")),
    (402, {}, _body({"title": "CreditsDepleted", "status": 402}), Refused("failed", "credits")),
    (400, {}, _body({"title": "Invalid Request"}), Refused("failed", "rejected")),
    (429, {"x-rate-limit-reset": str(NOW + 900), "x-rate-limit-remaining": "0"}, b"", Later("rate_limited", 900)),
    (429, {"x-rate-limit-reset": str(NOW - 5)}, b"", Later("rate_limited", 1)),
    (502, {}, b"<html>", Later("unavailable", posting.DEFAULT_RETRY_SECONDS)),
    (201, {}, b"not json", Refused("failed", "unexpected")),
]  # fmt: skip


@pytest.mark.parametrize(("status", "headers", "body", "outcome"), X)
def test_each_x_answer_maps_to_one_outcome(status: int, headers: dict, body: bytes, outcome: object) -> None:
    assert posting.x_outcome(status, headers, body, NOW) == outcome


def test_every_reason_an_outcome_can_carry_has_a_sentence() -> None:
    reasons = {o.reason for *_, o in LINKEDIN + X if not isinstance(o, Posted)} | {"timeout"}
    assert reasons <= set(posting.REASONS)
