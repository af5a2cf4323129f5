"""Publishing, the feed, one-click shares, tracked clicks and the points they earn, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.actions import LINKEDIN_BOT, click, publish
from tests.support.calls import dynamodb_calls
from tests.support.events import FakeContext, scheduled_event
from tests.support.mocked import Env


def points(aws: Env, who: dict[str, Any]) -> int:
    return aws.call("GET", "/me", who=who).body["points"]["balance"]


def test_member_sees_published_content_and_shares_once_per_network(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    item = publish(aws, org, messages={"x": "We shipped it! 🚀"})
    feed = aws.call("GET", "/feed", who=mia).body["items"]
    assert [i["content_id"] for i in feed] == [item["content_id"]]
    assert feed[0]["my_shares"] == {}

    r = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"})
    assert r.status == 201, r.body
    share = r.body
    assert share["points_awarded"] == 10
    assert share["tracked_url"] == f"https://api.example.test/r/{share['code']}"
    intent = urlsplit(share["share_url"])
    assert intent.netloc == "x.com"
    assert parse_qs(intent.query) == {"text": ["We shipped it! 🚀"], "url": [share["tracked_url"]]}

    again = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"})
    assert again.status == 200
    assert again.body["share_id"] == share["share_id"]
    assert again.body["code"] == share["code"]
    assert again.body["points_awarded"] == 0
    assert points(aws, mia) == 10

    linkedin = aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "linkedin"}
    )
    assert linkedin.status == 201
    assert points(aws, mia) == 20
    feed = aws.call("GET", "/feed", who=mia).body["items"]
    assert set(feed[0]["my_shares"]) == {"x", "linkedin"}
    assert feed[0]["stats"]["shares"] == 2
    ledger = aws.call("GET", "/me/points", who=mia).body["items"]
    assert [(e["type"], e["points"]) for e in ledger] == [("share", 10), ("share", 10)]
    mine = aws.call("GET", "/me/shares", who=mia).body["items"]
    assert {s["network"] for s in mine} == {"x", "linkedin"}


def test_my_shares_name_their_contents_current_title_when_asked_in_one_read_more(
    aws: Env, org: dict[str, Any]
) -> None:
    mia = org["members"][0]
    first, second = publish(aws, org), publish(aws, org, title="Hiring in Lisbon")
    for item, network in ((first, "x"), (first, "linkedin"), (second, "x")):
        r = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": network})
        assert r.status == 201, r.body
    renamed = {"title": "Launch day, the recording"}
    assert (
        aws.call("PATCH", f"/content/{first['content_id']}", who=org["manager"], body=renamed).status == 200
    )

    with dynamodb_calls() as calls:
        plain = aws.call("GET", "/me/shares", who=mia).body["items"]
    assert [s["title"] for s in plain] == [None, None, None]  # not asked for: no read more
    assert calls == ["GetItem", "Query"], calls
    with dynamodb_calls() as calls:
        mine = aws.call("GET", "/me/shares", who=mia, query={"titles": "true"}).body["items"]
    titles = sorted((s["title"], s["network"]) for s in mine)
    assert titles == [
        ("Hiring in Lisbon", "x"),
        ("Launch day, the recording", "linkedin"),
        ("Launch day, the recording", "x"),
    ]
    # the caller's member record, the page, then every title of the page at once
    assert calls == ["GetItem", "Query", "BatchGetItem"], calls
    empty = aws.call("GET", "/me/shares", who=org["members"][1], query={"titles": "true"}).body
    assert empty == {"items": [], "next_cursor": None}


def test_clicks_are_counted_honestly_and_earn_points_once(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    item = publish(aws, org)
    share = aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "linkedin"}
    ).body
    assert points(aws, mia) == 10

    later = aws.now + timedelta(minutes=5)  # the visitors come after the share
    first = click(aws, share["code"], request_id="req-1", at=later)
    assert first["statusCode"] == 302
    location = urlsplit(first["headers"]["Location"])
    assert (location.scheme, location.netloc, location.path) == ("https", "acme.example", "/blog/launch")
    assert parse_qs(location.query) == {
        "ref": ["news"],
        "utm_source": ["linkedin"],
        "utm_medium": ["advocacy"],
        "utm_campaign": [item["content_id"]],
    }
    assert first["headers"]["Cache-Control"] == "no-store"
    click(aws, share["code"], request_id="req-1", at=later)  # the same request delivered twice
    click(aws, share["code"], ua=LINKEDIN_BOT, at=later)  # a link preview
    click(aws, share["code"], at=later)  # the same visitor again
    head = click(aws, share["code"], ip="203.0.113.50", method="HEAD", at=later)
    assert head["statusCode"] == 302
    aws.streams.drain(replay=True)

    content = aws.call("GET", f"/content/{item['content_id']}", who=org["manager"]).body
    assert content["stats"] == {"shares": 1, "clicks": 4, "unique_clicks": 1}
    assert points(aws, mia) == 10 + 2
    mine = aws.call("GET", "/me/shares", who=mia).body["items"][0]
    assert (mine["clicks"], mine["unique_clicks"]) == (4, 1)
    ledger = aws.call("GET", "/me/points", who=mia).body["items"]
    assert [(e["type"], e["points"]) for e in ledger] == [("click", 2), ("share", 10)]


def test_unique_window_and_daily_cap(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    aws.call("PATCH", "/org", who=admin, body={"point_rules": {"click": 3, "click_daily_cap_per_share": 2}})
    item = publish(aws, org)
    share = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "email"}).body
    day = datetime(2026, 11, 3, 10, tzinfo=UTC)
    for n in range(4):  # four visitors on one day: only two clicks earn points
        click(aws, share["code"], ip=f"192.0.{n}.1", at=day + timedelta(minutes=n))
    # The next UTC day the address is a new visitor (the key rotates daily): unique, and earns.
    click(aws, share["code"], ip="192.0.0.1", at=day + timedelta(hours=23))
    # Within 24 h of that one, the same day: not unique.
    click(aws, share["code"], ip="192.0.0.1", at=day + timedelta(hours=24, minutes=1))
    aws.streams.drain()
    content = aws.call("GET", f"/content/{item['content_id']}", who=org["manager"]).body
    assert content["stats"] == {"shares": 1, "clicks": 6, "unique_clicks": 5}
    assert points(aws, mia) == 10 + 3 * 2 + 3


def test_a_batch_of_clicks_reads_their_org_once(aws: Env, org: dict[str, Any], monkeypatch: Any) -> None:
    from advocacy.store import orgs

    mia = org["members"][0]
    item = publish(aws, org)
    share = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"}).body
    for n in range(5):
        click(aws, share["code"], ip=f"192.0.{n}.2")  # five networks: none over the network cap
    real, read = orgs.find_org, []

    def counted(org_id: str) -> Any:
        read.append(org_id)
        return real(org_id)

    monkeypatch.setattr(orgs, "find_org", counted)
    assert len(aws.streams.drain()) >= 5  # one delivery
    assert read == [org["org"]["org_id"]]
    assert points(aws, mia) == 10 + 5 * 2  # every click applied: 2 points a unique click by default


def test_the_redirect_makes_at_most_two_dynamodb_calls(aws: Env, org: dict[str, Any]) -> None:
    item = publish(aws, org)
    share = aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=org["members"][0], body={"network": "x"}
    )
    with dynamodb_calls() as calls:
        assert click(aws, share.body["code"])["statusCode"] == 302
    assert calls == ["GetItem", "PutItem"]


def test_scheduled_content_is_published_by_the_job_once(aws: Env, org: dict[str, Any], now: datetime) -> None:
    from advocacy.handlers import jobs

    mia = org["members"][0]
    publish_at = now + timedelta(hours=1)
    item = publish(
        aws,
        org,
        at=now,
        status="scheduled",
        publish_at=publish_at.isoformat(),
        expires_at=(now + timedelta(days=2)).isoformat(),
    )
    assert item["status"] == "scheduled"
    assert aws.call("GET", "/feed", who=mia).body["items"] == []
    assert (
        aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"}).status
        == 404
    )

    early = jobs.handler(
        scheduled_event("publish-due", (now + timedelta(minutes=59)).strftime("%Y-%m-%dT%H:%M:%SZ")),
        FakeContext(),
    )
    assert early["published"] == 0
    stamp = (now + timedelta(hours=1, minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs.handler(scheduled_event("publish-due", stamp), FakeContext())["published"] == 1
    assert jobs.handler(scheduled_event("publish-due", stamp), FakeContext())["published"] == 0
    manual = aws.call(
        "POST", f"/content/{item['content_id']}/publish", who=org["manager"], now=now + timedelta(hours=2)
    )
    assert manual.status == 200
    assert manual.body["status"] == "published"
    feed = aws.call("GET", "/feed", who=mia, now=now + timedelta(hours=2)).body["items"]
    assert [i["content_id"] for i in feed] == [item["content_id"]]

    after = (now + timedelta(days=2, minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs.handler(scheduled_event("publish-due", after), FakeContext())["expired"] == 1
    assert jobs.handler(scheduled_event("publish-due", after), FakeContext())["expired"] == 0
    assert (
        aws.call(
            "GET", f"/content/{item['content_id']}", who=org["manager"], now=now + timedelta(days=3)
        ).body["status"]
        == "expired"
    )
    assert aws.call("GET", "/feed", who=mia, now=now + timedelta(days=3)).body["items"] == []


def test_members_never_see_drafts_archived_or_other_groups_content(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    eng = org["groups"]["eng"]["group_id"]
    draft = aws.call(
        "POST", "/content", who=org["manager"], body={"title": "Draft", "url": "https://a.example"}
    ).body
    assert draft["status"] == "draft"
    for_eng = publish(aws, org, title="Engineering only", groups=[eng])
    archived = publish(aws, org, title="Old news")
    assert (
        aws.call("POST", f"/content/{archived['content_id']}/archive", who=org["manager"]).body["status"]
        == "archived"
    )
    assert aws.call("GET", "/feed", who=mia).body["items"] == []
    assert [i["title"] for i in aws.call("GET", "/feed", who=noa).body["items"]] == ["Engineering only"]
    for item in (draft, for_eng, archived):
        r = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"})
        assert r.status == 404
    assert aws.call("GET", "/content", who=mia).status == 403
    listed = aws.call("GET", "/content", who=org["manager"], query={"status": "draft"}).body["items"]
    assert [i["content_id"] for i in listed] == [draft["content_id"]]


def test_content_validation_names_each_field(aws: Env, org: dict[str, Any], now: datetime) -> None:
    body = {
        "title": "Bad",
        "url": "javascript:alert(1)",
        "image_url": "ftp://images.example/a.png",
        "messages": {"x": "y" * 260},
        "publish_at": (now + timedelta(days=2)).isoformat(),
        "expires_at": (now + timedelta(days=1)).isoformat(),
    }
    r = aws.call("POST", "/content", who=org["manager"], body=body)
    assert r.status == 422
    assert {d["field"] for d in r.body["error"]["details"]} == {
        "url",
        "image_url",
        "messages.x",
        "expires_at",
    }
    r = aws.call(
        "POST",
        "/content",
        who=org["manager"],
        body={"title": "T", "url": "https://a.example", "groups": ["nope"]},
    )
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "groups"
    r = aws.call(
        "POST",
        "/content",
        who=org["manager"],
        body={"title": "T", "url": "https://a.example", "status": "scheduled"},
    )
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "publish_at"
    assert aws.call("GET", "/content", who=org["manager"]).body["items"] == []


def test_default_expiry_comes_from_the_org(aws: Env, org: dict[str, Any], now: datetime) -> None:
    aws.call("PATCH", "/org", who=org["admin"], body={"default_content_ttl_days": 7})
    item = publish(aws, org)
    created = datetime.fromisoformat(item["created_at"])
    assert datetime.fromisoformat(item["expires_at"]) - created == timedelta(days=7)


def test_editing_content_moves_its_schedule(aws: Env, org: dict[str, Any], now: datetime) -> None:
    from advocacy.handlers import jobs

    manager = org["manager"]
    item = publish(aws, org, at=now, status="scheduled", publish_at=(now + timedelta(hours=1)).isoformat())
    later = now + timedelta(hours=5)
    r = aws.call(
        "PATCH",
        f"/content/{item['content_id']}",
        who=manager,
        body={"title": "Launch day (moved)", "publish_at": later.isoformat()},
        now=now,
    )
    assert r.status == 200, r.body
    assert r.body["title"] == "Launch day (moved)"
    assert r.body["status"] == "scheduled"
    stamp = (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs.handler(scheduled_event("publish-due", stamp), FakeContext())["published"] == 0
    stamp = (later + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs.handler(scheduled_event("publish-due", stamp), FakeContext())["published"] == 1
    bad = aws.call(
        "PATCH", f"/content/{item['content_id']}", who=manager, body={"url": "data:text/html,hi"}, now=now
    )
    assert bad.status == 422
    assert bad.body["error"]["details"][0]["field"] == "url"
    assert (
        aws.call("PATCH", f"/content/{item['content_id']}", who=org["members"][0], body={"title": "x"}).status
        == 403
    )


def test_a_share_racing_an_archive_is_a_409_and_awards_nothing(
    aws: Env, org: dict[str, Any], monkeypatch: Any
) -> None:
    from advocacy.services import sharing
    from advocacy.store import content_items

    mia = org["members"][0]
    item = publish(aws, org)
    stale = content_items.find_for_share(org["org"]["org_id"], item["content_id"], mia["member_id"], "x")
    assert aws.call("POST", f"/content/{item['content_id']}/archive", who=org["manager"]).status == 200
    monkeypatch.setattr(sharing.content_items, "find_for_share", lambda *args: stale)  # read before it
    r = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"})
    assert r.status == 409, r.body
    assert points(aws, mia) == 0
    assert aws.call("GET", "/me/shares", who=mia).body["items"] == []


def test_a_share_makes_three_dynamodb_calls_and_a_feed_page_two(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    item = publish(aws, org)
    publish(aws, org, groups=[org["groups"]["eng"]["group_id"]])  # not for Mia: read, then left out
    with dynamodb_calls() as calls:
        r = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"})
    assert r.status == 201
    # the caller's member record, the content with its org, and the transaction
    assert calls == ["GetItem", "BatchGetItem", "TransactWriteItems"], calls
    with dynamodb_calls() as calls:
        feed = aws.call("GET", "/feed", who=mia)
    assert [i["content_id"] for i in feed.body["items"]] == [item["content_id"]]
    assert feed.body["items"][0]["my_shares"]["x"]["share_id"] == r.body["share_id"]
    # the page, then the caller's member record with its shares of the page
    assert calls == ["Query", "BatchGetItem"], calls


def test_an_unreadable_click_secret_still_redirects_and_the_next_click_counts(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The secret is read on a container's first click: if that read fails the visitor still gets
    where they were going (the click is not recorded), and a later click reads it again."""
    from botocore.exceptions import ClientError

    from advocacy.handlers import redirect

    item = publish(aws, org)
    share = aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=org["members"][0], body={"network": "x"}
    )
    read_key = redirect.read_key

    def denied(*args: Any, **kwargs: Any) -> bytes:
        error = {"Error": {"Code": "AccessDeniedException", "Message": "denied"}}
        raise ClientError(error, "GetSecretValue")  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(redirect, "read_key", denied)
        lost = click(aws, share.body["code"])
    assert lost["statusCode"] == 302
    assert lost["headers"]["Location"].startswith("https://acme.example/blog/launch?ref=news")
    aws.streams.drain()
    assert aws.call("GET", "/me/shares", who=org["members"][0]).body["items"][0]["clicks"] == 0

    assert redirect.read_key is read_key
    assert click(aws, share.body["code"], ip="198.51.100.8")["statusCode"] == 302
    aws.streams.drain()
    assert aws.call("GET", "/me/shares", who=org["members"][0]).body["items"][0]["clicks"] == 1
