"""RSS and Atom sources: what an entry becomes as content, the key that imports it once, and when a
failing source is tried again (decision 66)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import unescape
from html.parser import HTMLParser

from advocacy.domain.content import MAX_URL_LENGTH, is_http_url
from advocacy.domain.urls import UrlIssue, web_url

# What one run takes from one source: the newest entries, and no more (a huge feed is cut here).
ENTRIES_PER_RUN = 20
# A failing source is tried again after BACKOFF_BASE, doubled after each further failure, at most a day.
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(days=1)
MAX_TITLE = 200  # as content titles
MAX_BODY = 20_000  # as content bodies
MAX_ERROR = 300  # a source's last error, a sentence
FEED_MEDIA_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Entry:
    """One feed entry as the parser read it (any field may be missing)."""

    entry_id: str = ""
    title: str = ""
    link: str = ""
    summary: str = ""  # HTML or text
    image_url: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class Target:
    """What a source makes of its entries: the groups, the points and published or draft."""

    groups: list[str] = field(default_factory=list)
    points: int | None = None
    publish: bool = False


class _Text(HTMLParser):
    """The text of an HTML fragment; what scripts and styles hold is not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        elif tag in {"br", "p", "div", "li"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self.hidden:
            self.hidden -= 1
        elif tag in {"p", "div", "li"}:
            self.parts.append(" ")


def plain_text(html: str, limit: int) -> str:
    """`html` as one line of text: tags dropped, entities read, controls and runs of space folded."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = _CONTROL.sub("", unescape("".join(parser.parts)))
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def entry_key(entry: Entry) -> str | None:
    """What identifies an entry across fetches: its id, else its link (None: neither, not imported)."""
    key = entry.entry_id.strip() or entry.link.strip()
    return key or None


def dedupe_key(org_id: str, source_id: str, key: str) -> str:
    """The mark an imported entry leaves: the same (org, source, entry) always gives the same one."""
    return hashlib.sha256("\x1f".join((org_id, source_id, key)).encode()).hexdigest()


def newest(entries: list[Entry], limit: int = ENTRIES_PER_RUN) -> list[Entry]:
    """The newest `limit` entries: by date where they have one (newest first), the undated ones after,
    in the feed's order (feeds list their newest first)."""
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)  # type: ignore[arg-type, return-value]
    undated = [e for e in entries if not e.published]
    return (dated + undated)[:limit]


def _stored_url(url: str) -> str | None:
    """The ASCII form content stores (domain/urls.py), or None for a URL content cannot point to."""
    if not is_http_url(url):
        return None
    try:
        stored = web_url(url)
    except UrlIssue:
        return None
    return stored if len(stored) <= MAX_URL_LENGTH else None


def content_fields(entry: Entry, target: Target) -> dict[str, object] | None:
    """The content an entry becomes (the fields of a content item), or None when it cannot be one:
    no http(s) link (or a look-alike host). Links are stored in their ASCII form. The title falls
    back to the link; the summary becomes the body as plain text."""
    link = _stored_url(entry.link.strip())
    if link is None:
        return None
    title = plain_text(entry.title, MAX_TITLE) or plain_text(link, MAX_TITLE)
    return {
        "title": title,
        "url": link,
        "body": plain_text(entry.summary, MAX_BODY),
        "image_url": _stored_url(entry.image_url.strip()),
        "groups": sorted(target.groups),
        "points": target.points,
        "status": "published" if target.publish else "draft",
    }


def backoff(failures: int) -> timedelta:
    """How long a source that failed `failures` times in a row waits: the schedule's interval after the
    first, doubling after each further one, at most a day."""
    if failures <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (2 ** min(failures - 1, 16)), BACKOFF_MAX)


def next_attempt(failures: int, now: datetime) -> datetime | None:
    """When a source that has failed `failures` times in a row is tried next (None: on every run)."""
    return now + backoff(failures) if failures > 0 else None


def error_sentence(text: str) -> str:
    """A failure as one short sentence for the admin's screen."""
    sentence = plain_text(text, MAX_ERROR) or "The feed could not be read"
    return sentence if sentence.endswith((".", "…")) else sentence + "."
