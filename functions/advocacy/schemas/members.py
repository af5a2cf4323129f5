"""Members and the caller's own profile (/me)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.schemas.common import Id, Name, OneLine, Shape, Strict

RoleName = Literal["admin", "manager", "member"]
StatusName = Literal["active", "deactivated"]
Digest = Literal["off", "daily", "weekly"]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    ),
    OneLine,
]


class MemberOut(Shape):
    member_id: str
    email: str
    name: str
    role: RoleName
    groups: list[str]
    status: StatusName
    created_at: datetime


class MemberPage(Shape):
    items: list[MemberOut]
    next_cursor: str | None


class MemberCreate(Strict):
    email: Email
    name: Name
    role: RoleName
    groups: list[Id] = Field(default_factory=list, max_length=50)


class MemberPatch(Strict):
    name: Name | None = None
    role: RoleName | None = None
    groups: list[Id] | None = Field(default=None, max_length=50)
    status: StatusName | None = None


class NetworkProfile(Strict):
    handle: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine] | None = None
    followers: int | None = Field(default=None, ge=0, le=1_000_000_000)


class NetworksPatch(Strict):
    linkedin: NetworkProfile | None = None
    x: NetworkProfile | None = None
    facebook: NetworkProfile | None = None


class NetworkOut(Shape):
    handle: str | None = None
    followers: int = 0


class Points(Shape):
    balance: int
    lifetime: int


class MeOut(Shape):
    member_id: str
    org_id: str
    email: str
    name: str
    role: RoleName
    groups: list[str]
    networks: dict[str, NetworkOut]
    digest: Digest
    points: Points
    level: int
    badges: list[str]


class MePatch(Strict):
    name: Name | None = None
    networks: NetworksPatch | None = None
    digest: Digest | None = None
