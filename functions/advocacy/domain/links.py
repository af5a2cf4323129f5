"""Short links: the code a share is tracked by, the redirect target and the share intent URLs."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qsl, quote, urlencode

# The code is the only thing standing between a guesser and someone else's share: it must
# carry at least 48 random bits. token_urlsafe(9) gives 72 bits as 12 URL-safe characters.
CODE_BYTES = 9

# Cheap gate for `GET /r/{code}`: malformed codes are rejected before any database read.
# `\Z` (not `$`) so a trailing newline never slips through `match()`.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,32}\Z")

UTM_MEDIUM = "advocacy"


def new_code() -> str:
    """A fresh unguessable short code (72 random bits, 12 characters of [A-Za-z0-9_-])."""
    return secrets.token_urlsafe(CODE_BYTES)


def is_code(code: str) -> bool:
    """Whether `code` is shaped like a short code (says nothing about whether it exists)."""
    return CODE_PATTERN.match(code) is not None


def tracked_url(public_base: str, code: str) -> str:
    """The public short link for `code`: `<public base>/r/<code>`."""
    return f"{public_base.rstrip('/')}/r/{code}"


def feed_item_url(web_url: str, content_id: str) -> str:
    """The web app's feed opened at one item (`/?item=<id>`): where a digest's link lands, ready to share."""
    return f"{web_url.rstrip('/')}/?item={quote(content_id, safe='')}"


def with_utm(url: str, network: str, content_id: str) -> str:
    """`url` with the advocacy UTM parameters appended.

    The existing query string is kept byte for byte (order, repeated keys, blank values and
    their original percent-encoding), so the destination sees exactly what the author pasted.
    A utm key already on the URL wins, even if blank: the author set it on purpose. Only the
    missing keys are appended, which also makes the function idempotent.
    """
    rest, hash_mark, fragment = url.partition("#")
    base, _, query = rest.partition("?")
    present = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
    wanted = {"utm_source": network, "utm_medium": UTM_MEDIUM, "utm_campaign": content_id}
    added = urlencode([(k, v) for k, v in wanted.items() if k not in present], quote_via=quote)
    if added:
        query = f"{query}&{added}" if query and not query.endswith("&") else f"{query}{added}"
    return f"{base}?{query}{hash_mark}{fragment}" if query else f"{base}{hash_mark}{fragment}"


def _q(value: str) -> str:
    # safe="" encodes every reserved character (& # ? / : =) and spaces as %20, never "+".
    return quote(value, safe="")


def share_intent_url(network: str, tracked: str, message: str | None, title: str) -> str:
    """The network's "share this" URL carrying the tracked link (and the message where it can).

    A message that is None, empty or only whitespace counts as no message. LinkedIn and
    Facebook take only the URL; their posts' text is typed on their side.
    """
    text = message if message and message.strip() else None
    if network == "linkedin":
        return f"https://www.linkedin.com/sharing/share-offsite/?url={_q(tracked)}"
    if network == "x":
        text_param = f"text={_q(text)}&" if text else ""
        return f"https://x.com/intent/post?{text_param}url={_q(tracked)}"
    if network == "facebook":
        return f"https://www.facebook.com/sharer/sharer.php?u={_q(tracked)}"
    if network == "email":
        body = f"{text}\n\n{tracked}" if text else tracked
        return f"mailto:?subject={_q(title)}&body={_q(body)}"
    raise ValueError(f"unknown network: {network!r}")
