"""Reading RSS and Atom with feedparser, made safe for documents anyone may serve (decision 65).

feedparser is given the body as a stream, never a string: given a string (or bytes) it may open it as
a URL or as a local file's path. Before feedparser sees a document, defusedxml parses it with entity
declarations forbidden, so a feed that declares entities (the "billion laughs" bomb, or external
entities reading files) is refused whole instead of being expanded; feedparser's lenient fallback
for ill-formed XML never expands declared entities either, and a raw `<!ENTITY` is refused before it.
"""

from __future__ import annotations

import io
import re
from calendar import timegm
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from advocacy.domain.feeds import Entry

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedUnreadable(Exception):
    """The document is not a feed this code reads: `reason` says why, as a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refuse_entities(body: bytes) -> None:
    if _ENTITY_DECLARATION.search(body):
        raise FeedUnreadable("The feed declares XML entities, which are refused.")
    try:
        defused_fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedUnreadable("The feed declares XML entities, which are refused.") from exc
    except ParseError:
        pass  # not well-formed: feedparser's lenient parser may still read it (and expands nothing)


def _time(value: Any) -> datetime | None:
    """feedparser's parsed times are UTC struct_time values."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _image(entry: Mapping[str, Any]) -> str:
    for media in (*entry.get("media_content", ()), *entry.get("media_thumbnail", ())):
        url = media.get("url") or ""
        kind = str(media.get("medium") or media.get("type") or "image")
        if url and kind.startswith("image"):
            return str(url)
    for link in entry.get("links", ()):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href") or "")
    image = entry.get("image") or {}
    return str(image.get("href") or "") if isinstance(image, Mapping) else ""


def _entry(raw: Mapping[str, Any]) -> Entry:
    return Entry(
        entry_id=str(raw.get("id") or ""),
        title=str(raw.get("title") or ""),
        link=str(raw.get("link") or ""),
        summary=str(raw.get("summary") or ""),
        image_url=_image(raw),
        published=_time(raw.get("published_parsed") or raw.get("updated_parsed")),
    )


def parse(body: bytes, content_type: str | None = None) -> list[Entry]:
    """The entries of an RSS or Atom document, in the feed's order. FeedUnreadable when it declares
    entities, or is not a feed at all."""
    _refuse_entities(body)
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    entries = [_entry(raw) for raw in parsed.get("entries", ())]
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise FeedUnreadable(f"The document is not an RSS or Atom feed{detail}.")
    return entries
