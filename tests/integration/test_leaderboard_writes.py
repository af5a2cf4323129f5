"""Decision 98: the leaderboards job rewrites a board only when what a reader sees of it changed,
and records every run in the org's `checked` item (fingerprints, and the time that orders the orgs)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.integration.test_leaderboards import MONDAY, adjust, board, run_leaderboards
from tests.support.calls import items_written
from tests.support.mocked import Env

PERIODS = ("week", "month", "quarter", "all")


def run(at: datetime) -> list[str]:
    """The sort keys the run at `at` put into the boards table, but the `checked` items."""
    from advocacy.store.models import BoardModel

    with items_written(BoardModel.Meta.table_name) as written:
        run_leaderboards(at)
    assert written.count("checked") >= 1  # every run records itself, changed or not
    return sorted(sk for sk in written if sk != "checked")


def both_copies(
    org: dict[str, Any], at: datetime, scopes: Iterable[str], periods: Iterable[str]
) -> list[str]:
    """The sort keys of the boards of `scopes` for `periods` live at `at`: each under its period key
    and as the current board."""
    from advocacy.domain.periods import board_keys
    from advocacy.store import boards, orgs

    found = orgs.find_org(org["org"]["org_id"])
    assert found is not None
    keys = board_keys(at, found.timezone)
    return sorted(
        sk
        for period in periods
        for scope in scopes
        for sk in (boards.snapshot_sk(period, keys[period], scope), boards.current_sk(period, scope))
    )


def test_an_unchanged_board_is_not_written_again_and_a_changed_one_is(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    for who, points in ((mia, 30), (noa, 20)):
        assert adjust(aws, org, who, points, MONDAY).status == 201
    first = MONDAY + timedelta(minutes=15)
    # The first run also finalises the previous week, month and quarter (never built here).
    assert set(both_copies(org, first, ("all", sales, eng), PERIODS)) <= set(run(first))

    assert run(first + timedelta(minutes=15)) == []  # no score changed: no board written
    week = board(aws, noa, "week")
    assert [(e["rank"], e["name"], e["points"]) for e in week["entries"]] == [(1, "Mia", 30), (2, "Noa", 20)]
    assert week["me"] == {"rank": 2, "points": 20}
    assert week["generated_at"] == "2026-11-02T09:45:00Z"  # when these standings were computed

    # Noa (Engineering) earns: the boards of everyone and of Engineering, every live period, and no other.
    assert adjust(aws, org, noa, 15, first + timedelta(minutes=20)).status == 201
    third = first + timedelta(minutes=30)
    assert run(third) == both_copies(org, third, ("all", eng), PERIODS)
    for period in PERIODS:
        now = board(aws, noa, period)
        assert [(e["rank"], e["name"], e["points"]) for e in now["entries"]] == [
            (1, "Noa", 35),
            (2, "Mia", 30),
        ]
        assert now["me"] == {"rank": 1, "points": 35} and now["generated_at"] == "2026-11-02T10:15:00Z"
    assert board(aws, mia, "week", group=sales)["generated_at"] == "2026-11-02T09:45:00Z"
    assert board(aws, mia, "week", group=sales)["me"] == {"rank": 1, "points": 30}
    assert [e["points"] for e in board(aws, noa, "week", group=eng)["entries"]] == [35]


def test_a_name_or_a_member_leaving_rewrites_the_boards_showing_them(aws: Env, org: dict[str, Any]) -> None:
    admin, (mia, noa) = org["admin"], org["members"]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    adjust(aws, org, mia, 10, MONDAY)
    first = MONDAY + timedelta(minutes=15)
    run(first)
    r = aws.call("PATCH", f"/members/{mia['member_id']}", who=admin, body={"name": "Mia J."})
    assert r.status == 200, r.body
    assert run(first + timedelta(minutes=15)) == both_copies(org, first, ("all", sales), PERIODS)
    assert board(aws, noa, "all")["entries"][0]["name"] == "Mia J."
    # Noa has no points, so appears in no entries, but counts in every board of hers (members, histogram).
    aws.call("PATCH", f"/members/{noa['member_id']}", who=admin, body={"status": "deactivated"})
    assert run(first + timedelta(minutes=30)) == both_copies(org, first, ("all", eng), PERIODS)
    assert board(aws, mia, "all")["me"] == {"rank": 1, "points": 10}


def test_a_period_that_ends_is_finalised_and_the_next_one_written(aws: Env, org: dict[str, Any]) -> None:
    """Sunday 23:30 in Paris is the end of week 45: the run after it writes week 45's final boards and
    week 46's (empty) ones, though no score changed; the month, quarter and all-time ones are unchanged."""
    mia = org["members"][0]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    aws.call("PATCH", "/org", who=org["admin"], body={"timezone": "Europe/Paris"})
    adjust(aws, org, mia, 10, MONDAY)
    sunday_late = datetime(2026, 11, 8, 22, 30, tzinfo=UTC)
    run(sunday_late)
    assert run(sunday_late + timedelta(minutes=15)) == []
    monday = sunday_late + timedelta(hours=1)
    scopes = ("all", sales, eng)
    finalised = [f"week#2026-W45#{scope}" for scope in scopes]
    assert run(monday) == sorted(finalised + both_copies(org, monday, scopes, ["week"]))
    past = board(aws, mia, "week", period_key="2026-W45")
    assert [(e["rank"], e["name"], e["points"]) for e in past["entries"]] == [(1, "Mia", 10)]
    assert past["me"] == {"rank": 1, "points": 10}
    assert board(aws, mia, "week")["period_key"] == "2026-W46" and board(aws, mia, "week")["entries"] == []
    assert run(monday + timedelta(minutes=15)) == []  # the final board is not built again
    assert board(aws, mia, "month")["entries"][0]["points"] == 10
