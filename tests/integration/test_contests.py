"""Contests: live standings with group scope and min_score; the job closes and awards each prize once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.actions import adjust, create_contest, run_job
from tests.support.clock import NOW
from tests.support.mocked import Env

START = NOW.replace(minute=0)  # the hour the test's clock is in
END = START + timedelta(days=7)


def make_reward(org_id: str) -> str:
    from advocacy.store.models import RewardModel

    RewardModel(org_id=org_id, sk="reward#mug", reward_id="mug", name="Mug", cost=50, active=True).save()
    return "mug"


def test_standings_then_prizes_awarded_once(aws: Env, org: dict[str, Any]) -> None:
    make_reward(org["org"]["org_id"])
    manager, (mia, noa) = org["manager"], org["members"]
    contest = create_contest(aws, org, START, END)
    assert contest["status"] == "running"  # created at its start
    adjust(aws, org, mia, 30, START + timedelta(hours=1))
    adjust(aws, org, noa, 20, START + timedelta(hours=2))
    adjust(aws, org, manager, 20, START + timedelta(hours=3))
    adjust(aws, org, noa, 500, END + timedelta(minutes=1))  # after the end: not counted

    live = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia, now=START + timedelta(days=1)).body
    assert live["status"] == "running"
    assert sorted((s["rank"], s["name"], s["score"]) for s in live["standings"]) == [
        (1, "Mia", 30),
        (2, "Max", 20),
        (2, "Noa", 20),
    ]

    assert run_job("contests", END - timedelta(minutes=1))["closed"] == 0
    first = run_job("contests", END + timedelta(hours=1))
    assert (first["closed"], first["prizes"]) == (1, 3)
    again = run_job("contests", END + timedelta(hours=2))
    assert (again["closed"], again["prizes"]) == (0, 0)

    closed = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia).body
    assert closed["status"] == "closed"
    assert sorted((s["rank"], s["name"]) for s in closed["standings"]) == [(1, "Mia"), (2, "Max"), (2, "Noa")]
    me = aws.call("GET", "/me", who=mia).body
    assert me["points"]["balance"] == 30 + 100
    assert {"contest_winner", "champion"} <= set(me["badges"])
    prizes = [e for e in aws.call("GET", "/me/points", who=mia).body["items"] if e["type"] == "prize"]
    assert [(e["points"], e["ref"]["place"]) for e in prizes] == [(100, "1")]
    from advocacy.store.models import RewardModel

    redemptions = [
        r for r in RewardModel.query(org["org"]["org_id"], RewardModel.sk.startswith("redemption#"))
    ]
    assert sorted((r.member_id, r.status, int(r.cost)) for r in redemptions) == sorted(
        [(manager["member_id"], "pending", 0), (noa["member_id"], "pending", 0)]  # for an admin to decide
    )
    assert "contest_podium" in aws.call("GET", "/me", who=noa).body["badges"]


def test_a_crash_after_some_prizes_awards_the_rest_once(aws: Env, org: dict[str, Any]) -> None:
    from advocacy.services import contests

    make_reward(org["org"]["org_id"])
    mia = org["members"][0]
    contest = create_contest(aws, org, START, END)
    adjust(aws, org, mia, 10, START + timedelta(hours=1))
    # The job awarded the prizes, then died before closing the contest.
    item = contests.get(org["org"]["org_id"], contest["contest_id"])
    assert contests.award_prizes(item) == 1
    retried = run_job("contests", END + timedelta(hours=1))
    assert (retried["closed"], retried["prizes"]) == (1, 0)
    assert aws.call("GET", "/me", who=mia).body["points"]["balance"] == 10 + 100


def test_group_scope_and_min_score(aws: Env, org: dict[str, Any]) -> None:
    make_reward(org["org"]["org_id"])
    mia, noa = org["members"]
    sales = org["groups"]["sales"]["group_id"]
    contest = create_contest(
        aws, org, START, END, groups=[sales], min_score=25, prizes=[{"place": 1, "points": 5}]
    )
    adjust(aws, org, mia, 20, START + timedelta(hours=1))
    adjust(aws, org, noa, 90, START + timedelta(hours=1))  # not in Sales
    standings = aws.call(
        "GET", f"/contests/{contest['contest_id']}", who=mia, now=START + timedelta(days=1)
    ).body["standings"]
    assert standings == []
    adjust(aws, org, mia, 10, START + timedelta(hours=2))
    standings = aws.call(
        "GET", f"/contests/{contest['contest_id']}", who=mia, now=START + timedelta(days=1)
    ).body["standings"]
    assert [(s["name"], s["score"]) for s in standings] == [("Mia", 30)]


def test_contest_validation_and_roles(aws: Env, org: dict[str, Any]) -> None:
    bad = {
        "name": "Bad",
        "starts_at": END.isoformat(),
        "ends_at": START.isoformat(),
        "metric": "points",
        "prizes": [{"place": 1, "reward_id": "nope"}, {"place": 1, "points": 5}],
    }
    r = aws.call("POST", "/contests", who=org["manager"], body=bad, now=START)
    assert r.status == 422
    assert {d["field"] for d in r.body["error"]["details"]} == {
        "ends_at",
        "prizes.0.reward_id",
        "prizes.1.place",
    }
    r = aws.call("POST", "/contests", who=org["members"][0], body=bad, now=START)
    assert r.status == 403
    assert aws.call("GET", "/contests", who=org["members"][0]).body["items"] == []
