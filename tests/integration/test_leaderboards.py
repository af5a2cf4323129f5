"""Points ledger, adjustments and leaderboards across period boundaries in the org's time zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.calls import dynamodb_calls
from tests.support.events import FakeContext, scheduled_event
from tests.support.mocked import Env
from tests.support.turns import runs_one_org_each

# Monday 2026-11-02 09:30 UTC is in ISO week 2026-W45 in Europe/Paris.
MONDAY = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def adjust(aws: Env, org: dict[str, Any], who: dict[str, Any], points: int, at: datetime) -> Any:
    return aws.call(
        "POST",
        f"/members/{who['member_id']}/points",
        who=org["admin"],
        body={"points": points, "reason": "test"},
        now=at,
    )


def run_leaderboards(at: datetime) -> dict[str, Any]:
    from advocacy.handlers import jobs

    return jobs.handler(scheduled_event("leaderboards", at.strftime("%Y-%m-%dT%H:%M:%SZ")), FakeContext())


def board(aws: Env, who: dict[str, Any], period: str, **query: str) -> dict[str, Any]:
    r = aws.call("GET", f"/leaderboards/{period}", who=who, query=query or None)
    assert r.status == 200, r.body
    return r.body


def test_adjustments_are_ledger_entries_and_never_go_below_zero(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    r = adjust(aws, org, mia, 50, MONDAY)
    assert r.status == 201, r.body
    assert r.body["type"] == "adjustment"
    assert r.body["ref"]["reason"] == "test"
    too_much = adjust(aws, org, mia, -51, MONDAY)
    assert too_much.status == 409
    assert too_much.body["error"]["code"] == "insufficient_points"
    assert adjust(aws, org, mia, -20, MONDAY).status == 201
    me = aws.call("GET", "/me", who=mia).body
    entries = aws.call("GET", "/me/points", who=mia).body["items"]
    assert me["points"] == {"balance": 30, "lifetime": 50}
    assert sum(e["points"] for e in entries) == me["points"]["balance"]
    assert adjust(aws, org, {"member_id": "nobody"}, 5, MONDAY).status == 404
    assert (
        aws.call(
            "POST", f"/members/{mia['member_id']}/points", who=mia, body={"points": 5, "reason": "x"}
        ).status
        == 403
    )


def test_weekly_board_ranks_ties_and_scopes(aws: Env, org: dict[str, Any]) -> None:
    admin, manager, (mia, noa) = org["admin"], org["manager"], org["members"]
    aws.call("PATCH", "/org", who=admin, body={"timezone": "Europe/Paris"})
    for who, points in ((mia, 30), (noa, 20), (manager, 20)):
        assert adjust(aws, org, who, points, MONDAY).status == 201
    run_leaderboards(MONDAY + timedelta(minutes=15))

    week = board(aws, mia, "week")
    assert week["period_key"] == "2026-W45"
    assert sorted((e["rank"], e["name"], e["points"]) for e in week["entries"]) == [
        (1, "Mia", 30),
        (2, "Max", 20),
        (2, "Noa", 20),
    ]
    assert week["me"] == {"rank": 1, "points": 30}
    with dynamodb_calls() as calls:
        assert board(aws, admin, "week")["me"] == {"rank": 4, "points": 0}
    assert calls == ["BatchGetItem", "GetItem"]  # the caller's record with the snapshot, then its score
    assert board(aws, noa, "month")["me"] == {"rank": 2, "points": 20}
    sales = org["groups"]["sales"]["group_id"]
    in_sales = board(aws, mia, "week", group=sales)
    assert [(e["rank"], e["name"]) for e in in_sales["entries"]] == [(1, "Mia")]
    assert board(aws, noa, "week", group=sales)["me"] is None
    assert aws.call("GET", "/leaderboards/week", who=mia, query={"group": "nope"}).status == 404
    assert aws.call("GET", "/leaderboards/year", who=mia).status == 422
    assert aws.call("GET", "/leaderboards/week", who=mia, query={"period_key": "2026-13"}).status == 422


def test_deactivated_members_drop_off(aws: Env, org: dict[str, Any]) -> None:
    admin, (mia, noa) = org["admin"], org["members"]
    adjust(aws, org, mia, 10, MONDAY)
    adjust(aws, org, noa, 40, MONDAY)
    aws.call("PATCH", f"/members/{noa['member_id']}", who=admin, body={"status": "deactivated"})
    run_leaderboards(MONDAY + timedelta(minutes=15))
    assert [e["name"] for e in board(aws, mia, "all")["entries"]] == ["Mia"]
    assert board(aws, mia, "all")["me"]["rank"] == 1


def test_a_new_week_starts_empty_and_the_past_week_stays_readable(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    aws.call("PATCH", "/org", who=org["admin"], body={"timezone": "Europe/Paris"})
    adjust(aws, org, mia, 10, MONDAY)
    # Sunday 23:30 in Paris is still week 45; 30 minutes later it is week 46.
    sunday_late = datetime(2026, 11, 8, 22, 30, tzinfo=UTC)
    adjust(aws, org, noa, 5, sunday_late)
    adjust(aws, org, noa, 7, sunday_late + timedelta(minutes=45))
    run_leaderboards(sunday_late + timedelta(hours=1))

    current = board(aws, mia, "week")
    assert current["period_key"] == "2026-W46"
    assert [(e["name"], e["points"]) for e in current["entries"]] == [("Noa", 7)]
    past = board(aws, mia, "week", period_key="2026-W45")
    assert [(e["rank"], e["name"], e["points"]) for e in past["entries"]] == [(1, "Mia", 10), (2, "Noa", 5)]
    assert past["me"] == {"rank": 1, "points": 10}
    assert board(aws, mia, "all")["entries"][0] == {
        "rank": 1,
        "member_id": noa["member_id"],
        "name": "Noa",
        "points": 12,
    }
    assert board(aws, mia, "week", period_key="2026-W40")["entries"] == []


def test_one_failing_org_does_not_stop_the_others(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], monkeypatch: Any
) -> None:
    import pytest

    from advocacy.services import leaderboards

    adjust(aws, org, org["members"][0], 10, MONDAY)
    real = leaderboards.build_org

    def flaky(item: Any, now: datetime) -> int:
        if item.org_id == other_org["org"]["org_id"]:
            raise RuntimeError("boom")
        return real(item, now)

    monkeypatch.setattr(leaderboards, "build_org", flaky)
    with pytest.raises(RuntimeError, match="1 of 2 orgs"):
        run_leaderboards(MONDAY + timedelta(minutes=15))
    assert [e["name"] for e in board(aws, org["members"][0], "all")["entries"]] == ["Mia"]


def test_a_histogram_too_long_for_one_item_is_paged_and_ranks_stay_exact(
    aws: Env, org: dict[str, Any], monkeypatch: Any
) -> None:
    """Every distinct score on a page of its own (what a histogram past ~4,000 distinct scores gets
    at the real budget): each member's rank is still exact, a member below the first page costs one
    more read, and the pages of superseded runs are dropped, all but the last."""
    from advocacy.services import leaderboards
    from advocacy.store.models import HistogramPageModel

    monkeypatch.setattr(leaderboards, "HISTOGRAM_CHARS", 4)
    admin, manager, (mia, noa) = org["admin"], org["manager"], org["members"]
    for who, points in ((mia, 30), (noa, 20), (manager, 10)):
        assert adjust(aws, org, who, points, MONDAY).status == 201
    org_id = org["org"]["org_id"]

    def generations() -> set[str]:
        pages = HistogramPageModel.query(org_id, HistogramPageModel.sk.startswith("all#all#all#page#"))
        return {page.sk.split("#")[4] for page in pages}

    run_leaderboards(MONDAY + timedelta(minutes=15))
    run_leaderboards(MONDAY + timedelta(minutes=30))  # nothing changed: nothing rewritten (decision 98)
    assert len(generations()) == 1
    for run in range(2):  # Max earns a point before each run: the board and its pages are rewritten
        assert adjust(aws, org, manager, 1, MONDAY + timedelta(minutes=35 + 15 * run)).status == 201
        run_leaderboards(MONDAY + timedelta(minutes=45 + 15 * run))
        assert len(generations()) == 2

    expected = {mia["member_id"]: (1, 30), noa["member_id"]: (2, 20), manager["member_id"]: (3, 12)}
    expected[admin["member_id"]] = (4, 0)
    for who in (admin, manager, mia, noa):
        rank, points = expected[who["member_id"]]
        with dynamodb_calls() as calls:
            assert board(aws, who, "all")["me"] == {"rank": rank, "points": points}
        # The first page holds the best score; any other needs its page, read consistently.
        assert calls == ["BatchGetItem", "GetItem"] + (["GetItem"] if rank > 1 else [])
        assert board(aws, who, "all", period_key="all")["me"] == {"rank": rank, "points": points}
    assert [e["rank"] for e in board(aws, mia, "all")["entries"]] == [1, 2, 3]

    # Points earned since the last run: ranked among the scores of that run, whatever page they fall on.
    assert adjust(aws, org, admin, 25, MONDAY + timedelta(hours=1)).status == 201
    assert board(aws, admin, "all")["me"] == {"rank": 2, "points": 25}
    assert adjust(aws, org, admin, 10, MONDAY + timedelta(hours=1)).status == 201
    assert board(aws, admin, "all")["me"] == {"rank": 1, "points": 35}


def test_a_run_short_of_time_builds_the_stalest_orgs_and_defers_the_others(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], monkeypatch: Any, capsys: Any
) -> None:
    """Orgs that together take longer than one invocation: each run builds what its time allows,
    oldest boards first, so every org is refreshed in turn rather than the same ones every run."""
    from advocacy.handlers import jobs
    from advocacy.services import leaderboards

    ids = sorted([org["org"]["org_id"], other_org["org"]["org_id"]])
    times = [(MONDAY + timedelta(minutes=15 * (run + 1))).strftime("%Y-%m-%dT%H:%M:%SZ") for run in range(4)]
    built, results = runs_one_org_each(monkeypatch, leaderboards, "leaderboards", times)
    # Neither has boards: by org id. Then the one without boards, then the one checked longest ago,
    # though its boards, unchanged, were not rewritten (decision 98): each in turn.
    assert built == [ids[0], ids[1], ids[0], ids[1]]
    assert [(r["orgs"], r["deferred"]) for r in results] == [(1, 1)] * 4
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    deferred = [m for m in emitted if "LeaderboardOrgsDeferred" in m]  # what the infra alarm watches
    assert [(m["job"], m["service"], m["LeaderboardOrgsDeferred"]) for m in deferred] == [
        ("leaderboards", "advocacy", [1.0])
    ] * 4
    assert all(m["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["job", "service"]] for m in deferred)
    assert board(aws, org["members"][0], "all")["generated_at"] is not None
    result = jobs.handler(scheduled_event("leaderboards", "2026-11-02T11:00:00Z"), FakeContext("jobs"))
    assert (result["orgs"], result["deferred"]) == (2, 0)  # 30 s left each time: room for both


def test_a_member_reads_the_board_of_a_group_they_are_not_in_but_never_another_orgs(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: datetime
) -> None:
    """Decision 90: any member of the org may read any of its group boards (names and points, the
    people the org-wide board already shows), with `me` null outside the group; another org's group
    is not found, built or not."""
    from advocacy.ops import bootstrap

    admin, (mia, noa) = org["admin"], org["members"]
    globex = bootstrap.create_group(other_org["org"]["org_id"], "Globex sales", now)
    gia = other_org["member"]
    r = aws.call(
        "PATCH", f"/members/{gia['member_id']}", who=other_org["admin"], body={"groups": [globex["group_id"]]}
    )
    assert r.status == 200, r.body
    for who, owner, points in ((mia, org, 30), (noa, org, 20), (gia, other_org, 40)):
        assert adjust(aws, owner, who, points, MONDAY).status == 201
    run_leaderboards(MONDAY + timedelta(minutes=15))
    assert board(aws, admin, "week", group=org["groups"]["sales"]["group_id"])["entries"]  # built

    eng = board(aws, mia, "week", group=org["groups"]["eng"]["group_id"])  # Mia is in Sales only
    assert [(e["rank"], e["member_id"], e["name"], e["points"]) for e in eng["entries"]] == [
        (1, noa["member_id"], "Noa", 20)
    ]
    assert eng["me"] is None and eng["generated_at"] is not None
    assert board(aws, gia, "week", group=globex["group_id"])["entries"][0]["name"] == "Gia"
    for period in ("week", "all"):
        r = aws.call("GET", f"/leaderboards/{period}", who=mia, query={"group": globex["group_id"]})
        assert (r.status, r.body["error"]["code"]) == (404, "not_found")
