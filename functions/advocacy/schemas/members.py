"""Members and the caller's own profile (/me)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.domain.roles import Role, Status
from advocacy.schemas.common import (
    OPTIONAL_LINE,
    WHITE_SPACE,
    Documented,
    Id,
    MaxLength,
    Name,
    OneLine,
    Shape,
    Strict,
    one_of,
)

if TYPE_CHECKING:
    RoleName = Role
    StatusName = Status
else:
    RoleName = one_of(Role)
    StatusName = one_of(Status)
Digest = Literal["off", "daily", "weekly"]
# An address is the member's Cognito user name: at most 128 characters, and an address the pool
# takes as one (the form the local emulator checks: ASCII letters, digits and `._%+-`, starting with
# a letter, a digit or `_`, an @, a domain with a top-level part of two letters or more; an
# internationalized domain in its xn-- form).
EMAIL_MAX_LENGTH = 128
_EMAIL = "[A-Za-z0-9_][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=f"^{_EMAIL}$"),
    OneLine,
    # The same rule as written for clients: the white space around it is trimmed first.
    Documented(pattern=f"^[{WHITE_SPACE}]*{_EMAIL}[{WHITE_SPACE}]*$"),
    MaxLength(EMAIL_MAX_LENGTH),
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
    handle: (
        Annotated[str, StringConstraints(strip_whitespace=True), OneLine, OPTIONAL_LINE, MaxLength(200)]
        | None
    ) = None
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
