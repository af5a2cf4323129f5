"""What the content console needs of the API: searching titles within the listed pages, and
scheduling a draft after editing it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tests.support.actions import publish
from tests.support.events import FakeContext, scheduled_event
from tests.support.mocked import Env


def titles(aws: Env, who: dict[str, Any], **query: str) -> list[str]:
    """Every title of `GET /content` with `query`, read page by page to the end."""
    found: list[str] = []
    cursor = None
    while True:
        page_query = {**query, **({"cursor": cursor} if cursor else {})}
        r = aws.call("GET", "/content", who=who, query=page_query)
        assert r.status == 200, r.body
        found += [item["title"] for item in r.body["items"]]
        cursor = r.body["next_cursor"]
        if not cursor:
            return found


def test_q_finds_titles_containing_it_in_any_case_within_short_pages(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    manager = org["manager"]
    oldest_first = ("Launch day", "Hiring in Lisbon", "LAUNCH recap", "Città e lancio", "Quarterly results")
    for minute, title in enumerate(oldest_first):
        publish(aws, org, at=now + timedelta(minutes=minute), title=title)
    draft = {"title": "Launch checklist", "url": "https://a.example"}
    assert aws.call("POST", "/content", who=manager, body=draft, now=now + timedelta(minutes=9)).status == 201

    assert titles(aws, manager, q="launch") == ["Launch checklist", "LAUNCH recap", "Launch day"]
    assert titles(aws, manager, q="  LAUNCH ") == ["Launch checklist", "LAUNCH recap", "Launch day"]
    assert titles(aws, manager, q="CITTÀ") == ["Città e lancio"]
    assert titles(aws, manager, q="launch", status="draft") == ["Launch checklist"]
    assert titles(aws, manager, q="nothing like it") == []

    # Filtered within each page: a page may hold fewer items than `limit`, even none, while more follow.
    first = aws.call("GET", "/content", who=manager, query={"q": "hiring", "limit": "2"}).body
    assert first["items"] == []
    assert first["next_cursor"] is not None
    assert titles(aws, manager, q="hiring", limit="2") == ["Hiring in Lisbon"]


def test_q_is_bounded_and_one_line(aws: Env, org: dict[str, Any]) -> None:
    manager = org["manager"]
    assert aws.call("GET", "/content", who=manager, query={"q": "x" * 100}).status == 200
    for bad in ("x" * 101, "   ", "a\nb", "a\x00b"):
        r = aws.call("GET", "/content", who=manager, query={"q": bad})
        assert r.status == 422, (bad, r.body)
        assert r.body["error"]["details"][0]["field"] == "q"
    assert aws.call("GET", "/content", who=org["members"][0], query={"q": "launch"}).status == 403


def test_a_draft_is_scheduled_for_its_publish_time(aws: Env, org: dict[str, Any], now: datetime) -> None:
    from advocacy.handlers import jobs

    manager = org["manager"]
    created = aws.call("POST", "/content", who=manager, body={"title": "Later", "url": "https://a.example"})
    content_id = created.body["content_id"]
    path = f"/content/{content_id}/schedule"

    r = aws.call("POST", path, who=manager)
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "publish_at"
    past = {"publish_at": (now - timedelta(minutes=1)).isoformat()}
    assert aws.call("PATCH", f"/content/{content_id}", who=manager, body=past).status == 200
    assert aws.call("POST", path, who=manager).status == 422

    publish_at = now + timedelta(hours=3)
    assert (
        aws.call(
            "PATCH", f"/content/{content_id}", who=manager, body={"publish_at": publish_at.isoformat()}
        ).status
        == 200
    )
    assert aws.call("POST", path, who=org["members"][0]).status == 403
    r = aws.call("POST", path, who=manager)
    assert r.status == 200, r.body
    assert r.body["status"] == "scheduled"
    # No expiry of its own: the org's default lifetime, counted from when it goes live.
    ttl = timedelta(days=org["org"]["default_content_ttl_days"])
    assert datetime.fromisoformat(r.body["expires_at"]) == publish_at + ttl
    again = aws.call("POST", path, who=manager)
    assert (again.status, again.body) == (200, r.body)

    stamp = (publish_at + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert jobs.handler(scheduled_event("publish-due", stamp), FakeContext())["published"] == 1
    r = aws.call("POST", path, who=manager, now=publish_at + timedelta(minutes=2))
    assert r.status == 409
    assert r.body["error"]["message"] == "published content cannot be scheduled"


def test_archived_content_cannot_be_scheduled(aws: Env, org: dict[str, Any]) -> None:
    item = publish(aws, org)
    path = f"/content/{item['content_id']}"
    assert aws.call("POST", f"{path}/archive", who=org["manager"]).status == 200
    r = aws.call("POST", f"{path}/schedule", who=org["manager"])
    assert r.status == 409
    assert aws.call("POST", "/content/nope/schedule", who=org["manager"]).status == 404


def test_times_sent_with_an_offset_are_answered_in_utc(aws: Env, org: dict[str, Any], now: datetime) -> None:
    """The answer to the create says the instant in UTC with `Z`, as every later read does."""
    rome = timezone(timedelta(hours=1))
    publish_at = (now + timedelta(days=1)).astimezone(rome).replace(microsecond=0)
    body = {"title": "Later", "url": "https://a.example", "publish_at": publish_at.isoformat()}
    created = aws.call("POST", "/content", who=org["manager"], body=body)
    assert created.status == 201, created.body
    expected = publish_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert created.body["publish_at"] == expected
    read = aws.call("GET", f"/content/{created.body['content_id']}", who=org["manager"])
    assert read.body["publish_at"] == expected
