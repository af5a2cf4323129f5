"""Points across a week boundary, exact boards per period, and a contest closed twice that awards once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from tests.support.events import stamp
from tests.support.stack import Stack

PASSWORD = "Gamification-e2e-1!"


def _iso_week(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def _people(stack: Stack, admin: str, group_id: str, names: list[str]) -> list[dict[str, Any]]:
    people = []
    for name in names:
        email = f"e2e-{uuid.uuid4().hex[:8]}@acme.example"
        body = {"email": email, "name": name, "role": "member", "groups": [group_id]}
        created = stack.call("POST", "/members", admin, body)
        assert created.status == 201, created.body
        stack.idp().admin_set_user_password(
            UserPoolId=stack.info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
        )
        people.append({**created.json(), "token": stack.login(email, PASSWORD)})
    return people


def _board(stack: Stack, token: str, period: str, group: str, key: str | None = None) -> dict[str, Any]:
    query = f"?group={group}" + (f"&period_key={key}" if key else "")
    r = stack.call("GET", f"/leaderboards/{period}{query}", token)
    assert r.status == 200, r.body
    return dict(r.json())


def test_boards_across_a_week_boundary_and_a_contest_closed_twice(stack: Stack) -> None:
    admin_user = stack.user("admin")
    admin = stack.login(admin_user["email"], admin_user["password"])
    assert stack.call("PATCH", "/org", admin, {"timezone": "UTC"}).status == 200
    group = stack.call("POST", "/groups", admin, {"name": f"E2E board {uuid.uuid4().hex[:6]}"}).json()[
        "group_id"
    ]
    ana, bo, cy = _people(stack, admin, group, ["Ana", "Bo", "Cy"])
    now = stack.now()
    contest = stack.call(
        "POST",
        "/contests",
        admin,
        {
            "name": "E2E sprint",
            "starts_at": stamp(now - timedelta(minutes=1)),
            "ends_at": stamp(now + timedelta(hours=1)),
            "metric": "points",
            "groups": [group],
            "prizes": [{"place": 1, "points": 50}],
        },
    )
    assert contest.status == 201, contest.body
    for person, points in ((ana, 30), (bo, 20), (cy, 20)):
        r = stack.call(
            "POST", f"/members/{person['member_id']}/points", admin, {"points": points, "reason": "e2e"}
        )
        assert r.status == 201, r.body

    this_week = _iso_week(now)
    assert (
        stack.call(
            "POST", "/_local/jobs/leaderboards", body={"time": stamp(now + timedelta(minutes=1))}
        ).status
        == 200
    )
    for period in ("week", "month", "quarter", "all"):
        board = _board(stack, bo["token"], period, group)
        assert sorted((e["rank"], e["name"], e["points"]) for e in board["entries"]) == [
            (1, "Ana", 30),
            (2, "Bo", 20),
            (2, "Cy", 20),
        ], period
        assert board["me"] == {"rank": 2, "points": 20}
    assert _board(stack, ana["token"], "week", group)["period_key"] == this_week

    next_week = now + timedelta(days=7)
    assert stack.call("POST", "/_local/jobs/leaderboards", body={"time": stamp(next_week)}).status == 200
    fresh = _board(stack, ana["token"], "week", group)
    assert fresh["period_key"] == _iso_week(next_week)
    assert fresh["entries"] == []
    assert fresh["me"] == {"rank": 1, "points": 0}
    past = _board(stack, ana["token"], "week", group, key=this_week)
    assert sorted((e["rank"], e["name"], e["points"]) for e in past["entries"]) == [
        (1, "Ana", 30),
        (2, "Bo", 20),
        (2, "Cy", 20),
    ]

    after = stamp(now + timedelta(hours=2))
    first = stack.call("POST", "/_local/jobs/contests", body={"time": after}).json()
    second = stack.call("POST", "/_local/jobs/contests", body={"time": after}).json()
    assert first["closed"] >= 1
    assert (second["closed"], second["prizes"]) == (0, 0)
    closed = stack.call("GET", f"/contests/{contest.json()['contest_id']}", ana["token"]).json()
    assert closed["status"] == "closed"
    assert sorted((s["rank"], s["name"], s["score"]) for s in closed["standings"]) == [
        (1, "Ana", 30),
        (2, "Bo", 20),
        (2, "Cy", 20),
    ]
    me = stack.call("GET", "/me", ana["token"]).json()
    assert me["points"] == {"balance": 80, "lifetime": 80}
    assert "contest_winner" in me["badges"]
    ledger = stack.call("GET", "/me/points", ana["token"]).json()["items"]
    assert sorted(e["type"] for e in ledger) == ["adjustment", "prize"]
    assert sum(e["points"] for e in ledger) == 80
