"""POST /content/preview: a page's metadata for the composer, through a fake fetch; what the guard
refuses or cannot fetch is a 422 on `url` saying why, never a 5xx; nothing is written."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pytest

from advocacy.adapters.web_fetch import Fetched, FetchFailed, FetchRefused
from advocacy.services import previews
from tests.support.mocked import Env

PAGE = b"""<html><head><title>Fallback</title>
<meta property="og:title" content="Ship it &amp; smile"><meta property="og:description" content="  How
we ship.  "><meta property="og:image" content="/img/ship.png"><meta property="og:site_name" content="Acme Blog">
</head></html>"""


class FakeFetch:
    """Stands in for web_fetch.fetch: answers `outcome` (a Fetched, or raises it) and keeps the calls."""

    def __init__(self, outcome: Fetched | Exception) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str, frozenset[str]]] = []

    def __call__(self, url: str, *, accept: Collection[str], **options: Any) -> Fetched:
        self.calls.append((url, frozenset(accept)))
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def fake(monkeypatch: pytest.MonkeyPatch, outcome: Fetched | Exception) -> FakeFetch:
    fetch = FakeFetch(outcome)
    monkeypatch.setattr(previews.web_fetch, "fetch", fetch)
    return fetch


def html(body: bytes, url: str = "https://blog.acme.example/posts/ship", **headers: str) -> Fetched:
    found: Mapping[str, str] = {"content-type": "text/html; charset=utf-8", **headers}
    return Fetched(url=url, status=200, headers=found, body=body)


def test_a_page_gives_its_open_graph_fields_and_final_url(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = fake(monkeypatch, html(PAGE))
    r = aws.call("POST", "/content/preview", who=org["manager"], body={"url": " https://acme.example/ship "})
    assert r.status == 200, r.body
    assert r.body == {
        "url": "https://blog.acme.example/posts/ship",
        "title": "Ship it & smile",
        "description": "How we ship.",
        "image": "https://blog.acme.example/img/ship.png",
        "site_name": "Acme Blog",
    }
    assert fetch.calls == [("https://acme.example/ship", frozenset({"text/html", "application/xhtml+xml"}))]


def test_a_page_without_metadata_answers_nulls(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake(monkeypatch, html(b"<p>hello</p>"))
    r = aws.call("POST", "/content/preview", who=org["admin"], body={"url": "https://acme.example/"})
    assert r.status == 200, r.body
    assert r.body == {"url": "https://blog.acme.example/posts/ship", "title": None, "description": None,
                      "image": None, "site_name": None}  # fmt: skip


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            FetchRefused("acme.example resolves to a private or reserved address"),
            "cannot be fetched: acme.example",
        ),
        (
            FetchRefused("the link is application/pdf, not text/html"),
            "cannot be fetched: the link is application/pdf",
        ),
        (FetchFailed("the site did not answer in time"), "gave no page: the site did not answer in time"),
        (FetchFailed("the site answered 404"), "gave no page: the site answered 404"),
    ],
)
def test_what_cannot_be_fetched_is_a_422_on_url_saying_why(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch, error: Exception, message: str
) -> None:
    fake(monkeypatch, error)
    r = aws.call("POST", "/content/preview", who=org["manager"], body={"url": "https://acme.example/x"})
    assert r.status == 422, r.body
    assert r.body["error"]["code"] == "validation_error"
    assert [d["field"] for d in r.body["error"]["details"]] == ["url"]
    assert r.body["error"]["details"][0]["message"].startswith(message)


def test_the_real_guard_refuses_a_private_address_as_a_422(aws: Env, org: dict[str, Any]) -> None:
    r = aws.call(
        "POST", "/content/preview", who=org["manager"], body={"url": "http://169.254.169.254/latest/"}
    )
    assert r.status == 422, r.body
    assert r.body["error"]["details"] == [
        {
            "field": "url",
            "message": "cannot be fetched: 169.254.169.254 is a link-local address (cloud metadata lives there)",
        }
    ]


def test_members_may_not_and_a_bad_url_is_refused_before_fetching(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = fake(monkeypatch, html(PAGE))
    assert (
        aws.call("POST", "/content/preview", who=org["members"][0], body={"url": "https://a.example"}).status
        == 403
    )
    for body in [
        {"url": "javascript:alert(1)"},
        {"url": "ftp://a.example/"},
        {},
        {"url": "https://a.example", "x": 1},
    ]:
        assert aws.call("POST", "/content/preview", who=org["manager"], body=body).status == 422
    assert fetch.calls == []


def test_an_idempotency_key_is_not_taken(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It writes nothing, so a repeat asks the page again rather than replaying a stored answer."""
    fetch = fake(monkeypatch, html(PAGE))
    headers = {"Idempotency-Key": "preview-1"}
    for _ in range(2):
        r = aws.call(
            "POST", "/content/preview", who=org["manager"], body={"url": "https://a.example"}, headers=headers
        )
        assert r.status == 200
    assert len(fetch.calls) == 2
