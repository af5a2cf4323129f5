"""The rewards catalog and redemptions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.schemas.common import STRIPPED_TEXT, MaxLength, MultiLine, Name, Patch, Shape, Strict, not_null

RedemptionStatus = Literal["pending", "approved", "rejected"]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True), MultiLine, STRIPPED_TEXT, MaxLength(2000)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True), MultiLine, STRIPPED_TEXT, MaxLength(1000)]
Cost = Annotated[int, Field(ge=1, le=100_000_000)]
Stock = Annotated[int, Field(ge=0, le=1_000_000_000)]
PerMemberLimit = Annotated[int, Field(ge=1, le=1_000_000)]


class RewardOut(Shape):
    reward_id: str
    name: str
    description: str | None
    cost: int
    stock: int | None = Field(description="Units left; null means unlimited")
    per_member_limit: int | None = Field(description="Redemptions allowed per member; null means unlimited")
    active: bool
    created_at: datetime


class RewardPage(Shape):
    items: list[RewardOut]
    next_cursor: str | None


class RewardCreate(Strict):
    name: Name
    description: Description | None = None
    cost: Cost
    stock: Stock | None = Field(default=None, description="Absent or null: unlimited")
    per_member_limit: PerMemberLimit | None = Field(default=None, description="Absent or null: unlimited")
    active: bool = True


class RewardPatch(Patch):
    """Only the fields sent change. Null makes `stock` or `per_member_limit` unlimited and clears
    `description`; `name`, `cost` and `active` cannot be null (a 422, so the document offers no null)."""

    name: Name | None = Field(default=None, json_schema_extra=not_null)
    description: Description | None = None
    cost: Cost | None = Field(default=None, json_schema_extra=not_null)
    stock: Stock | None = None
    per_member_limit: PerMemberLimit | None = None
    active: bool | None = Field(default=None, json_schema_extra=not_null)


class RedemptionOut(Shape):
    redemption_id: str
    reward_id: str
    reward_name: str | None
    member_id: str
    status: RedemptionStatus
    cost: int
    note: str | None
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None


class RedemptionCreated(RedemptionOut):
    balance: int = Field(description="The member's balance after the redemption")


class RedemptionPage(Shape):
    items: list[RedemptionOut]
    next_cursor: str | None


class RedemptionReject(Strict):
    note: Note | None = None
