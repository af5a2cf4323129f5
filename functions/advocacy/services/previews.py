"""Link previews for the content composer: the page fetched under the request-forgery guard, its
metadata read (decision 64). Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from advocacy.adapters import web_fetch
from advocacy.domain.content import is_http_url
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.previews import Preview, page_text, parse_preview

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class LinkPreview:
    url: str  # the page's URL after redirects
    preview: Preview


def preview(url: str) -> LinkPreview:
    """The preview of `url`; a link the guard refuses, or that gives no page, is a 422 on `url`
    saying why (never a 5xx: the page is someone else's)."""
    if not is_http_url(url):
        raise ValidationFailed(
            "Some fields are not valid.", [FieldIssue("url", "must be an absolute http(s) URL")]
        )
    try:
        fetched = web_fetch.fetch(url, accept=PAGE_TYPES)
    except web_fetch.FetchRefused as refused:
        raise ValidationFailed(
            "This link cannot be previewed.", [FieldIssue("url", f"cannot be fetched: {refused.reason}")]
        ) from refused
    except web_fetch.FetchFailed as failed:
        raise ValidationFailed(
            "This link cannot be previewed.", [FieldIssue("url", f"gave no page: {failed.reason}")]
        ) from failed
    text = page_text(fetched.body, fetched.headers.get("content-type", ""))
    return LinkPreview(url=fetched.url, preview=parse_preview(text, fetched.url))
