"""The org each size measures, seeded straight into moto (not measured): N active members in G groups
and a score for every member on each of the 4 current period boards, from a seeded RNG."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from advocacy.domain.periods import PERIODS, board_keys
from advocacy.store import scores
from advocacy.store.models import (
    BoardModel,
    BoardsCheckedModel,
    GroupModel,
    HistogramPageModel,
    LiveBoardsModel,
    MemberModel,
    OrgModel,
    ScoreModel,
)
from advocacy.store.tables import connection

TIMEZONE = "Europe/Paris"
# Wednesday of ISO week 2026-W45: the previous week, month (October) and quarter (Q3) have ended.
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
SEED_BATCH = 1000  # items per BatchWriteItem while seeding (moto accepts more than DynamoDB's 25)
MODELS: tuple[Any, ...] = (
    OrgModel,
    GroupModel,
    MemberModel,
    ScoreModel,
    BoardModel,
    HistogramPageModel,
    BoardsCheckedModel,
    LiveBoardsModel,
)


def create_tables() -> None:
    """The tables of every model the job and the read use, on demand."""
    for model in {m.Meta.table_name: m for m in MODELS}.values():
        model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def _write_all(model: Any, items: Iterable[Any]) -> None:
    with model.batch_write() as batch:
        batch.max_operations = SEED_BATCH
        for item in items:
            batch.save(item)


def _scores(rng: random.Random, all_time: int | None) -> dict[str, int]:
    """One member's points per period: all-time Pareto-distributed (or `all_time`), each period a
    share of the longer one, and half of the members idle this week."""
    everything = int(rng.paretovariate(1.16) * 20) - 20 if all_time is None else all_time
    quarter = int(everything * rng.random())
    month = int(quarter * rng.random())
    week = 0 if rng.random() < 0.5 else int(month * rng.random())
    return {"week": week, "month": month, "quarter": quarter, "all": everything}


SYLLABLES = [
    "an",
    "be",
    "chi",
    "da",
    "el",
    "fa",
    "gio",
    "ka",
    "li",
    "ma",
    "ne",
    "no",
    "ol",
    "pa",
    "ri",
    "ro",
    "sa",
    "si",
    "ta",
    "te",
    "ul",
    "va",
    "vi",
    "za",
]


def _name(rng: random.Random) -> str:
    """A made-up "First Last" name of random syllables: as varied as real names (the boards' entries
    are stored compressed, and repeated names would compress better than real ones do)."""

    def word(low: int, high: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()

    return f"{word(2, 3)} {word(2, 4)}"


def seed(
    size: int, group_count: int, seed_value: int, distinct: bool
) -> tuple[OrgModel, list[str], dict[str, int], dict[str, set[str]]]:
    """One org, its groups, `size` active members and their scores on the 4 current boards (with
    `distinct`, member i has i all-time points).

    Returns the org, the member ids, the number of distinct scores per period and each member's groups."""
    rng = random.Random(seed_value)
    created = NOW - timedelta(days=400)
    org_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    org = OrgModel(org_id=org_id, name="Bench Inc", timezone=TIMEZONE, created_at=created, updated_at=created)
    org.save()
    group_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(group_count)]
    _write_all(
        GroupModel,
        (
            GroupModel(org_id=org_id, sk=f"GROUP#{g}", group_id=g, name=f"Group {i}", created_at=created)
            for i, g in enumerate(group_ids)
        ),
    )
    member_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(size)]
    names = random.Random(seed_value + 1)  # its own stream: the scores and groups stay as seeded before
    member_items = []
    groups_of: dict[str, set[str]] = {}
    for i, member_id in enumerate(member_ids):
        groups = {rng.choice(group_ids)} if group_ids else set()
        if group_ids and rng.random() < 0.1:
            groups.add(rng.choice(group_ids))
        groups_of[member_id] = groups
        member_items.append(
            MemberModel(
                org_id=org_id,
                member_id=member_id,
                email=f"member{i}@bench.example",
                name=_name(names),
                role="member",
                status="active",
                groups=groups,
                networks={
                    "linkedin": {"handle": f"member-{i}", "followers": int(rng.paretovariate(1.5) * 100)}
                },
                created_at=created,
                updated_at=created,
            )
        )
    _write_all(MemberModel, member_items)
    keys = board_keys(NOW, TIMEZONE)
    seen: dict[str, set[int]] = {p: set() for p in PERIODS}
    score_items = []
    for i, member_id in enumerate(member_ids):
        item = {"board": {"S": scores.item(org_id, member_id).board}, "member_id": {"S": member_id}}
        for period, points in _scores(rng, i if distinct else None).items():
            seen[period].add(points)
            item[scores.name(scores.period_board(period, keys[period]))] = {"N": str(points)}
        score_items.append(item)
    _write_raw(ScoreModel.Meta.table_name, score_items)
    return org, member_ids, {p: len(v) for p, v in seen.items()}, groups_of


def earners(groups_of: dict[str, set[str]], count: int) -> list[str]:
    """`count` members spread over the groups: one of each group in turn (the first member of each
    not yet taken), as the points earned in 15 minutes fall on a few members of many groups."""
    by_group: dict[str, list[str]] = {}
    for member_id, groups in groups_of.items():
        by_group.setdefault(min(groups) if groups else "", []).append(member_id)
    queues = [list(reversed(members)) for _, members in sorted(by_group.items())]
    chosen: list[str] = []
    while len(chosen) < min(count, len(groups_of)):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return chosen


def earn(org: OrgModel, member_ids: list[str], points: int, at: datetime) -> None:
    """Each of `member_ids` earns `points` at `at`, on every current period board, as an award adds
    them to the score item (not measured)."""
    boards = [scores.period_board(period, key) for period, key in board_keys(at, org.timezone).items()]
    for member_id in member_ids:
        scores.item(org.org_id, member_id).update(actions=scores.award_actions(boards, points))


def _write_raw(table: str, items: list[dict[str, Any]]) -> None:
    """Score items as DynamoDB stores them (their attributes are named by board, not declared)."""
    client = connection().client
    for start in range(0, len(items), SEED_BATCH):
        chunk = items[start : start + SEED_BATCH]
        client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": i}} for i in chunk]})
