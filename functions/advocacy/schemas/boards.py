"""Leaderboards, contests and point adjustments."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from advocacy.schemas.common import REQUIRED_LINE, GroupIds, Id, MaxLength, Moment, Name, OneLine
from advocacy.schemas.example_ids import (
    EXAMPLE_CONTEST_ID,
    EXAMPLE_GROUP_ID,
    EXAMPLE_MEMBER_ID,
    EXAMPLE_OTHER_MEMBER_ID,
    EXAMPLE_REWARD_ID,
)
from advocacy.schemas.shapes import Page, Shape, Strict, examples

Period = Literal["week", "month", "quarter", "all"]

ENTRIES_EXAMPLE = [
    {"rank": 1, "member_id": EXAMPLE_OTHER_MEMBER_ID, "name": "Ben Engineer", "points": 120},
    {"rank": 2, "member_id": EXAMPLE_MEMBER_ID, "name": "Ava Engineer", "points": 95},
    {"rank": 2, "member_id": "9a3e51c2-6b0d-4f7e-8c14-2d5b7e90a6f3", "name": "Cleo Seller", "points": 95},
]
PRIZES_EXAMPLE: list[dict[str, Any]] = [
    {"place": 1, "points": 500, "badge": "share_champion"},
    {"place": 2, "reward_id": EXAMPLE_REWARD_ID},
    {"place": 3, "points": 100},
]
# As answers carry them: every field, null where the prize gives no such thing.
PRIZES_ANSWERED = [{"points": None, "reward_id": None, "badge": None, **prize} for prize in PRIZES_EXAMPLE]
STANDINGS_EXAMPLE = [
    {"rank": 1, "member_id": EXAMPLE_OTHER_MEMBER_ID, "name": "Ben Engineer", "score": 14},
    {"rank": 2, "member_id": EXAMPLE_MEMBER_ID, "name": "Ava Engineer", "score": 9},
]
CONTEST_EXAMPLE = {
    "contest_id": EXAMPLE_CONTEST_ID,
    "name": "November Share-a-thon",
    "starts_at": "2026-11-02T09:00:00Z",
    "ends_at": "2026-11-30T18:00:00Z",
    "metric": "shares",
    "groups": [EXAMPLE_GROUP_ID],
    "prizes": PRIZES_ANSWERED,
    "min_score": 3,
    "status": "running",
    "standings": STANDINGS_EXAMPLE,
}


class BoardEntry(Shape):
    model_config = examples(ENTRIES_EXAMPLE[0])

    rank: int
    member_id: str
    name: str
    points: int


class MyRank(Shape):
    model_config = examples({"rank": 2, "points": 97})

    rank: int
    points: int


class Leaderboard(Shape):
    model_config = examples(
        {
            "period": "week",
            "period_key": "2026-W45",
            "generated_at": "2026-11-04T16:15:00Z",
            "entries": ENTRIES_EXAMPLE,
            "me": {"rank": 2, "points": 97},
        },
        {"period": "month", "period_key": "", "generated_at": None, "entries": [], "me": None},
    )

    period: Period
    period_key: str
    generated_at: datetime | None
    entries: list[BoardEntry]
    me: MyRank | None


class Adjustment(Strict):
    model_config = examples(
        {"points": 50, "reason": "Spoke at the October meetup"},
        {"points": -20, "reason": "Duplicate share removed"},
    )

    points: int = Field(ge=-1_000_000, le=1_000_000, json_schema_extra={"not": {"const": 0}})
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1), OneLine, REQUIRED_LINE, MaxLength(500)
    ]


class Prize(Strict):
    """A prize gives points, a reward or a badge (or several of them)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
                for name in ("points", "reward_id", "badge")
            ],
            "examples": [*PRIZES_EXAMPLE],
        }
    )

    place: int = Field(ge=1, le=1000)
    points: int | None = Field(default=None, ge=1, le=1_000_000)
    reward_id: Id | None = None
    badge: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z0-9_]{1,40}$")] | None = None


class ContestCreate(Strict):
    model_config = examples(
        {
            "name": "November Share-a-thon",
            "starts_at": "2026-11-02T09:00:00Z",
            "ends_at": "2026-11-30T18:00:00Z",
            "metric": "shares",
            "groups": [EXAMPLE_GROUP_ID],
            "prizes": PRIZES_EXAMPLE,
            "min_score": 3,
        },
        {
            "name": "Click challenge",
            "starts_at": "2026-12-01T00:00:00+01:00",
            "ends_at": "2026-12-08T00:00:00+01:00",
            "metric": "clicks",
        },
    )

    name: Name
    starts_at: Moment
    ends_at: Moment
    metric: Literal["points", "shares", "clicks"]
    groups: list[Id] = Field(default_factory=list, max_length=50)
    prizes: list[Prize] = Field(default_factory=list, max_length=100)
    min_score: int = Field(default=0, ge=0, le=1_000_000_000)


class Standing(Shape):
    model_config = examples(STANDINGS_EXAMPLE[0])

    rank: int
    member_id: str
    name: str
    score: int


class ContestOut(Shape):
    model_config = examples(CONTEST_EXAMPLE)

    contest_id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    metric: Literal["points", "shares", "clicks"]
    groups: GroupIds
    prizes: list[Prize]
    min_score: int
    status: Literal["upcoming", "running", "closed"]
    standings: list[Standing]


class ContestPage(Page):
    model_config = examples({"items": [{**CONTEST_EXAMPLE, "standings": []}], "next_cursor": None})

    items: list[ContestOut]
