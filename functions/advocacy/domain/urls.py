"""URLs as the web has them: one ASCII spelling stored, the Unicode one only shown.

A URL someone pastes may hold a Unicode host (`https://bücher.example/`) and characters outside
ASCII in its path and query (`/中文?q=☃`). HTTP headers are ASCII (API Gateway does not send a
`Location` with other characters at all), so every URL is stored in its ASCII form, made once when
it is created: the host in IDNA 2008 punycode (UTS #46 mapping, by the `idna` package), in lower
case, and every character that URLs do not take percent-encoded as UTF-8, while an escape already
there (`%20`) is kept as it is, never encoded twice. A host label that mixes Latin letters with
Cyrillic or Greek ones (`acme` spelt with a Cyrillic `a`, U+0430) is the classic look-alike of
another site and is refused. `display_url` gives the Unicode host back, for people to read.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from advocacy.domain.names import mixes_look_alikes

# Kept as they are in a path, query or fragment: RFC 3986's reserved and unreserved characters and
# the `%` of an escape (a `%` that starts none is encoded below). Everything else is encoded.
_SAFE = "!#$%&'()*+,/:;=?@[]~"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class UrlIssue(ValueError):
    """Why a URL cannot be stored (the message is the API's)."""


def _encoded_rest(rest: str) -> str:
    """The path, query and fragment with every character that is not URL ASCII percent-encoded once."""
    return quote(_LONE_PERCENT.sub("%25", rest), safe=_SAFE)


def _ascii_label(label: str) -> str:
    import idna  # only for a Unicode or punycode label: most URLs never load the IDNA tables

    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise UrlIssue(f"its host is not a valid internationalized domain name ({exc})") from None


def _unicode_label(label: str) -> str:
    import idna

    try:
        return str(idna.decode(label))
    except idna.IDNAError:
        return label


def _split(url: str) -> tuple[str, str, str, str]:
    """(scheme, host, ":port" or "", the rest from the first `/`, `?` or `#`), as written."""
    scheme, _, after = url.partition("://")
    end = next((i for i, ch in enumerate(after) if ch in "/?#"), len(after))
    authority, rest = after[:end], after[end:]
    if authority.startswith("["):  # an IPv6 literal: its colons are not the port's
        host, _, port = authority.partition("]")
        return scheme, host + "]", port, rest
    host, colon, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    return scheme, host, colon + port, rest


def _host_labels(host: str) -> list[str]:
    # UTS #46 maps the ideographic and full-width full stops to "." as well.
    return re.split(r"[.\u3002\uff0e\uff61]", host)


def _ascii_host(host: str, refuse_look_alikes: bool) -> str:
    labels = []
    for label in _host_labels(host):
        ascii_label = label.lower() if label.isascii() else _ascii_label(label)
        shown = _unicode_label(ascii_label) if ascii_label.startswith("xn--") else ascii_label
        if refuse_look_alikes and mixes_look_alikes(shown):
            raise UrlIssue("its host mixes Latin letters with Cyrillic or Greek look-alikes")
        labels.append(ascii_label)
    return ".".join(labels)


def web_url(url: str) -> str:
    """The ASCII form of an http(s) `url` that is stored and sent; UrlIssue if the host cannot be
    one, or one of its labels mixes Latin letters with Cyrillic or Greek look-alikes.

    Idempotent: the ASCII form of an ASCII form is itself. `url` is one that
    `domain.content.is_http_url` accepts (no user info, no spaces, a host).
    """
    scheme, host, port, rest = _split(url)
    return f"{scheme.lower()}://{_ascii_host(host, True)}{port}{_encoded_rest(rest)}"


def display_url(url: str) -> str:
    """`url` (stored, ASCII) with its host in Unicode, for people to read; never for a link."""
    scheme, host, port, rest = _split(url)
    shown = ".".join(_unicode_label(x) if x.startswith("xn--") else x for x in host.split("."))
    return f"{scheme}://{shown}{port}{rest}"


def ascii_location(url: str) -> str:
    """`url` as an HTTP `Location` can carry it: ASCII. URLs stored since URLs are stored in ASCII are
    that already; an older one is encoded here, and never refused (a host IDNA cannot encode is
    percent-encoded, which browsers decode and map themselves)."""
    if url.isascii():
        return url
    scheme, host, port, rest = _split(url)
    try:
        host = _ascii_host(host, False)
    except UrlIssue:
        host = quote(host, safe=".[]:")
    return f"{scheme}://{host}{port}{_encoded_rest(rest)}"
