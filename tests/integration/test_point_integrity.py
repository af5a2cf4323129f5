"""Points that cannot be gamed: clicks credit only active members on live content; managers' points
and prizes stay within the limits the admins set; reward prizes wait for an admin; prizes never feed
another contest's score."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.actions import click, publish, run_job, share
from tests.support.mocked import Env


def balance(aws: Env, who: dict[str, Any]) -> int:
    return int(aws.call("GET", "/me", who=who).body["points"]["balance"])


def member(aws: Env, org: dict[str, Any], who: dict[str, Any]) -> dict[str, Any]:
    r = aws.call("GET", f"/members/{who['member_id']}", who=org["admin"])
    assert r.status == 200, r.body
    return dict(r.body)


# --- clicks ---------------------------------------------------------------------------------------


def test_clicks_on_a_deactivated_members_link_redirect_but_earn_nothing(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    item = publish(aws, org)
    code = share(aws, mia, item["content_id"], "x")
    path = f"/members/{mia['member_id']}"
    assert aws.call("PATCH", path, who=admin, body={"status": "deactivated"}).status == 200
    for n in range(3):
        assert click(aws, code, ip=f"192.0.2.{n}", at=now + timedelta(minutes=n))["statusCode"] == 302
    aws.streams.drain()
    assert aws.call("PATCH", path, who=admin, body={"status": "active"}).status == 200
    assert balance(aws, mia) == 10  # the share alone, earned while active
    stats = aws.call("GET", f"/content/{item['content_id']}", who=org["manager"]).body["stats"]
    assert stats == {"shares": 1, "clicks": 3, "unique_clicks": 3}  # counted all the same
    click(aws, code, ip="192.0.2.9", at=now + timedelta(minutes=9))  # active again: earns again
    aws.streams.drain()
    assert balance(aws, mia) == 10 + 2


def test_clicks_on_archived_content_earn_nothing_on_expired_content_they_do(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    mia, noa = org["members"]
    archived = publish(aws, org)
    expiring = publish(aws, org, title="Short-lived", expires_at=(now + timedelta(hours=1)).isoformat())
    on_archived = share(aws, mia, archived["content_id"], "x")
    on_expired = share(aws, noa, expiring["content_id"], "x")
    r = aws.call("POST", f"/content/{archived['content_id']}/archive", who=org["manager"])
    assert r.status == 200, r.body
    run_job("publish-due", now + timedelta(hours=2))
    r = aws.call("GET", f"/content/{expiring['content_id']}", who=org["manager"])
    assert r.body["status"] == "expired", r.body
    later = now + timedelta(hours=3)
    assert click(aws, on_archived, at=later)["statusCode"] == 302
    assert click(aws, on_expired, at=later)["statusCode"] == 302
    aws.streams.drain()
    assert balance(aws, mia) == 10
    assert balance(aws, noa) == 10 + 2
