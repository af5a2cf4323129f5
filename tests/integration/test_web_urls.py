"""URLs as the web has them: stored once in ASCII (punycode hosts, percent-encoded paths and queries,
escapes kept), look-alike hosts refused, and the redirect's `Location` always ASCII."""

from __future__ import annotations

from typing import Any

from tests.support.actions import click, publish, share
from tests.support.mocked import Env

LOOK_ALIKE = "https://\u0430cme.example/careers"  # U+0430, Cyrillic, for the Latin "a"


def _location(aws: Env, code: str) -> str:
    r = click(aws, code)
    assert r["statusCode"] == 302, r
    location = str(r["headers"]["Location"])
    assert location.isascii()
    location.encode("latin-1")  # what API Gateway encodes a header with
    return location


def test_unicode_urls_are_stored_in_ascii_and_redirect_with_an_ascii_location(
    aws: Env, org: dict[str, Any]
) -> None:
    for pasted, stored in (
        ("https://acme.example/中文?q=☃", "https://acme.example/%E4%B8%AD%E6%96%87?q=%E2%98%83"),
        ("https://Bücher.Example/café?a=%20b", "https://xn--bcher-kva.example/caf%C3%A9?a=%20b"),
    ):
        item = publish(aws, org, url=pasted, image_url=pasted)
        assert (item["url"], item["image_url"]) == (stored, stored)
        again = aws.call("PATCH", f"/content/{item['content_id']}", who=org["manager"], body={"url": stored})
        assert again.status == 200 and again.body["url"] == stored  # never encoded twice
        location = _location(aws, share(aws, org["members"][0], item["content_id"], "linkedin"))
        assert location.startswith(stored + "&utm_source=linkedin")


def test_a_link_stored_before_urls_were_ascii_still_redirects_with_an_ascii_location(
    aws: Env, org: dict[str, Any]
) -> None:
    from advocacy.store.models import LinkModel

    item = publish(aws, org)
    code = share(aws, org["members"][0], item["content_id"], "x")
    link = LinkModel.get(code)
    link.update(actions=[LinkModel.url.set("https://bücher.example/中文?q=☃")])
    assert _location(aws, code) == "https://xn--bcher-kva.example/%E4%B8%AD%E6%96%87?q=%E2%98%83"


def test_look_alike_hosts_are_refused_wherever_a_url_is_stored(aws: Env, org: dict[str, Any]) -> None:
    manager, mia = org["manager"], org["members"][0]
    for who, method, path, body, field in (
        (manager, "POST", "/content", {"title": "Jobs", "url": LOOK_ALIKE}, "url"),
        (manager, "POST", "/content", {"title": "Jobs", "url": "https://acme.example", "image_url": LOOK_ALIKE},
         "image_url"),
        (manager, "POST", "/content", {"title": "Jobs", "url": "https://xn--cme-5cd.example/"}, "url"),
        (mia, "POST", "/suggestions", {"url": LOOK_ALIKE}, "url"),
        (org["admin"], "POST", "/feed-sources", {"url": LOOK_ALIKE}, "url"),
    ):  # fmt: skip
        r = aws.call(method, path, who=who, body=body)
        assert r.status == 422, (path, body, r.body)
        [detail] = r.body["error"]["details"]
        assert detail["field"] == field and "look-alike" in detail["message"], detail
    # a whole label in one script is a name, not a disguise
    r = aws.call("POST", "/suggestions", who=mia, body={"url": "https://пример.example/новости"})
    assert r.status == 201, r.body
    assert r.body["url"] == "https://xn--e1afmkfd.example/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"
