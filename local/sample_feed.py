"""A sample RSS feed on the local gateway (`GET /_local/feeds/acme.xml`), with an ETag and
Last-Modified that a conditional GET is answered 304 by: the `feeds` job reads it because the local
stack allows loopback fetches (`ALLOW_LOOPBACK_FETCH=1`; never deployed)."""

from __future__ import annotations

import hashlib

from local.payload import HttpResponse

FEED_PATH = "/_local/feeds/acme.xml"
LAST_MODIFIED = "Mon, 30 Nov 2026 09:00:00 GMT"

ITEMS = (
    ("acme-newsroom-3", "Acme opens a robotics lab in Lisbon", "https://acme.example/news/lisbon-lab",
     "Forty engineers will build the next arm in Portugal.", "Mon, 30 Nov 2026 09:00:00 GMT"),
    ("acme-newsroom-2", "The R2 arm ships to its first customers", "https://acme.example/news/r2-ships",
     "Half the power, twice the lift: the R2 is out.", "Fri, 27 Nov 2026 15:30:00 GMT"),
    ("acme-newsroom-1", "Acme joins the open robotics alliance", "https://acme.example/news/alliance",
     "Our motion planner becomes open source.", "Wed, 25 Nov 2026 11:00:00 GMT"),
)  # fmt: skip


def document() -> bytes:
    items = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><title>{title}</title><link>{link}</link>'
        f"<description>&lt;p&gt;{summary}&lt;/p&gt;</description><pubDate>{date}</pubDate></item>"
        for guid, title, link, summary, date in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Acme Newsroom</title>'
        f"<link>https://acme.example/news</link><description>Acme news</description>{items}</channel></rss>"
    ).encode()


BODY = document()
ETAG = '"' + hashlib.sha256(BODY).hexdigest()[:16] + '"'


def feed(headers: dict[str, str]) -> HttpResponse:
    """The feed, or 304 when the request's `If-None-Match` or `If-Modified-Since` says it has it."""
    validators = [("etag", ETAG), ("last-modified", LAST_MODIFIED)]
    if headers.get("if-none-match") == ETAG or headers.get("if-modified-since") == LAST_MODIFIED:
        return HttpResponse(304, validators, b"")
    return HttpResponse(200, [("content-type", "application/rss+xml; charset=utf-8"), *validators], BODY)
