"""Leaderboards, contests and point adjustments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from advocacy.schemas.common import REQUIRED_LINE, Id, MaxLength, Moment, Name, OneLine, Shape, Strict

Period = Literal["week", "month", "quarter", "all"]


class BoardEntry(Shape):
    rank: int
    member_id: str
    name: str
    points: int


class MyRank(Shape):
    rank: int
    points: int


class Leaderboard(Shape):
    period: Period
    period_key: str
    generated_at: datetime | None
    entries: list[BoardEntry]
    me: MyRank | None


class Adjustment(Strict):
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
            ]
        }
    )

    place: int = Field(ge=1, le=1000)
    points: int | None = Field(default=None, ge=1, le=1_000_000)
    reward_id: Id | None = None
    badge: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z0-9_]{1,40}$")] | None = None


class ContestCreate(Strict):
    name: Name
    starts_at: Moment
    ends_at: Moment
    metric: Literal["points", "shares", "clicks"]
    groups: list[Id] = Field(default_factory=list, max_length=50)
    prizes: list[Prize] = Field(default_factory=list, max_length=100)
    min_score: int = Field(default=0, ge=0, le=1_000_000_000)


class Standing(Shape):
    rank: int
    member_id: str
    name: str
    score: int


class ContestOut(Shape):
    contest_id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    metric: Literal["points", "shares", "clicks"]
    groups: list[str]
    prizes: list[Prize]
    min_score: int
    status: Literal["upcoming", "running", "closed"]
    standings: list[Standing]


class ContestPage(Shape):
    items: list[ContestOut]
    next_cursor: str | None
