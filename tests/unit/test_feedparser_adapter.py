"""Reading feeds with feedparser behind defusedxml: RSS and Atom entries, and no entity expanded."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from advocacy.adapters.feedparser import FeedUnreadable, parse
from tests.support.feeds import BILLION_LAUGHS, numbered, rss

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_rss_entries_with_ids_links_summaries_images_and_dates() -> None:
    items = numbered(2, AT)
    items[0]["image"] = "https://acme.example/i.jpg"
    first, second = parse(rss(items), "application/rss+xml")
    assert (first.entry_id, first.title, first.link) == ("post-2", "Post 2", "https://acme.example/posts/2")
    assert first.summary == "<p>Summary of <b>post 2</b></p>"
    assert (first.image_url, second.image_url) == ("https://acme.example/i.jpg", "")
    assert (first.published, second.published) == (AT, datetime(2026, 11, 2, 8, 30, tzinfo=UTC))


def test_atom_entries() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>Acme</title><id>urn:acme</id><updated>2026-11-02T09:00:00Z</updated>
  <entry><id>urn:acme:1</id><title>One</title><link rel="alternate" href="https://acme.example/1"/>
    <updated>2026-11-02T09:00:00Z</updated><summary>First</summary>
    <media:thumbnail url="https://acme.example/1.png"/></entry>
</feed>"""
    [entry] = parse(atom, "application/atom+xml")
    assert (entry.entry_id, entry.title, entry.link, entry.summary) == (
        "urn:acme:1", "One", "https://acme.example/1", "First",
    )  # fmt: skip
    assert entry.image_url == "https://acme.example/1.png"
    assert entry.published == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_billion_laughs_is_refused_at_once_without_expanding() -> None:
    started = time.monotonic()
    with pytest.raises(FeedUnreadable, match="declares XML entities"):
        parse(BILLION_LAUGHS, "application/rss+xml")
    assert time.monotonic() - started < 1  # nothing was expanded (10^9 "lol"s would take far longer)


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><title>&x;</title><link>https://a.example/</link></item></channel></rss>"""
    with pytest.raises(FeedUnreadable):
        parse(xxe.encode())


def test_the_body_is_never_read_as_a_path_or_a_url(tmp_path: Path) -> None:
    local = tmp_path / "feed.xml"
    local.write_bytes(rss(numbered(1, AT)))
    for body in (str(local).encode(), b"https://acme.example/feed.xml"):
        with pytest.raises(FeedUnreadable):
            parse(body)


def test_ill_formed_but_readable_rss_is_read_leniently() -> None:
    sloppy = b'<rss version="2.0"><channel><item><title>A & B</title><link>https://a.example/1</link></item>'
    [entry] = parse(sloppy)
    assert (entry.title, entry.link) == ("A & B", "https://a.example/1")


@pytest.mark.parametrize("body", [b"", b"<html><body>hello</body></html>", b"\x00\x01 not xml"])
def test_what_is_not_a_feed_is_unreadable(body: bytes) -> None:
    with pytest.raises(FeedUnreadable, match="not an RSS or Atom feed"):
        parse(body, "text/xml")
