"""Content rules: safe URLs, per-network message limits, scheduling, status and targeting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.networks import MESSAGE_LIMITS, X_LINK_LENGTH

MAX_URL_LENGTH = 2048
PENDING_APPROVAL = "pending_approval"
STATUSES: tuple[str, ...] = ("draft", PENDING_APPROVAL, "scheduled", "published", "expired", "archived")
REQUESTABLE_STATUSES: tuple[str, ...] = ("draft", "scheduled", "published")

# An http(s) URL inside a message, without trailing punctuation that ends the sentence
# ("see https://example.com/a." counts the link as 23 and the period as 1).
_URL_IN_TEXT = re.compile(r"https?://\S+?(?=[.,;:!?)\]'\"]*(?:\s|\Z))", re.IGNORECASE)


def _is_unsafe_char(ch: str) -> bool:
    # Categories C* (controls, format chars such as bidi overrides, surrogates, unassigned) and
    # Z* (every kind of space) never belong in a URL someone will be sent to.
    return unicodedata.category(ch)[0] in "CZ"


def is_http_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL that content may point to and the redirect may send to.

    Rejected: other schemes (javascript:, data:, ftp:, ...), scheme-relative `//host`, no host,
    credentials (`user:pass@`, which also disguise the real host), a backslash in the authority
    (browsers read it as `/`), whitespace or control characters, a bad port, over 2,048 characters.
    """
    if not url or len(url) > MAX_URL_LENGTH or any(_is_unsafe_char(ch) for ch in url):
        return False
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and port_ok
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and "\\" not in parts.netloc
    )


def x_length(text: str) -> int:
    """The length X counts for `text`: every http(s) URL in it counts as `X_LINK_LENGTH`.

    A simple model: other characters count one each. X's full weighting (CJK and emoji count
    double, bare domains become links too) is not modelled, so very long CJK posts may pass here
    and still be cut by X.
    """
    links = _URL_IN_TEXT.findall(text)
    return len(text) - sum(len(link) for link in links) + X_LINK_LENGTH * len(links)


def _length_issue(network: str, message: str) -> str | None:
    limit = MESSAGE_LIMITS[network]
    if network == "x":
        # The tracked link is appended after a space and counts as a link.
        budget = limit - 1 - X_LINK_LENGTH
        length = x_length(message)
        if length > budget:
            return f"is {length} characters as X counts them; at most {budget} fit with the link"
    elif len(message) > limit:
        return f"is {len(message)} characters; at most {limit} are allowed"
    return None


def _message_issue(network: str, message: object) -> str | None:
    if network not in MESSAGE_LIMITS:
        return f"unknown network {network!r}"
    if not isinstance(message, str):
        return "must be text"
    if not message.strip():
        return "must not be empty"
    if any(unicodedata.category(ch) == "Cs" for ch in message):
        return "must be valid Unicode text"
    return _length_issue(network, message)


def message_issues(messages: dict[str, str]) -> list[FieldIssue]:
    """One issue (field `messages.<network>`) for each network message that cannot be posted."""
    issues = []
    for network, message in messages.items():
        problem = _message_issue(network, message)
        if problem:
            issues.append(FieldIssue(f"messages.{network}", problem))
    return issues


def schedule_issues(publish_at: datetime | None, expires_at: datetime | None) -> list[FieldIssue]:
    """Issues with the publish/expiry window: times need a zone, and it must not be empty."""
    issues = [
        FieldIssue(field, "must include a time zone")
        for field, value in (("publish_at", publish_at), ("expires_at", expires_at))
        if value is not None and value.utcoffset() is None
    ]
    if not issues and publish_at is not None and expires_at is not None and publish_at >= expires_at:
        issues.append(FieldIssue("expires_at", "must be after publish_at"))
    return issues


def default_expiry(publish_at: datetime, ttl_days: int) -> datetime:
    """When content expires if its author set no `expires_at`: the org's TTL after publishing."""
    if ttl_days < 1:
        raise ValueError("ttl_days must be at least 1")
    return publish_at + timedelta(days=ttl_days)


def initial_status(requested: str | None, publish_at: datetime | None, now: datetime) -> str:
    """The status new content is stored with.

    | requested   | publish_at    | status                           |
    |-------------|---------------|----------------------------------|
    | "draft"     | anything      | draft                            |
    | None        | none          | draft (nothing goes out unasked) |
    | "published" | none          | published                        |
    | "scheduled" | none          | ValidationFailed on publish_at   |
    | any other   | in the future | scheduled                        |
    | any other   | <= now        | published (its time has come)    |

    A status other than draft, scheduled or published is a ValidationFailed on `status`.
    """
    if requested is not None and requested not in REQUESTABLE_STATUSES:
        raise ValidationFailed(
            "Invalid status.",
            [FieldIssue("status", f"must be one of {', '.join(REQUESTABLE_STATUSES)}")],
        )
    if requested == "draft":
        return "draft"
    if publish_at is None:
        if requested == "scheduled":
            raise ValidationFailed(
                "Scheduled content needs a publish time.",
                [FieldIssue("publish_at", "is required when status is scheduled")],
            )
        return "published" if requested == "published" else "draft"
    return "scheduled" if publish_at > now else "published"


def held_for_approval(target: str, role: str, needs_approval: bool) -> bool:
    """Whether content asked to go `target` waits for an admin instead (decision 61).

    With the org's `content_needs_approval` on, a manager's content that would be scheduled or
    published is held as `pending_approval`; an admin's never is, and a draft has nothing to approve.
    """
    return needs_approval and role != "admin" and target in ("scheduled", "published")


def approved_status(publish_at: datetime | None, now: datetime) -> str:
    """Where approved content goes: scheduled while its `publish_at` is in the future, else live now."""
    return "scheduled" if publish_at is not None and publish_at > now else "published"


def effective_status(
    stored: str, publish_at: datetime | None, expires_at: datetime | None, now: datetime
) -> str:
    """The status a reader sees at `now`.

    A published item reads as expired from `expires_at` on, before any job rewrites it. A
    scheduled item whose `publish_at` has passed still reads as scheduled: the `publish-due` job
    is the one writer that publishes (and awards, counts and notifies), and a read must not
    pretend it has run. `publish_at` is accepted so callers pass the whole window uniformly.
    """
    if stored == "published" and expires_at is not None and now >= expires_at:
        return "expired"
    return stored


def is_visible_to(groups_targeted: Set[str], member_groups: Set[str]) -> bool:
    """Whether content targeted at `groups_targeted` reaches a member of `member_groups`.

    No target groups means everyone.
    """
    return not groups_targeted or not groups_targeted.isdisjoint(member_groups)
