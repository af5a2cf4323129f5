"""One score item per member (decision 91): what it keeps as periods pass and contests close, and the
upgrade's fold of the old per-board layout into it (`python -m advocacy.ops fold-scores`)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest

from tests.support.actions import adjust, create_contest, run_job
from tests.support.mocked import TABLES, Env

# moto's CloudFormation stores the stack and its outputs without emulating the placeholder resource.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse:UserWarning")


def _names(org_id: str, member_id: str) -> dict[str, int]:
    from advocacy.store import scores

    return scores.live(org_id, member_id)


def _week(at: datetime) -> str:
    from advocacy.domain.periods import period_key

    return period_key("week", at, "UTC")


def test_an_award_writes_one_item_and_stale_names_go(aws: Env, org: dict[str, Any], now: datetime) -> None:
    """Points land on every board's attribute of one item; an idle member's past weeks and a closed
    contest's names are dropped by the leaderboards job, the live ones are kept."""
    from advocacy.store import scores
    from advocacy.store.models import ScoreModel

    org_id, mia = org["org"]["org_id"], org["members"][0]
    contest = create_contest(aws, org, now, now + timedelta(days=2), prizes=[{"place": 1, "points": 100}])
    adjust(aws, org, mia, 10, now + timedelta(hours=1))
    board = f"{org_id}#live#{scores.shard(mia['member_id'])}"
    assert [item.member_id for item in ScoreModel.query(board)] == [mia["member_id"]]
    held = _names(org_id, mia["member_id"])
    assert held[f"week:{_week(now)}#points"] == 10
    assert held["all:all#points"] == 10
    assert held[f"contest:{contest['contest_id']}#points"] == 10

    later = now + timedelta(days=7)
    adjust(aws, org, mia, 5, later)  # next week: the previous week stays
    assert _names(org_id, mia["member_id"])[f"week:{_week(now)}#points"] == 10
    run_job("contests", later)  # the contest ended: closed, its results on the contest
    two_weeks = now + timedelta(days=14)
    run_job("leaderboards", two_weeks)
    held = _names(org_id, mia["member_id"])
    assert f"week:{_week(now)}#points" not in held  # older than the previous week
    assert f"week:{_week(later)}#points" in held  # the previous week of two_weeks
    assert not [name for name in held if name.startswith("contest:")]
    assert held["all:all#points"] == 15 + 100  # the contest's first prize counts on the period boards
    closed = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia, now=two_weeks).body
    assert [(s["member_id"], s["score"]) for s in closed["standings"]] == [(mia["member_id"], 10)]


def _stack() -> None:
    template = {
        "Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
        "Outputs": {
            "OrgsTableName": {"Value": TABLES["ORGS_TABLE"]},
            "ScoresTableName": {"Value": TABLES["SCORES_TABLE"]},
        },
    }
    boto3.client("cloudformation").create_stack(StackName="Advocacy-test", TemplateBody=json.dumps(template))


def test_fold_scores_adds_the_old_boards_once(
    aws: Env, org: dict[str, Any], now: datetime, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    """The current and previous period keys and running contests are folded, what awards added since
    the upgrade is kept, an older period is left, and a second run changes nothing."""
    from advocacy.domain.periods import previous_key
    from advocacy.ops import __main__ as ops
    from advocacy.store.models import ScoreModel

    org_id, (mia, noa) = org["org"]["org_id"], org["members"]
    contest = create_contest(aws, org, now, now + timedelta(days=2), prizes=[{"place": 1, "points": 100}])
    week = _week(now)
    old_week = previous_key("week", previous_key("week", week) or "") or ""
    for board, member, points, shares in (
        (f"week:{week}", mia, 5, 0),
        (f"week:{week}", noa, 7, 0),
        (f"week:{previous_key('week', week)}", noa, 3, 0),
        (f"week:{old_week}", noa, 9, 0),
        ("all:all", noa, 19, 0),
        (f"contest:{contest['contest_id']}", noa, 4, 1),
    ):
        ScoreModel(
            board=f"{org_id}#{board}", member_id=member["member_id"], points=points, shares=shares
        ).save()
    adjust(aws, org, mia, 10, now + timedelta(hours=1))  # after the upgrade, before the fold
    _stack()
    monkeypatch.setattr(ops, "datetime", type("Clock", (), {"now": staticmethod(lambda tz: now)}))

    assert ops.main(["fold-scores", "--stack", "Advocacy-test"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["folded"], first["skipped"]) == (2, 0)
    assert ops.main(["fold-scores", "--stack", "Advocacy-test"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["folded"], again["skipped"]) == (0, 2)

    held = _names(org_id, noa["member_id"])
    assert held[f"week:{week}#points"] == 7
    assert held[f"week:{previous_key('week', week)}#points"] == 3
    assert f"week:{old_week}#points" not in held
    assert (held["all:all#points"], held[f"contest:{contest['contest_id']}#shares"]) == (19, 1)
    assert _names(org_id, mia["member_id"])[f"week:{week}#points"] == 15  # 10 since, 5 folded

    run_job("leaderboards", now + timedelta(hours=2))
    r = aws.call("GET", "/leaderboards/week", who=mia, now=now + timedelta(hours=2))
    assert [(e["name"], e["points"]) for e in r.body["entries"]] == [("Mia", 15), ("Noa", 7)]
    standings = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia, now=now).body["standings"]
    assert [(s["name"], s["score"]) for s in standings] == [("Mia", 10), ("Noa", 4)]


def test_me_on_a_final_board_the_item_no_longer_keeps(aws: Env, org: dict[str, Any], now: datetime) -> None:
    """Two periods later the score item has dropped the week: `me` is the caller's entry on the final
    board, or null for a caller not among its entries; the previous week is still live."""
    admin, (mia, noa) = org["admin"], org["members"]
    adjust(aws, org, mia, 10, now)
    adjust(aws, org, noa, 5, now)
    week, later = _week(now), now + timedelta(days=21)
    run_job("leaderboards", now + timedelta(days=7))  # the week's final board
    run_job("leaderboards", later)  # drops the week from the items

    def me(who: dict[str, Any]) -> Any:
        r = aws.call("GET", "/leaderboards/week", who=who, query={"period_key": week}, now=later)
        assert r.status == 200, r.body
        assert r.body["period_key"] == week
        return r.body["me"]

    assert (me(mia), me(noa), me(admin)) == ({"rank": 1, "points": 10}, {"rank": 2, "points": 5}, None)
    assert f"week:{week}#points" not in _names(org["org"]["org_id"], mia["member_id"])
