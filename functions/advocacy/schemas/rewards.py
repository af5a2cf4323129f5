"""The rewards catalog and redemptions."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.schemas.common import REQUIRED_TEXT, STRIPPED_TEXT, MaxLength, MultiLine, Name
from advocacy.schemas.example_ids import (
    EXAMPLE_ADMIN_ID,
    EXAMPLE_MEMBER_ID,
    EXAMPLE_REDEMPTION_ID,
    EXAMPLE_REWARD_ID,
)
from advocacy.schemas.shapes import Page, Patch, Shape, Strict, examples, not_null

RedemptionStatus = Literal["pending", "approved", "rejected"]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True), MultiLine, STRIPPED_TEXT, MaxLength(2000)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True), MultiLine, STRIPPED_TEXT, MaxLength(1000)]
# A note a decision must give (a rejection, a decline): not blank once stripped, as documented.
RequiredNote = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), MultiLine, REQUIRED_TEXT, MaxLength(1000)
]
Cost = Annotated[int, Field(ge=1, le=100_000_000)]
Stock = Annotated[int, Field(ge=0, le=1_000_000_000)]
PerMemberLimit = Annotated[int, Field(ge=1, le=1_000_000)]

REWARD_EXAMPLE = {
    "reward_id": EXAMPLE_REWARD_ID,
    "name": "Company hoodie",
    "description": "Navy, organic cotton, with the Acme robot on the back.",
    "cost": 50,
    "stock": 19,
    "per_member_limit": 1,
    "active": True,
    "created_at": "2026-10-20T12:00:00Z",
}
REDEMPTION_EXAMPLE = {
    "redemption_id": EXAMPLE_REDEMPTION_ID,
    "reward_id": EXAMPLE_REWARD_ID,
    "reward_name": "Company hoodie",
    "member_id": EXAMPLE_MEMBER_ID,
    "status": "pending",
    "cost": 50,
    "note": None,
    "contest_id": None,
    "created_at": "2026-11-02T11:02:47Z",
    "decided_at": None,
    "decided_by": None,
}
REDEMPTION_DECIDED_EXAMPLE = {
    **REDEMPTION_EXAMPLE,
    "redemption_id": "01a18bd2a4007e0c93f1d25ab6e84c19",
    "created_at": "2026-10-30T08:00:00Z",
    "status": "rejected",
    "note": "Out of hoodies in your size; your points are back.",
    "decided_at": "2026-11-03T10:00:00Z",
    "decided_by": EXAMPLE_ADMIN_ID,
}


class RewardOut(Shape):
    model_config = examples(REWARD_EXAMPLE)

    reward_id: str
    name: str
    description: str | None
    cost: int
    stock: int | None = Field(description="Units left; null means unlimited")
    per_member_limit: int | None = Field(description="Redemptions allowed per member; null means unlimited")
    active: bool
    created_at: datetime


class RewardPage(Page):
    model_config = examples(
        {
            "items": [
                REWARD_EXAMPLE,
                {
                    "reward_id": "01a149325dc0c2b7f05d9a6e41c83b27",
                    "name": "Coffee with the CEO",
                    "description": None,
                    "cost": 200,
                    "stock": None,
                    "per_member_limit": None,
                    "active": True,
                    "created_at": "2026-10-17T09:30:00Z",
                },
            ],
            "next_cursor": None,
        }
    )

    items: list[RewardOut]


class RewardCreate(Strict):
    model_config = examples(
        {
            "name": "Company hoodie",
            "description": "Navy, organic cotton, with the Acme robot on the back.",
            "cost": 50,
            "stock": 20,
            "per_member_limit": 1,
        },
        {"name": "Coffee with the CEO", "cost": 200, "active": False},
    )

    name: Name
    description: Description | None = None
    cost: Cost
    stock: Stock | None = Field(default=None, description="Absent or null: unlimited")
    per_member_limit: PerMemberLimit | None = Field(default=None, description="Absent or null: unlimited")
    active: bool = True


class RewardPatch(Patch):
    """Only the fields sent change. Null makes `stock` or `per_member_limit` unlimited and clears
    `description`; `name`, `cost` and `active` cannot be null (a 422, so the document offers no null)."""

    model_config = examples({"cost": 60, "stock": 40}, {"active": False}, {"per_member_limit": None})

    name: Name | None = Field(default=None, json_schema_extra=not_null)
    description: Description | None = None
    cost: Cost | None = Field(default=None, json_schema_extra=not_null)
    stock: Stock | None = None
    per_member_limit: PerMemberLimit | None = None
    active: bool | None = Field(default=None, json_schema_extra=not_null)


class RedemptionOut(Shape):
    model_config = examples(REDEMPTION_EXAMPLE, REDEMPTION_DECIDED_EXAMPLE)

    redemption_id: str
    reward_id: str
    reward_name: str | None
    member_id: str
    status: RedemptionStatus
    cost: int
    note: str | None
    contest_id: str | None = Field(
        default=None, description="The contest this reward was won in (a prize costs nothing); null otherwise"
    )
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None


class RedemptionCreated(RedemptionOut):
    model_config = examples({**REDEMPTION_EXAMPLE, "balance": 190})

    balance: int = Field(description="The member's balance after the redemption")


class RedemptionPage(Page):
    model_config = examples({"items": [REDEMPTION_EXAMPLE, REDEMPTION_DECIDED_EXAMPLE], "next_cursor": None})

    items: list[RedemptionOut]


class RedemptionReject(Strict):
    model_config = examples({"note": "Out of hoodies in your size; your points are back."})

    note: Note | None = None
