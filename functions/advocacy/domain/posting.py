"""Posting through a network's API: what the posts say and what each provider answer means.

Pure rules: the adapters (`adapters/linkedin.py`, `adapters/x.py`) do the HTTP and hand the answer to
`linkedin_outcome` / `x_outcome`, so that every status, header and error body maps to exactly one
outcome the use case acts on (decision 73).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

POSTABLE: tuple[str, ...] = ("linkedin", "x")
"""Networks a member can post to through their connected account; Facebook and email stay intents."""

# LinkedIn's "little" text format reserves these; each must be backslash-escaped to stay plain text
# (unescaped, LinkedIn reads a mention, a hashtag or a template, or cuts the post at that character).
LITTLE_RESERVED = frozenset("\\|{}@[]()<>#*_~")

X_POST_WITH_URL_USD = 0.20
"""What X's pay-per-use pricing bills a post that carries a URL ("Content: Create (with URL)", against
$0.015 without one); every post made here carries the tracked link. An estimate for admins: X's
developer console has the real bill."""

DEFAULT_RETRY_SECONDS = 60
"""How long to wait when a provider says "later" without saying when (LinkedIn's daily quotas)."""


def little_text(text: str) -> str:
    """`text` as LinkedIn little text that reads exactly as typed: every reserved character escaped."""
    return "".join(f"\\{c}" if c in LITTLE_RESERVED else c for c in text)


def x_text(message: str | None, tracked: str) -> str:
    """The post's text on X: the message, then the tracked link (X shortens it and shows its card)."""
    return f"{message.strip()} {tracked}" if message and message.strip() else tracked


def post_url(network: str, post_id: str) -> str:
    """The public address of a post the provider accepted."""
    if network == "linkedin":
        return f"https://www.linkedin.com/feed/update/{post_id}/"
    return f"https://x.com/i/web/status/{post_id}"


@dataclass(frozen=True)
class Posted:
    post_id: str
    url: str


@dataclass(frozen=True)
class Refused:
    """The provider did not publish, and will not if asked again the same way."""

    kind: Literal["needs_reconnect", "failed"]
    reason: str  # needs_reconnect: expired | revoked; failed: a key of REASONS


@dataclass(frozen=True)
class Later:
    """Not published (quota or a provider failure): the same post may be tried again after `seconds`."""

    reason: str  # rate_limited | unavailable
    seconds: int


@dataclass(frozen=True)
class Unconfirmed:
    """The request went out and no answer came back: the provider may have published it."""

    reason: str = "timeout"


Outcome = Posted | Refused | Later | Unconfirmed

REASONS: dict[str, str] = {
    "expired": "The connection has expired.",
    "revoked": "The connection was revoked or lacks the permission to post.",
    "duplicate": "The network refused the post as a duplicate of a recent one.",
    "credits": "The program's posting allowance on this network is spent for now.",
    "configuration": "The program's connection to this network is misconfigured.",
    "rejected": "The network refused the post's content.",
    "unexpected": "The network gave an answer we do not understand.",
    "rate_limited": "The network is limiting posts for now.",
    "unavailable": "The network is not answering properly right now.",
    "timeout": "The network did not answer in time.",
}


def _body(raw: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _retry_after(headers: Mapping[str, str], now_epoch: int) -> int:
    """Seconds until X's `x-rate-limit-reset` (epoch seconds), or a `Retry-After`, else the default."""
    reset = headers.get("x-rate-limit-reset", "")
    if reset.isdigit():
        return max(1, int(reset) - now_epoch)
    after = headers.get("retry-after", "")
    return max(1, int(after)) if after.isdigit() else DEFAULT_RETRY_SECONDS


def _by_status(status: int, headers: Mapping[str, str], now_epoch: int) -> Outcome:
    """What the same status means on either network."""
    if status == 401:
        return Refused("needs_reconnect", "expired")  # the token expired or was revoked
    if status in {400, 422}:
        return Refused("failed", "rejected")
    if status == 429:
        return Later("rate_limited", _retry_after(headers, now_epoch))
    if status >= 500:
        return Later("unavailable", _retry_after(headers, now_epoch))
    return Refused("failed", "unexpected")


def linkedin_outcome(status: int, headers: Mapping[str, str], body: bytes, now_epoch: int) -> Outcome:
    """What `POST /rest/posts` answered: 201 with `x-restli-id` is the post; each error one outcome.

    `headers` with lower-case names."""
    if status == 201 and headers.get("x-restli-id"):
        urn = headers["x-restli-id"]
        return Posted(urn, post_url("linkedin", urn))
    error = _body(body)
    if status == 403:
        # ACCESS_DENIED (service error 100): the member revoked the app or the token lacks w_member_social.
        denied = error.get("code") in {"ACCESS_DENIED", None} or error.get("serviceErrorCode") == 100
        return Refused("needs_reconnect", "revoked") if denied else Refused("failed", "rejected")
    if status == 426:
        return Refused("failed", "configuration")  # NONEXISTENT_VERSION: the LinkedIn-Version is sunset
    if status == 422 and "duplicate" in str(error.get("message", "")).lower():
        return Refused("failed", "duplicate")
    return _by_status(status, headers, now_epoch)


def x_outcome(status: int, headers: Mapping[str, str], body: bytes, now_epoch: int) -> Outcome:
    """What `POST /2/tweets` answered: 201 with `{"data": {"id", "text"}}` is the post.

    `headers` with lower-case names."""
    answer = _body(body)
    data = answer.get("data")
    if status in {200, 201} and isinstance(data, dict) and data.get("id"):
        post_id = str(data["id"])
        return Posted(post_id, post_url("x", post_id))
    if status == 403:  # a duplicate of a recent post, else a token without the permission to post
        detail = str(answer.get("detail") or answer.get("title") or "").lower()
        return (
            Refused("failed", "duplicate") if "duplicate" in detail else Refused("needs_reconnect", "revoked")
        )
    if status == 402:
        return Refused("failed", "credits")  # the app's credits are spent
    return _by_status(status, headers, now_epoch)
