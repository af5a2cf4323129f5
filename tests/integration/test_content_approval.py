"""The approval workflow (decision 61): with the org's `content_needs_approval` on, what a manager would
schedule or publish waits as `pending_approval` until an admin approves it (then scheduled or published by
the usual rules) or rejects it (a draft with the note); off, nothing changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.actions import run_job
from tests.support.mocked import Env

Org = dict[str, Any]
LINK = "https://acme.example/launch"


def _approval(aws: Env, org: Org, on: bool) -> None:
    r = aws.call("PATCH", "/org", who=org["admin"], body={"content_needs_approval": on})
    assert (r.status, r.body.get("content_needs_approval")) == (200, on), r.body


def _create(aws: Env, who: dict[str, str], at: datetime | None = None, **fields: Any) -> dict[str, Any]:
    r = aws.call("POST", "/content", who=who, body={"title": "Launch", "url": LINK, **fields}, now=at)
    assert r.status == 201, r.body
    return dict(r.body)


def _titles(aws: Env, who: dict[str, str], **query: str) -> list[str]:
    r = aws.call("GET", "/content", who=who, query=query)
    assert r.status == 200, r.body
    return [item["title"] for item in r.body["items"]]


def _feed(aws: Env, who: dict[str, str], at: datetime | None = None) -> list[str]:
    r = aws.call("GET", "/feed", who=who, now=at)
    assert r.status == 200, r.body
    return [item["content_id"] for item in r.body["items"]]


def test_the_setting_is_off_by_default_and_then_nothing_is_held(aws: Env, org: Org) -> None:
    r = aws.call("GET", "/org", who=org["admin"])
    assert r.body["content_needs_approval"] is False
    item = _create(aws, org["manager"], status="published")
    assert (item["status"], item["approved_by"], item["approved_at"], item["rejection_note"]) == (
        "published",
        None,
        None,
        None,
    )
    _approval(aws, org, True)
    _approval(aws, org, False)
    draft = _create(aws, org["manager"])
    assert aws.call("POST", f"/content/{draft['content_id']}/publish", who=org["manager"]).body["status"] == (
        "published"
    )
    assert aws.call("PATCH", "/org", who=org["manager"], body={"content_needs_approval": True}).status == 403


def test_a_managers_content_waits_and_an_admins_does_not(aws: Env, org: Org, now: datetime) -> None:
    _approval(aws, org, True)
    manager, admin, member = org["manager"], org["admin"], org["members"][0]
    held = _create(aws, manager, title="Held", status="published")
    assert (held["status"], held["expires_at"]) == ("pending_approval", None)
    later = (now + timedelta(hours=2)).isoformat()
    held_schedule = _create(aws, manager, title="Held later", publish_at=later)
    assert held_schedule["status"] == "pending_approval"
    draft = _create(aws, manager, title="Still a draft")
    assert draft["status"] == "draft"  # nothing asked to go out: nothing to approve
    mine = _create(aws, admin, title="Admin's", status="published")
    assert mine["status"] == "published"

    # A draft asked to go out waits too; asking again changes nothing; an admin approves instead.
    path = f"/content/{draft['content_id']}"
    assert aws.call("POST", f"{path}/publish", who=manager).body["status"] == "pending_approval"
    again = aws.call("POST", f"{path}/schedule", who=manager)
    assert (again.status, again.body["status"]) == (200, "pending_approval")
    assert aws.call("POST", f"{path}/publish", who=admin).status == 409
    plan = _create(aws, manager, title="Planned")
    aws.call("PATCH", f"/content/{plan['content_id']}", who=manager, body={"publish_at": later})
    r = aws.call("POST", f"/content/{plan['content_id']}/schedule", who=manager)
    assert (r.status, r.body["status"]) == (200, "pending_approval")

    # The queue; members see none of it, neither in the feed nor to share.
    queue = sorted(["Planned", "Still a draft", "Held later", "Held"])  # made at the same instant
    assert sorted(_titles(aws, manager, status="pending_approval")) == queue
    assert sorted(_titles(aws, admin, status="pending_approval")) == queue
    assert aws.call("GET", "/content", who=member, query={"status": "pending_approval"}).status == 403
    assert _feed(aws, member) == [mine["content_id"]]
    for item in (held, held_schedule):
        shared = aws.call("POST", f"/content/{item['content_id']}/shares", who=member, body={"network": "x"})
        assert shared.status in (404, 409), shared.body

    # The publish-due job, past every time, moves none of it.
    assert run_job("publish-due", now + timedelta(days=1))["published"] == 0
    assert sorted(_titles(aws, admin, status="pending_approval")) == queue

    # The author may edit pending content; it stays pending.
    edited = aws.call("PATCH", f"/content/{held['content_id']}", who=manager, body={"title": "Held, edited"})
    assert (edited.status, edited.body["status"]) == (200, "pending_approval")


def test_approval_publishes_or_schedules_with_the_default_expiry(aws: Env, org: Org, now: datetime) -> None:
    _approval(aws, org, True)
    manager, admin, member = org["manager"], org["admin"], org["members"][0]
    ttl = timedelta(days=org["org"]["default_content_ttl_days"])
    at = now + timedelta(minutes=30)
    later = now + timedelta(hours=2)
    live = _create(aws, manager, status="published")
    planned = _create(aws, manager, publish_at=later.isoformat())

    assert aws.call("POST", f"/content/{live['content_id']}/approve", who=manager).status == 403
    assert aws.call("POST", f"/content/{live['content_id']}/approve", who=member).status == 403
    r = aws.call("POST", f"/content/{live['content_id']}/approve", who=admin, now=at)
    assert r.status == 200, r.body
    assert (r.body["status"], r.body["approved_by"]) == ("published", admin["member_id"])
    assert datetime.fromisoformat(r.body["approved_at"]) == at
    assert datetime.fromisoformat(r.body["expires_at"]) == at + ttl  # counted from going live
    again = aws.call("POST", f"/content/{live['content_id']}/approve", who=admin, now=at)
    assert (again.status, again.body) == (200, r.body)
    assert (
        aws.call("POST", f"/content/{live['content_id']}/reject", who=admin, body={"note": "no"}).status
        == 409
    )
    assert _feed(aws, member, at) == [live["content_id"]]
    shared = aws.call(
        "POST", f"/content/{live['content_id']}/shares", who=member, body={"network": "x"}, now=at
    )
    assert shared.status == 201

    s = aws.call("POST", f"/content/{planned['content_id']}/approve", who=admin, now=at)
    assert (s.status, s.body["status"]) == (200, "scheduled")
    assert datetime.fromisoformat(s.body["expires_at"]) == later + ttl
    assert run_job("publish-due", later + timedelta(minutes=1))["published"] == 1
    got = aws.call("GET", f"/content/{planned['content_id']}", who=manager, now=later + timedelta(minutes=1))
    assert (got.body["status"], got.body["approved_by"]) == ("published", admin["member_id"])

    # Its publish time passed while it waited: approval puts it live at once.
    late = _create(aws, manager, publish_at=later.isoformat())
    r = aws.call("POST", f"/content/{late['content_id']}/approve", who=admin, now=later + timedelta(hours=1))
    assert r.body["status"] == "published"
    assert aws.call("POST", "/content/nope/approve", who=admin).status == 404


def test_a_rejection_is_a_draft_with_the_note_its_author_reads(aws: Env, org: Org, now: datetime) -> None:
    _approval(aws, org, True)
    manager, admin = org["manager"], org["admin"]
    item = _create(aws, manager, status="published")
    path = f"/content/{item['content_id']}"
    for bad in ({}, {"note": "   "}, {"note": "x" * 1001}):
        assert aws.call("POST", f"{path}/reject", who=admin, body=bad).status == 422, bad
    assert aws.call("POST", f"{path}/reject", who=manager, body={"note": "no"}).status == 403

    at = now + timedelta(minutes=5)
    r = aws.call("POST", f"{path}/reject", who=admin, body={"note": " Link the careers page. "}, now=at)
    assert r.status == 200, r.body
    assert (r.body["status"], r.body["rejection_note"], r.body["rejected_by"]) == (
        "draft",
        "Link the careers page.",
        admin["member_id"],
    )
    assert datetime.fromisoformat(r.body["rejected_at"]) == at
    again = aws.call("POST", f"{path}/reject", who=admin, body={"note": "Link the careers page."}, now=at)
    assert (again.status, again.body) == (200, r.body)
    assert aws.call("POST", f"{path}/approve", who=admin).status == 409
    seen = aws.call("GET", path, who=manager)
    assert (seen.body["status"], seen.body["rejection_note"]) == ("draft", "Link the careers page.")

    # Sent again, the note goes; approved, it goes out.
    resent = aws.call("POST", f"{path}/publish", who=manager)
    assert (resent.body["status"], resent.body["rejection_note"], resent.body["rejected_at"]) == (
        "pending_approval",
        None,
        None,
    )
    assert aws.call("POST", f"{path}/approve", who=admin).body["status"] == "published"


@pytest.mark.parametrize("route", ["approve", "reject"])
def test_deciding_is_idempotent_with_a_key(aws: Env, org: Org, route: str) -> None:
    _approval(aws, org, True)
    item = _create(aws, org["manager"], status="published")
    path = f"/content/{item['content_id']}/{route}"
    body = {"note": "Not this week."} if route == "reject" else None
    headers = {"idempotency-key": f"decide-{route}"}
    first = aws.call("POST", path, who=org["admin"], body=body, headers=headers)
    assert first.status == 200, first.body
    repeat = aws.call("POST", path, who=org["admin"], body=body, headers=headers)
    assert (repeat.status, repeat.body) == (200, first.body)
