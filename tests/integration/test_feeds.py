"""RSS and Atom sources: the admin's routes and the `feeds` job, which imports each new entry once
(across retries, repeats and overlapping runs), records each source's status and backs off a source
that keeps failing, with the guarded fetch replaced by tests.support.feeds.FakeWeb."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.actions import run_job
from tests.support.feeds import BILLION_LAUGHS, FakeWeb, Served, install, numbered, rss
from tests.support.mocked import Env

Org = dict[str, Any]
FEED = "https://news.acme.example/feed.xml"
OTHER = "https://blog.acme.example/atom.xml"


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> FakeWeb:
    return install(monkeypatch)


def _add(aws: Env, org: Org, url: str = FEED, **fields: Any) -> dict[str, Any]:
    r = aws.call("POST", "/feed-sources", who=org["admin"], body={"url": url, **fields})
    assert r.status == 201, r.body
    return dict(r.body)


def _source(aws: Env, org: Org, source_id: str) -> dict[str, Any]:
    r = aws.call("GET", f"/feed-sources/{source_id}", who=org["admin"])
    assert r.status == 200, r.body
    return dict(r.body)


def _content(aws: Env, org: Org) -> list[dict[str, Any]]:
    r = aws.call("GET", "/content", who=org["manager"], query={"limit": "100"})
    assert r.status == 200, r.body
    return list(r.body["items"])


# --- the routes ------------------------------------------------------------------------------------


def test_an_admin_adds_lists_edits_and_deletes_sources(aws: Env, org: Org, other_org: Org) -> None:
    sales = org["groups"]["sales"]["group_id"]
    first = _add(aws, org, groups=[sales], points=5)
    assert first | {"source_id": ""} == {
        "source_id": "", "url": FEED, "groups": [sales], "publish": False, "points": 5,
        "created_by": org["admin"]["member_id"], "created_at": first["created_at"],
        "updated_at": first["updated_at"], "last_attempt_at": None, "last_success_at": None,
        "last_error": None, "imported": 0, "failures": 0, "next_attempt_at": None,
    }  # fmt: skip
    second = _add(aws, org, OTHER, publish=True)

    page = aws.call("GET", "/feed-sources", who=org["admin"], query={"limit": "1"})
    cursor = page.body["next_cursor"]
    rest = aws.call("GET", "/feed-sources", who=org["admin"], query={"limit": "1", "cursor": cursor})
    listed = page.body["items"] + rest.body["items"]
    assert sorted(s["source_id"] for s in listed) == sorted([first["source_id"], second["source_id"]])

    path = f"/feed-sources/{first['source_id']}"
    edited = aws.call("PATCH", path, who=org["admin"], body={"publish": True, "points": None, "groups": []})
    assert edited.status == 200, edited.body
    assert (edited.body["publish"], edited.body["points"], edited.body["groups"]) == (True, None, [])

    assert aws.call("GET", path, who=other_org["admin"]).status == 404
    assert aws.call("DELETE", path, who=other_org["admin"]).status == 404
    assert aws.call("GET", "/feed-sources", who=org["manager"]).status == 403
    assert aws.call("POST", "/feed-sources", who=org["manager"], body={"url": FEED}).status == 403

    assert aws.call("DELETE", path, who=org["admin"]).status == 204
    assert aws.call("DELETE", path, who=org["admin"]).status == 404
    assert aws.call("GET", path, who=org["admin"]).status == 404


@pytest.mark.parametrize(
    "body",
    [{"url": "javascript:alert(1)"}, {"url": "ftp://acme.example/feed"}, {"url": FEED, "groups": ["nope"]},
     {"url": FEED, "points": -1}, {"url": FEED, "publish": "yes"}],
)  # fmt: skip
def test_a_source_needs_an_http_url_and_groups_of_the_org(aws: Env, org: Org, body: dict[str, Any]) -> None:
    r = aws.call("POST", "/feed-sources", who=org["admin"], body=body)
    assert r.status == 422, r.body
    assert r.body["error"]["code"] == "validation_error"


def test_adding_a_source_with_an_idempotency_key_twice_adds_one(aws: Env, org: Org) -> None:
    key = {"idempotency-key": "add-feed-1"}
    one = aws.call("POST", "/feed-sources", who=org["admin"], body={"url": FEED}, headers=key)
    two = aws.call("POST", "/feed-sources", who=org["admin"], body={"url": FEED}, headers=key)
    assert (one.status, two.status) == (201, 201)
    assert one.body == two.body
    assert len(aws.call("GET", "/feed-sources", who=org["admin"]).body["items"]) == 1


# --- the job ---------------------------------------------------------------------------------------


def test_the_first_run_imports_each_entry_once_and_later_runs_nothing_new(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    sales = org["groups"]["sales"]["group_id"]
    source = _add(aws, org, groups=[sales], points=7)
    items = numbered(3, now)
    items[0]["image"] = "https://acme.example/img/3.jpg"
    web.served[FEED] = Served(rss(items), etag='"v1"', last_modified="Mon, 02 Nov 2026 08:00:00 GMT")

    first = run_job("feeds", now)
    assert (first["sources"], first["imported"], first["failing"]) == (1, 3, 0)
    content = sorted(_content(aws, org), key=lambda c: c["url"])
    assert [(c["title"], c["url"], c["status"], c["groups"], c["points"]) for c in content] == [
        (f"Post {n}", f"https://acme.example/posts/{n}", "draft", [sales], 7) for n in (1, 2, 3)
    ]
    assert content[0]["body"] == "Summary of post 1"
    assert [c["image_url"] for c in content] == [None, None, "https://acme.example/img/3.jpg"]
    status = _source(aws, org, source["source_id"])
    assert (status["imported"], status["last_success_at"], status["last_error"]) == (
        3,
        "2026-11-02T09:30:00Z",
        None,
    )

    # Unchanged: a conditional GET answered 304.
    assert run_job("feeds", now + timedelta(minutes=15))["imported"] == 0
    assert web.calls[-1][1] == {"If-None-Match": '"v1"', "If-Modified-Since": "Mon, 02 Nov 2026 08:00:00 GMT"}
    # A server without validators answers 200 with the same entries: still nothing new.
    web.served[FEED] = Served(rss(items))
    assert run_job("feeds", now + timedelta(minutes=30))["imported"] == 0
    # A retry of the first run (same event time) imports nothing twice.
    assert run_job("feeds", now)["imported"] == 0
    # A new entry is imported, alone.
    web.served[FEED] = Served(rss(numbered(4, now + timedelta(hours=1))))
    assert run_job("feeds", now + timedelta(minutes=45))["imported"] == 1
    assert len(_content(aws, org)) == 4
    assert _source(aws, org, source["source_id"])["imported"] == 4


def test_a_publishing_source_publishes_with_the_orgs_default_expiry(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    _add(aws, org, publish=True)
    web.served[FEED] = Served(rss(numbered(1, now)))
    run_job("feeds", now)
    [item] = _content(aws, org)
    assert item["status"] == "published"
    assert item["expires_at"] == "2026-12-02T09:30:00Z"  # the org's 30 days
    feed = aws.call("GET", "/feed", who=org["members"][0])
    assert [c["content_id"] for c in feed.body["items"]] == [item["content_id"]]


def test_two_overlapping_runs_import_each_entry_once(aws: Env, org: Org, web: FakeWeb, now: datetime) -> None:
    _add(aws, org)
    web.served[FEED] = Served(rss(numbered(5, now)))
    inner: dict[str, Any] = {}
    # The second run starts and finishes while the first is fetching, before it writes anything.
    web.during = lambda url: inner.update(run_job("feeds", now + timedelta(minutes=1)))
    outer = run_job("feeds", now)
    assert (inner["imported"], outer["imported"]) == (5, 0)
    assert len(_content(aws, org)) == 5


def test_a_malformed_feed_records_its_error_and_the_others_go_on(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    broken = _add(aws, org)
    working = _add(aws, org, OTHER)
    web.served[FEED] = Served(b"<html><body>Not a feed</body></html>", content_type="text/xml")
    web.served[OTHER] = Served(rss(numbered(2, now)))
    result = run_job("feeds", now)
    assert (result["imported"], result["failing"]) == (2, 1)
    status = _source(aws, org, broken["source_id"])
    assert status["last_error"].startswith("The document is not an RSS or Atom feed")
    assert (status["failures"], status["last_success_at"]) == (1, None)
    assert _source(aws, org, working["source_id"])["imported"] == 2


def test_a_huge_feed_is_taken_newest_first_and_bounded(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    _add(aws, org)
    web.served[FEED] = Served(rss(numbered(300, now)))
    assert run_job("feeds", now)["imported"] == 20
    assert sorted(c["title"] for c in _content(aws, org)) == sorted(f"Post {n}" for n in range(281, 301))


def test_a_feed_over_the_size_limit_fails_without_reading_it(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    source = _add(aws, org)
    web.served[FEED] = Served(rss(numbered(1, now)) + b" " * 2_000_001)
    assert run_job("feeds", now)["failing"] == 1
    assert _source(aws, org, source["source_id"])["last_error"] == "The answer is larger than allowed."
    assert _content(aws, org) == []


def test_a_source_that_times_out_backs_off_doubling_up_to_a_day(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    source = _add(aws, org)
    web.served[FEED] = Served(b"", fail="The server did not answer within 5 seconds.")
    at = now
    waits = []
    for _ in range(9):
        assert run_job("feeds", at)["failing"] == 1
        status = _source(aws, org, source["source_id"])
        assert status["last_error"] == "The server did not answer within 5 seconds."
        next_at = datetime.fromisoformat(status["next_attempt_at"].replace("Z", "+00:00"))
        waits.append(next_at - at)
        skipped = run_job("feeds", next_at - timedelta(seconds=1))
        assert skipped["sources"] == 0  # still backing off
        at = next_at
    assert waits == [timedelta(minutes=15 * 2**n) for n in range(7)] + [timedelta(days=1)] * 2
    assert status["failures"] == 9

    web.served[FEED] = Served(rss(numbered(1, now)))
    assert run_job("feeds", at)["imported"] == 1
    status = _source(aws, org, source["source_id"])
    assert (status["failures"], status["next_attempt_at"], status["last_error"]) == (0, None, None)


def test_a_feed_declaring_entities_is_refused_unexpanded(
    aws: Env, org: Org, web: FakeWeb, now: datetime
) -> None:
    source = _add(aws, org)
    web.served[FEED] = Served(BILLION_LAUGHS)
    assert run_job("feeds", now)["failing"] == 1
    assert (
        _source(aws, org, source["source_id"])["last_error"]
        == "The feed declares XML entities, which are refused."
    )
    assert _content(aws, org) == []


def test_a_new_url_starts_the_source_afresh(aws: Env, org: Org, web: FakeWeb, now: datetime) -> None:
    source = _add(aws, org)
    web.served[FEED] = Served(b"", fail="The server answered 500.")
    run_job("feeds", now)
    path = f"/feed-sources/{source['source_id']}"
    r = aws.call("PATCH", path, who=org["admin"], body={"url": OTHER})
    assert (r.body["failures"], r.body["next_attempt_at"], r.body["last_error"]) == (0, None, None)
    web.served[OTHER] = Served(rss(numbered(2, now)))
    assert run_job("feeds", now + timedelta(minutes=1))["imported"] == 2
