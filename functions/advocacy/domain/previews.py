"""A link's preview from its page's metadata: Open Graph first, then the Twitter card, then the HTML
`<title>` and meta description (decision 64).

Pure: the page's bytes and its final URL in, four short texts out. The standard library's HTML parser
decodes entities and copes with broken markup; every text is put on one line, stripped of control
characters and capped; an image is resolved against the page (or its `<base href>`) and kept only
when it is an http(s) URL content may carry.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from advocacy.domain.content import MAX_URL_LENGTH, is_http_url

TITLE_LENGTH = 200  # a content title's limit
DESCRIPTION_LENGTH = 1_000
SITE_NAME_LENGTH = 200

_TITLE = ("og:title", "twitter:title")
_DESCRIPTION = ("og:description", "twitter:description", "description")
_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
_SITE_NAME = ("og:site_name", "application-name")
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Preview:
    title: str | None
    description: str | None
    image: str | None
    site_name: str | None


class _Metadata(HTMLParser):
    """The first value of each `<meta property|name>`, the first `<title>`'s text and `<base href>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.base: str | None = None
        self._in_title = False
        self._title_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = (found.get("property") or found.get("name") or "").strip().lower()
            if key and "content" in found:
                self.meta.setdefault(key, found["content"])
        elif tag == "title" and not self._title_seen:
            self._in_title = True
        elif tag == "base" and self.base is None and found.get("href"):
            self.base = found["href"].strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title, self._title_seen = False, True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)


def page_text(body: bytes, content_type: str = "") -> str:
    """The page as text: the charset of its Content-Type, else of its `<meta charset>`, else UTF-8;
    undecodable bytes replaced, never an error."""
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    name = declared.group(1) if declared else None
    if name is None and (meta := _META_CHARSET.search(body[:4096])):
        name = meta.group(1).decode("ascii")
    try:
        encoding = codecs.lookup(name or "utf-8").name
    except LookupError:
        encoding = "utf-8"
    return body.decode(encoding, errors="replace")


def parse_preview(html: str, page_url: str) -> Preview:
    """The preview of the page at `page_url` (its final URL, after redirects)."""
    parser = _Metadata()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    title = _first(meta, _TITLE) or "".join(parser.title)
    base = urljoin(page_url, parser.base) if parser.base else page_url
    return Preview(
        title=_clean(title, TITLE_LENGTH),
        description=_clean(_first(meta, _DESCRIPTION), DESCRIPTION_LENGTH),
        image=_image(_first(meta, _IMAGE), base),
        site_name=_clean(_first(meta, _SITE_NAME), SITE_NAME_LENGTH),
    )


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key, "").strip()), "")


def _clean(text: str, limit: int) -> str | None:
    """One line, no control or bidi-override characters, at most `limit` characters (cut at a word
    with an ellipsis); None when nothing is left."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch.isspace())
    line = " ".join("".join(ch for ch in kept if ch not in _BIDI_CONTROLS).split())
    if len(line) > limit:
        cut = line[: limit - 1]
        space = cut.rfind(" ")
        line = (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-") + "…"
    return line or None


def _image(src: str, base: str) -> str | None:
    src = src.strip()
    if not src:
        return None
    url = urljoin(base, src)
    return url if len(url) <= MAX_URL_LENGTH and is_http_url(url) else None
