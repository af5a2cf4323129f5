"""The org's settings and its groups."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from advocacy.schemas.common import Documented, Money, Name, OneLine, Shape, Strict


class PointRules(Shape):
    share: int = Field(ge=0, le=10_000)
    click: int = Field(ge=0, le=10_000)
    click_daily_cap_per_share: int = Field(ge=0, le=100_000)
    content_submission: int = Field(ge=0, le=10_000)


class PointRulesPatch(Strict):
    share: int | None = Field(default=None, ge=0, le=10_000)
    click: int | None = Field(default=None, ge=0, le=10_000)
    click_daily_cap_per_share: int | None = Field(default=None, ge=0, le=100_000)
    content_submission: int | None = Field(default=None, ge=0, le=10_000)


class Emv(Shape):
    cpm: float = Field(ge=0, le=100_000)
    cpc: float = Field(ge=0, le=100_000)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class EmvPatch(Strict):
    cpm: Money | None = None
    cpc: Money | None = None
    currency: Annotated[str, StringConstraints(max_length=3, pattern=r"^[A-Z]{3}$")] | None = None


class OrgOut(Shape):
    org_id: str
    name: str
    timezone: str
    point_rules: PointRules
    emv: Emv
    default_content_ttl_days: int
    created_at: datetime
    updated_at: datetime


class OrgPatch(Strict):
    name: Name | None = None
    timezone: (
        Annotated[
            str,
            StringConstraints(min_length=1, max_length=64),
            OneLine,
            Documented(pattern=r"^[A-Za-z0-9_+/-]+$"),  # the characters of IANA names
            Field(description="An IANA time zone name, e.g. Europe/Paris"),
        ]
        | None
    ) = None
    point_rules: PointRulesPatch | None = None
    emv: EmvPatch | None = None
    default_content_ttl_days: int | None = Field(default=None, ge=1, le=3650)


class GroupOut(Shape):
    group_id: str
    name: str
    members: int


class GroupPage(Shape):
    items: list[GroupOut]
    next_cursor: str | None


class GroupCreate(Strict):
    name: Name


class GroupPatch(Strict):
    name: Name
