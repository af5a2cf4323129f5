"""A stand-in for the guarded fetch (`advocacy.adapters.web_fetch.fetch`, same interface) serving feeds
the test writes, with ETag / Last-Modified answered as a server would; and feed documents to serve."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest

from advocacy.adapters import web_fetch
from advocacy.adapters.web_fetch import Fetched, FetchFailed, FetchRefused


@dataclass
class Served:
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = "application/rss+xml"
    fail: str | None = None  # raise FetchFailed with this reason instead


@dataclass
class FakeWeb:
    served: dict[str, Served] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    during: Callable[[str], None] | None = None  # run inside a fetch (an overlapping run, say)

    def fetch(
        self,
        url: str,
        *,
        accept: Collection[str],
        timeout: float = 3.0,
        max_bytes: int = 1_000_000,
        max_redirects: int = 3,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        sent = dict(headers or {})
        self.calls.append((url, sent))
        if self.during is not None:
            hook, self.during = self.during, None
            hook(url)
        one = self.served.get(url)
        if one is None:
            raise FetchFailed("The server answered 404.")
        if one.fail:
            raise FetchFailed(one.fail)
        if one.content_type not in accept:
            raise FetchRefused(f"The content type {one.content_type} is not a feed.")
        if len(one.body) > max_bytes:
            raise FetchFailed("The answer is larger than allowed.")
        answer = {"content-type": one.content_type}
        if one.etag:
            answer["etag"] = one.etag
        if one.last_modified:
            answer["last-modified"] = one.last_modified
        fresh = (one.etag and sent.get("If-None-Match") == one.etag) or (
            one.last_modified and sent.get("If-Modified-Since") == one.last_modified
        )
        if fresh:
            return Fetched(url, 304, answer, b"")
        return Fetched(url, 200, answer, one.body)


def install(monkeypatch: pytest.MonkeyPatch) -> FakeWeb:
    fake = FakeWeb()
    monkeypatch.setattr(web_fetch, "fetch", fake.fetch)
    return fake


def rss(items: list[dict[str, str]], title: str = "Acme news") -> bytes:
    """An RSS 2.0 document with `items` (keys: guid, title, link, description, date, image)."""
    parts = []
    for item in items:
        inner = "".join(
            f"<{tag}>{item[key]}</{tag}>"
            for key, tag in (
                ("guid", "guid"),
                ("title", "title"),
                ("link", "link"),
                ("description", "description"),
                ("date", "pubDate"),
            )
            if key in item
        )
        if "image" in item:
            inner += f'<enclosure url="{item["image"]}" type="image/jpeg" length="1"/>'
        parts.append(f"<item>{inner}</item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://acme.example/</link><description>News</description>{''.join(parts)}</channel></rss>"
    ).encode()


def numbered(count: int, start: datetime) -> list[dict[str, str]]:
    """`count` entries, the newest first, an hour apart before `start`."""
    return [
        {
            "guid": f"post-{n}",
            "title": f"Post {n}",
            "link": f"https://acme.example/posts/{n}",
            "description": f"&lt;p&gt;Summary of &lt;b&gt;post {n}&lt;/b&gt;&lt;/p&gt;",
            "date": format_datetime(start - timedelta(hours=count - n), usegmt=True),
        }
        for n in range(count, 0, -1)
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb</title>
<item><guid>b1</guid><title>&lol9;</title><link>https://acme.example/bomb</link></item>
</channel></rss>
"""
