"""The analytics scenario: two members share two items over two days and visitors click, some of
them bots and repeat visitors, then the rollup job runs. Analytics and export tests compute every
figure from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.actions import CHROME, LINKEDIN_BOT, click, publish, run_rollups, share
from tests.support.mocked import Env

DAY1 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)


def scenario(aws: Env, org: dict[str, Any]) -> dict[str, str]:
    """Runs the scenario; returns the ids of its two content items ("a" and "b")."""
    mia, noa = org["members"]
    aws.call(
        "PATCH", "/me", who=mia, body={"networks": {"linkedin": {"followers": 1000}, "x": {"followers": 500}}}
    )
    aws.call("PATCH", "/me", who=noa, body={"networks": {"linkedin": {"followers": 200}}})
    before = DAY1 - timedelta(hours=1)
    a = publish(aws, org, at=before, title="A", url="https://a.example")
    b = publish(aws, org, at=before, title="B", url="https://b.example")
    mia_a_li = share(aws, mia, a["content_id"], "linkedin", DAY1)
    share(aws, mia, a["content_id"], "x", DAY1)
    noa_a_li = share(aws, noa, a["content_id"], "linkedin", DAY1)
    click(aws, mia_a_li, ip="192.0.2.1", at=DAY1 + timedelta(minutes=1))
    click(aws, mia_a_li, ip="192.0.2.2", at=DAY1 + timedelta(minutes=2))
    click(aws, mia_a_li, ip="192.0.2.3", ua=LINKEDIN_BOT, at=DAY1 + timedelta(minutes=3))
    click(aws, mia_a_li, ip="192.0.2.1", ua=CHROME, at=DAY1 + timedelta(minutes=4))
    click(aws, noa_a_li, ip="192.0.2.9", at=DAY1 + timedelta(minutes=5))
    mia_b_li = share(aws, mia, b["content_id"], "linkedin", DAY2)
    click(aws, mia_b_li, ip="192.0.2.1", at=DAY2 + timedelta(minutes=1))
    aws.streams.drain(replay=True)
    run_rollups(DAY2 + timedelta(hours=1))  # recomputes both days (DAY1 is yesterday)
    return {"a": a["content_id"], "b": b["content_id"]}
