"""Members and the caller's own profile (/me)."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.domain.languages import Language
from advocacy.domain.roles import Role, Status
from advocacy.schemas.common import (
    OPTIONAL_LINE,
    WHITE_SPACE,
    DisplayName,
    Documented,
    GroupIds,
    Id,
    MaxLength,
    OneLine,
    SearchText,
    one_of,
)
from advocacy.schemas.example_ids import (
    EXAMPLE_GROUP_ID,
    EXAMPLE_MEMBER_ID,
    EXAMPLE_ORG_ID,
    EXAMPLE_OTHER_GROUP_ID,
    EXAMPLE_OTHER_MEMBER_ID,
)
from advocacy.schemas.shapes import Page, Shape, Strict, examples

if TYPE_CHECKING:
    RoleName = Role
    StatusName = Status
else:
    RoleName = one_of(Role)
    StatusName = one_of(Status)
Digest = Literal["off", "daily", "weekly"]
# A search of members (`GET /members?q=`).
MemberSearch = Annotated[SearchText, Field(description="Part of the name or email, any case")]
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


MEMBER_EXAMPLE = {
    "member_id": EXAMPLE_MEMBER_ID,
    "email": "ava@acme.example",
    "name": "Ava Engineer",
    "role": "member",
    "groups": [EXAMPLE_GROUP_ID],
    "status": "active",
    "created_at": "2026-09-14T08:12:40Z",
    "last_active_at": "2026-11-02T09:14:05Z",
    "erased_at": None,
}


class MemberOut(Shape):
    model_config = examples(MEMBER_EXAMPLE)

    member_id: str
    email: str
    name: str
    role: RoleName
    groups: GroupIds
    status: StatusName
    created_at: datetime
    last_active_at: datetime | None = Field(
        description="When the member last shared; null before their first share"
    )
    erased_at: datetime | None = Field(
        description="When an admin erased the member's personal data (`POST /members/{member_id}/erase`): "
        'their name is then "Former member" and their email empty; null otherwise',
    )


class MemberPage(Page):
    model_config = examples(
        {
            "items": [
                MEMBER_EXAMPLE,
                {
                    **MEMBER_EXAMPLE,
                    "member_id": EXAMPLE_OTHER_MEMBER_ID,
                    "email": "ben@acme.example",
                    "name": "Ben Engineer",
                    "status": "deactivated",
                    "last_active_at": None,
                },
            ],
            "next_cursor": None,
        }
    )

    items: list[MemberOut]


class MemberCreate(Strict):
    model_config = examples(
        {
            "email": "dana@acme.example",
            "name": "Dana Designer",
            "role": "member",
            "groups": [EXAMPLE_GROUP_ID],
        }
    )

    email: Email
    name: DisplayName
    role: RoleName
    groups: list[Id] = Field(default_factory=list, max_length=50)
    language: Language | None = Field(
        default=None,
        description="The language of the invitation email (`en` or `it`), kept as the member's until they "
        "choose one; English when absent",
    )


class MemberPatch(Strict):
    model_config = examples(
        {"role": "manager", "groups": [EXAMPLE_GROUP_ID, EXAMPLE_OTHER_GROUP_ID]},
        {"status": "deactivated"},
    )

    name: DisplayName | None = None
    role: RoleName | None = None
    groups: list[Id] | None = Field(default=None, max_length=50)
    status: StatusName | None = None


class NetworkProfile(Strict):
    model_config = examples({"handle": "ava-engineer", "followers": 1200})

    handle: (
        Annotated[str, StringConstraints(strip_whitespace=True), OneLine, OPTIONAL_LINE, MaxLength(200)]
        | None
    ) = None
    followers: int | None = Field(default=None, ge=0, le=1_000_000_000)


class NetworksPatch(Strict):
    model_config = examples(
        {"linkedin": {"handle": "ava-engineer", "followers": 1200}, "x": {"followers": 310}}
    )

    linkedin: NetworkProfile | None = None
    x: NetworkProfile | None = None
    facebook: NetworkProfile | None = None


class NetworkOut(Shape):
    model_config = examples({"handle": "ava-engineer", "followers": 1200})

    handle: str | None = None
    followers: int = 0


class Points(Shape):
    model_config = examples({"balance": 240, "lifetime": 390})

    balance: int
    lifetime: int


class NextLevel(Shape):
    model_config = examples({"level": 4, "points": 600, "remaining": 210})

    level: int
    points: int = Field(description="The lifetime points that reach it")
    remaining: int = Field(description="The lifetime points still to earn")


class NextBadge(Shape):
    model_config = examples({"badge": "ten_shares", "counter": "shares", "count": 3, "target": 10})

    badge: str
    counter: Literal["shares", "unique_clicks"] = Field(description="What earns it")
    count: int = Field(description="The member's count so far")
    target: int = Field(description="The count that earns it")


class MeOut(Shape):
    model_config = examples(
        {
            "member_id": EXAMPLE_MEMBER_ID,
            "org_id": EXAMPLE_ORG_ID,
            "email": "ava@acme.example",
            "name": "Ava Engineer",
            "role": "member",
            "groups": [EXAMPLE_GROUP_ID],
            "networks": {
                "linkedin": {"handle": "ava-engineer", "followers": 1200},
                "x": {"handle": "@ava_builds", "followers": 310},
            },
            "digest": "weekly",
            "language": "en",
            "points": {"balance": 240, "lifetime": 390},
            "level": 3,
            "next_level": {"level": 4, "points": 600, "remaining": 210},
            "badges": ["first_share", "ten_shares"],
            "next_badge": {"badge": "hundred_shares", "counter": "shares", "count": 12, "target": 100},
        }
    )

    member_id: str
    org_id: str
    email: str
    name: str
    role: RoleName
    groups: GroupIds
    networks: dict[str, NetworkOut]
    digest: Digest
    language: Language | None = Field(
        description="The language the member chose in the web app, which their digest emails use too; "
        "null until they choose one (digests are then in English)"
    )
    points: Points
    level: int
    next_level: NextLevel | None = Field(
        description="The level after the caller's; null at the org's last level"
    )
    badges: list[str]
    next_badge: NextBadge | None = Field(
        description="The milestone badge the caller is nearest to earning; null once all are earned"
    )


class MePatch(Strict):
    model_config = examples(
        {"name": "Ava Engineer", "digest": "weekly", "language": "it"},
        {"networks": {"linkedin": {"handle": "ava-engineer", "followers": 1200}}},
    )

    name: DisplayName | None = None
    networks: NetworksPatch | None = None
    digest: Digest | None = None
    language: Language | None = None
