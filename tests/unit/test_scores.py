"""The score item's update and its bounds: what an award adds and removes, which names go stale, and
its size with every period and a few running contests."""

from __future__ import annotations

from datetime import UTC, datetime

from advocacy.domain.periods import board_keys
from advocacy.store import scores
from bench.meter import item_size

AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 2026-W49, 2026-12, 2026-Q4
CONTEST = "f" * 32  # ids are 32 hex digits


def _serialized(actions: list) -> list[str]:
    names: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    out = [action.serialize(names, values) for action in actions]
    by_placeholder = {placeholder: name for name, placeholder in names.items()}
    return [
        " ".join(by_placeholder.get(word, values.get(word, {}).get("N", word)) for word in text.split())
        for text in out
    ]


def test_an_award_adds_to_each_board_and_removes_the_key_before_the_previous() -> None:
    boards = [
        *(scores.period_board(p, k) for p, k in board_keys(AT, "UTC").items()),
        scores.contest_board(CONTEST),
    ]
    text = _serialized(scores.award_actions(boards, points=5, shares=1))
    assert text == [
        "week:2026-W49#points 5",
        "month:2026-12#points 5",
        "quarter:2026-Q4#points 5",
        "all:all#points 5",
        f"contest:{CONTEST}#points 5",
        f"contest:{CONTEST}#shares 1",
        "month:2026-10#points",
        "quarter:2026-Q2#points",
        "week:2026-W47#points",
    ]
    assert scores.award_actions(boards, points=0) == []  # nothing counted: no update at all
    # A click counted on contests only: the period boards rank by points.
    assert _serialized(scores.award_actions(boards, points=0, clicks=1))[0] == f"contest:{CONTEST}#clicks 1"


def test_stale_names_are_older_periods_and_contests_not_running() -> None:
    held = [
        "week:2026-W49#points",
        "week:2026-W48#points",
        "week:2026-W47#points",
        "week:2025-W52#points",
        "quarter:2026-Q3#points",
        "quarter:2026-Q2#points",
        "all:all#points",
        f"contest:{CONTEST}#points",
        "contest:closed#shares",
    ]
    stale = scores.stale_names(held, board_keys(AT, "UTC"), {CONTEST})
    assert stale == [
        "week:2026-W47#points",
        "week:2025-W52#points",
        "quarter:2026-Q2#points",
        "contest:closed#shares",
    ]


def test_an_item_with_every_period_and_four_running_contests_stays_within_one_kilobyte() -> None:
    """Two write units in a transaction: keys, seven period names, three names per contest, all with
    large values."""
    item = {"board": {"S": scores.partition("a" * 32, 7)}, "member_id": {"S": "b" * 36}}
    item[scores.FOLDED] = {"BOOL": True}
    keys = board_keys(AT, "UTC")
    for period, key in keys.items():
        item[scores.name(scores.period_board(period, key))] = {"N": "1234567"}
    for period, key in (("week", "2026-W48"), ("month", "2026-11"), ("quarter", "2026-Q3")):
        item[scores.name(scores.period_board(period, key))] = {"N": "1234567"}
    for n in range(4):
        for metric in scores.METRICS:
            item[scores.name(scores.contest_board(f"{n}" * 32), metric)] = {"N": "123456"}
    assert item_size(item) < 1024


def test_the_shard_is_stable_and_spread() -> None:
    assert scores.shard("member-1") == scores.shard("member-1")
    assert len({scores.shard(f"member-{n}") for n in range(200)}) == scores.SHARDS
