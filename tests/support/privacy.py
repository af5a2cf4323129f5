"""A departed member with data everywhere erasure must reach, for the privacy tests of the
integration tier (`departed`): a profile with network followers, connected accounts, a share in
their own words with a click, a suggestion, and a leaderboard snapshot that names them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support import connected
from tests.support.actions import click, publish, run_job
from tests.support.mocked import Env

WORDS = "Proud of what my team shipped this week."


def active_member_with_data(
    aws: Env, org: dict[str, Any], at: datetime, networks: bool = True
) -> dict[str, Any]:
    """The first member with a profile, a share in their own words clicked once, a suggestion, a
    leaderboard naming them (and, with `networks`, both accounts connected: configure the fakes
    first). Returns `{"member", "code", "content_id", "suggestion_id"}`."""
    mia = org["members"][0]
    profile = {"networks": {"linkedin": {"handle": "mia-b", "followers": 420}}, "language": "it"}
    assert aws.call("PATCH", "/me", who=mia, body=profile, now=at).status == 200
    if networks:
        connected.connect(aws, mia, "x")
        connected.connect(aws, mia, "linkedin")
    content = publish(aws, org, at=at)
    shared = aws.call(
        "POST", f"/content/{content['content_id']}/shares", who=mia,
        body={"network": "linkedin", "message": WORDS}, now=at,
    )  # fmt: skip
    assert shared.status == 201, shared.body
    code = str(shared.body["code"])
    assert click(aws, code, ip="198.51.100.40", at=at + timedelta(minutes=1))["statusCode"] == 302
    aws.streams.drain()
    suggested = aws.call(
        "POST", "/suggestions", who=mia, body={"url": "https://news.example/acme", "note": "ours"}, now=at
    )
    assert suggested.status == 201, suggested.body
    run_job("leaderboards", at + timedelta(minutes=5))
    return {
        "member": mia,
        "code": code,
        "content_id": content["content_id"],
        "suggestion_id": suggested.body["suggestion_id"],
    }


def deactivate(aws: Env, org: dict[str, Any], member: dict[str, Any], at: datetime) -> None:
    r = aws.call(
        "PATCH", f"/members/{member['member_id']}", who=org["admin"], body={"status": "deactivated"}, now=at
    )
    assert r.status == 200, r.body
