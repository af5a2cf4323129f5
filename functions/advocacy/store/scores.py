"""Live scores: one score item per member, holding every board's score it counts on (decision 91).

The item is in the scores table under partition `<org_id>#live#<shard>` (the shard a stable hash of
the member id, so an org's awards spread over `SHARDS` partition keys) and sort key the member id. Its
attributes are named by board and metric: `<period>:<key>#points` for the org's period boards (`week`,
`month`, `quarter` of the current and the previous key, and `all:all`) and `contest:<id>#points`,
`#shares`, `#clicks` for each running contest. An award ADDs to the names of the boards it counts on
and, in the same update (the ledger entry's transaction, so exactly once), REMOVEs the names of each
period's key before the previous one: computed from the current key, no read. Names older than that
(a member idle for a while) and a closed contest's are removed by the leaderboards job, which reads
every item anyway (`stale_names`). So an item stays small: seven period names and three per running
contest, well under 1 KB, two write units in a transaction.

`legacy_*` read the layout the item replaced, one partition per board (`<org_id>#week:2026-W45`,
`<org_id>#contest:<id>`), for the upgrade's fold (`fold`, `python -m advocacy.ops fold-scores`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

from advocacy.domain.periods import PERIODS, previous_key
from advocacy.store.errors import update_if
from advocacy.store.models import ScoreModel
from advocacy.store.tables import connection

SHARDS = 8  # partition keys per org: awards of one org spread over them
CONTEST = "contest"
METRICS = ("points", "shares", "clicks")  # what a contest may rank by; period boards rank by points
FOLDED = "folded"  # set on an item once the upgrade's fold added the old boards' scores to it


def shard(member_id: str) -> int:
    return int(hashlib.sha256(member_id.encode()).hexdigest()[:8], 16) % SHARDS


def partition(org_id: str, number: int) -> str:
    return f"{org_id}#live#{number}"


def item(org_id: str, member_id: str) -> ScoreModel:
    """The member's score item (its key: nothing is read)."""
    return ScoreModel(board=partition(org_id, shard(member_id)), member_id=member_id)


def period_board(period: str, key: str) -> str:
    return f"{period}:{key}"


def contest_board(contest_id: str) -> str:
    return f"{CONTEST}:{contest_id}"


def name(board: str, metric: str = "points") -> str:
    """The attribute holding `metric` of `board` on a score item."""
    return f"{board}#{metric}"


def _parts(board: str) -> tuple[str, str]:
    kind, _, key = board.partition(":")
    return kind, key


def award_values(boards: Iterable[str], points: int, shares: int = 0, clicks: int = 0) -> dict[str, int]:
    """What an award adds to a score item, by attribute name: points on every board, a share or a
    click on contests only (the period boards rank by points); zeros left out."""
    added: dict[str, int] = {}
    for board in boards:
        counted = {"points": points}
        if _parts(board)[0] == CONTEST:
            counted |= {"shares": shares, "clicks": clicks}
        for metric, value in counted.items():
            if value:
                added[name(board, metric)] = added.get(name(board, metric), 0) + value
    return added


def add_actions(added: dict[str, int], boards: Iterable[str]) -> list[Action]:
    """ADD `added` (attribute name -> amount) and, in the same update, REMOVE each period's names
    older than the previous key of `boards` (no read: the keys are computed). Empty when nothing is
    added."""
    if not any(added.values()):
        return []
    keys = [(period, _before_previous(period, key)) for period, key in map(_parts, boards)]
    before = {name(period_board(period, key)) for period, key in keys if key}
    return [
        *(Path([attribute]).add(value) for attribute, value in added.items() if value),
        *(Path([attribute]).remove() for attribute in sorted(before - set(added))),
    ]


def award_actions(boards: Sequence[str], points: int, shares: int = 0, clicks: int = 0) -> list[Action]:
    """The score item's update for an award on `boards` (from `store.boards.award_boards`)."""
    return add_actions(award_values(boards, points, shares, clicks), boards)


def _before_previous(period: str, key: str) -> str | None:
    if period not in PERIODS or period == "all":
        return None
    previous = previous_key(period, key)
    return previous_key(period, previous) if previous else None


def stale_names(values: Iterable[str], current: dict[str, str], active_contests: set[str]) -> list[str]:
    """The names of an item no reader needs: a period's keys older than the previous one of the
    `current` keys (period -> key; keys of one period sort as their time), and the contests not in
    `active_contests`. The org's active contests must have been read after the item: a contest named
    on an item read earlier but no longer listed has been closed (its results are on the contest),
    whereas one created since would be missed on the org's list read before."""
    stale = []
    for attribute in values:
        kind, key = _parts(attribute.rsplit("#", 1)[0])
        if kind == CONTEST and key not in active_contests:
            stale.append(attribute)
        elif kind in current and kind != "all":
            previous = previous_key(kind, current[kind])
            if previous is not None and key < previous:
                stale.append(attribute)
    return stale


def drop(org_id: str, member_id: str, names: Sequence[str]) -> None:
    """Remove `names` from the member's item (names that are gone already are no error)."""
    if names:
        item(org_id, member_id).update(actions=[Path([n]).remove() for n in names])


def _numbers(raw: dict[str, Any]) -> dict[str, int]:
    return {key: int(value["N"]) for key, value in raw.items() if "N" in value}


def live(org_id: str, member_id: str) -> dict[str, int]:
    """Every score on the member's item, by attribute name (empty: nothing earned yet). One GetItem."""
    found = connection().client.get_item(
        TableName=ScoreModel.Meta.table_name,
        Key={"board": {"S": partition(org_id, shard(member_id))}, "member_id": {"S": member_id}},
    )
    return _numbers(found.get("Item") or {})


def everyone(org_id: str) -> Iterator[tuple[str, dict[str, int]]]:
    """Each member's scores (member id, attribute name -> value): one paginated Query per shard, so
    a job or a contest's standings read proportionally to the org's members with a score."""
    for number in range(SHARDS):
        result = ScoreModel.query(partition(org_id, number))
        for page in result.page_iter:
            for raw in page.get("Items", []):
                yield raw["member_id"]["S"], _numbers(raw)


def legacy_board(org_id: str, board: str) -> Iterator[ScoreModel]:
    """The scores of one board in the layout before the score item (`<org_id>#<board>`)."""
    return ScoreModel.query(f"{org_id}#{board}")


def fold(org_id: str, member_id: str, values: dict[str, int]) -> bool:
    """Add `values` (attribute name -> score from the old boards) to the member's item, once: the item
    is marked folded in the same update, on the condition it was not. Adding (not setting) keeps what
    awards added since the upgrade. False: folded already."""
    actions: list[Action] = [Path([n]).add(v) for n, v in values.items() if v]
    return update_if(
        item(org_id, member_id), [*actions, Path([FOLDED]).set(True)], Path([FOLDED]).does_not_exist()
    )
