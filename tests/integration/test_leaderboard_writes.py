"""Decision 98: the leaderboards job rewrites a scope's live boards (one item, decision 102) only when
what a reader sees of them changed, and records every run in the org's `checked` item (fingerprints,
and the time that orders the orgs)."""

from __future__ import annotations

import json
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


def live_items(scopes: Iterable[str]) -> list[str]:
    """The sort keys of the live items of `scopes`: each scope's boards of every period in one item
    (decision 102)."""
    from advocacy.store import boards

    return sorted(boards.live_sk(scope) for scope in scopes)


def test_an_unchanged_board_is_not_written_again_and_a_changed_one_is(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    for who, points in ((mia, 30), (noa, 20)):
        assert adjust(aws, org, who, points, MONDAY).status == 201
    first = MONDAY + timedelta(minutes=15)
    # The first run also finalises the previous week, month and quarter (never built here).
    assert set(live_items(("all", sales, eng))) <= set(run(first))

    assert run(first + timedelta(minutes=15)) == []  # no score changed: no board written
    week = board(aws, noa, "week")
    assert [(e["rank"], e["name"], e["points"]) for e in week["entries"]] == [(1, "Mia", 30), (2, "Noa", 20)]
    assert week["me"] == {"rank": 2, "points": 20}
    assert week["generated_at"] == "2026-11-02T09:45:00Z"  # when these standings were computed

    # Noa (Engineering) earns: the boards of everyone and of Engineering, every live period, and no other.
    assert adjust(aws, org, noa, 15, first + timedelta(minutes=20)).status == 201
    third = first + timedelta(minutes=30)
    assert run(third) == live_items(("all", eng))
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
    assert run(first + timedelta(minutes=15)) == live_items(("all", sales))
    assert board(aws, noa, "all")["entries"][0]["name"] == "Mia J."
    # Noa has no points, so appears in no entries, but counts in every board of hers (members, histogram).
    aws.call("PATCH", f"/members/{noa['member_id']}", who=admin, body={"status": "deactivated"})
    assert run(first + timedelta(minutes=30)) == live_items(("all", eng))
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
    # The live week is stored as the current board only; its own period key reads it too.
    live = board(aws, mia, "week", period_key="2026-W45")
    assert live["period_key"] == "2026-W45" and [e["points"] for e in live["entries"]] == [10]
    monday = sunday_late + timedelta(hours=1)
    scopes = ("all", sales, eng)
    finalised = [f"week#2026-W45#{scope}" for scope in scopes]
    assert run(monday) == sorted(finalised + live_items(scopes))
    past = board(aws, mia, "week", period_key="2026-W45")
    assert [(e["rank"], e["name"], e["points"]) for e in past["entries"]] == [(1, "Mia", 10)]
    assert past["me"] == {"rank": 1, "points": 10}
    assert board(aws, mia, "week")["period_key"] == "2026-W46" and board(aws, mia, "week")["entries"] == []
    assert board(aws, mia, "week", period_key="2026-W46")["generated_at"] == "2026-11-08T23:30:00Z"
    assert board(aws, mia, "week", period_key="2026-W47")["generated_at"] is None  # not built yet
    assert run(monday + timedelta(minutes=15)) == []  # the final board is not built again
    assert board(aws, mia, "month")["entries"][0]["points"] == 10


def _legacy_board(org_id: str, key: str, entries: list[dict[str, Any]], final: bool, at: str) -> None:
    """A board as a version before decision 101 wrote it: under its period key, entries as JSON text."""
    import boto3

    from advocacy.store.models import BoardModel

    item = {
        "org_id": {"S": org_id},
        "sk": {"S": f"week#{key}#all"},
        "period": {"S": "week"},
        "period_key": {"S": key},
        "scope": {"S": "all"},
        "generated_at": {"S": at},
        "final": {"BOOL": final},
        "entries": {"S": json.dumps(entries, separators=(",", ":"))},
        "histogram": {"S": ",".join(f"{e['points']}:1" for e in entries)},
        "histogram_pages": {"S": ""},
        "members": {"N": str(len(entries))},
    }
    boto3.client("dynamodb").put_item(TableName=BoardModel.Meta.table_name, Item=item)


def test_boards_written_before_decision_102_still_read_and_are_renamed(aws: Env, org: dict[str, Any]) -> None:
    """Before decisions 101 and 102 a live board was written under its period key too, and entries
    were text: such a copy loses to the newer live item, and a final board of that kind still reads
    (and is renamed on an erasure, as the live boards are)."""
    from advocacy.store import erasure_records
    from advocacy.store.models import BoardModel

    mia, org_id = org["members"][0], org["org"]["org_id"]
    adjust(aws, org, mia, 10, MONDAY)
    run(MONDAY + timedelta(minutes=15))
    old = {"rank": 1, "member_id": mia["member_id"], "name": "Mia", "points": 7}
    _legacy_board(org_id, "2026-W45", [{**old, "name": "Stale"}], False, "2026-11-02T09:00:00.000000+0000")
    _legacy_board(org_id, "2026-W44", [old], True, "2026-11-02T00:05:00.000000+0000")

    live = board(aws, mia, "week", period_key="2026-W45")
    assert [(e["name"], e["points"]) for e in live["entries"]] == [("Mia", 10)]
    past = board(aws, mia, "week", period_key="2026-W44")
    assert [(e["rank"], e["name"], e["points"]) for e in past["entries"]] == [(1, "Mia", 7)]
    assert past["me"] == {"rank": 1, "points": 7}

    assert erasure_records.rename_in_boards(org_id, mia["member_id"]) == 0
    renamed = BoardModel.get(org_id, "week#2026-W44#all")
    assert [e["name"] for e in renamed.entries] == ["Former member"]
    assert board(aws, mia, "week", period_key="2026-W44")["entries"][0]["name"] == "Former member"
    for period in PERIODS:
        assert [e["name"] for e in board(aws, mia, period)["entries"]] == ["Former member"]
