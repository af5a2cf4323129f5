"""The org's settings and its groups."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from advocacy.domain.orgs import (
    DEFAULT_FOLLOWER_LIMITS,
    DEFAULT_LIMITS,
    DEFAULT_POINT_RULES,
    MAX_FOLLOWER_LIMIT,
    Weekday,
)
from advocacy.schemas.common import DisplayName, Documented, Money, Name, OneLine
from advocacy.schemas.example_ids import EXAMPLE_GROUP_ID, EXAMPLE_ORG_ID, EXAMPLE_OTHER_GROUP_ID
from advocacy.schemas.shapes import Page, Shape, Strict, examples

POINT_RULES_EXAMPLE = {
    "share": 10,
    "personalised_share": 5,
    "click": 2,
    "click_daily_cap_per_share": 20,
    "content_submission": 5,
    "suggestion_accepted": 20,
}
EMV_EXAMPLE = {"cpm": 12.5, "cpc": 1.8, "currency": "GBP"}
GROUP_EXAMPLE = {"group_id": EXAMPLE_GROUP_ID, "name": "Engineering", "members": 18}


class PointRules(Shape):
    model_config = examples(POINT_RULES_EXAMPLE)

    share: int = Field(ge=0, le=10_000)
    personalised_share: int = Field(
        default=DEFAULT_POINT_RULES["personalised_share"],  # orgs made before it have the default
        ge=0,
        le=10_000,
        description="More points for a share in the member's own words; 0 gives none",
    )
    click: int = Field(ge=0, le=10_000)
    click_daily_cap_per_share: int = Field(ge=0, le=100_000)
    content_submission: int = Field(ge=0, le=10_000)
    suggestion_accepted: int = Field(
        ge=0, le=10_000, description="Points for a suggestion accepted as content"
    )


class PointRulesPatch(Strict):
    model_config = examples({"click": 3, "click_daily_cap_per_share": 25})

    share: int | None = Field(default=None, ge=0, le=10_000)
    personalised_share: int | None = Field(default=None, ge=0, le=10_000)
    click: int | None = Field(default=None, ge=0, le=10_000)
    click_daily_cap_per_share: int | None = Field(default=None, ge=0, le=100_000)
    content_submission: int | None = Field(default=None, ge=0, le=10_000)
    suggestion_accepted: int | None = Field(default=None, ge=0, le=10_000)


class Emv(Shape):
    model_config = examples(EMV_EXAMPLE)

    cpm: float = Field(ge=0, le=100_000)
    cpc: float = Field(ge=0, le=100_000)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class EmvPatch(Strict):
    model_config = examples({"cpm": 14, "currency": "EUR"})

    cpm: Money | None = None
    cpc: Money | None = None
    currency: Annotated[str, StringConstraints(max_length=3, pattern=r"^[A-Z]{3}$")] | None = None


class Limits(Shape):
    """What a manager may give; admins set these and are not bound by them (decision 76)."""

    model_config = examples(DEFAULT_LIMITS)

    content_points_max: int = Field(
        ge=0, le=100_000, description="The most points a manager may give a content item's shares (each)"
    )
    prize_points_max: int = Field(
        ge=0, le=1_000_000, description="The most points a manager may give one place of a contest"
    )


class LimitsPatch(Strict):
    model_config = examples({"content_points_max": 50})

    content_points_max: int | None = Field(default=None, ge=0, le=100_000)
    prize_points_max: int | None = Field(default=None, ge=0, le=1_000_000)


FollowerLimit = Annotated[int, Field(ge=0, le=MAX_FOLLOWER_LIMIT)]


class FollowerLimits(Shape):
    """The most self-declared followers a share counts as reach, per network (decision 84)."""

    model_config = examples(DEFAULT_FOLLOWER_LIMITS)

    linkedin: FollowerLimit
    x: FollowerLimit
    facebook: FollowerLimit


class FollowerLimitsPatch(Strict):
    model_config = examples({"linkedin": 20_000})

    linkedin: FollowerLimit | None = None
    x: FollowerLimit | None = None
    facebook: FollowerLimit | None = None


LevelThresholds = Annotated[
    list[Annotated[int, Field(ge=1, le=1_000_000_000)]],
    Field(
        max_length=50,
        description="Lifetime points that reach level 2, 3, ... (each more than the one before; levels "
        "stop at the last); empty: the built-in curve, 50 x n x (n - 1) points for level n",
    ),
]


class OrgOut(Shape):
    model_config = examples(
        {
            "org_id": EXAMPLE_ORG_ID,
            "name": "Acme Robotics",
            "timezone": "Europe/London",
            "point_rules": POINT_RULES_EXAMPLE,
            "emv": EMV_EXAMPLE,
            "limits": DEFAULT_LIMITS,
            "follower_limits": DEFAULT_FOLLOWER_LIMITS,
            "domains": ["acme.example"],
            "allowed_emails": [],
            "default_content_ttl_days": 30,
            "digest_weekday": "monday",
            "content_needs_approval": False,
            "level_thresholds": [],
            "created_at": "2026-09-01T10:00:00Z",
            "updated_at": "2026-11-02T08:41:19Z",
        }
    )

    org_id: str
    name: str
    timezone: str
    point_rules: PointRules
    emv: Emv
    limits: Limits
    follower_limits: FollowerLimits = Field(
        description="The most self-declared followers a share counts as reach (and EMV), per network; "
        "a count a connected account reports is not bound by them"
    )
    domains: list[str] = Field(
        description="The email domains the org owns: admins invite only addresses there (set by the operator)",
    )
    allowed_emails: list[str] = Field(
        description="Single addresses outside the domains the operator allowed the org to invite",
    )
    default_content_ttl_days: int
    digest_weekday: Weekday = Field(description="The day weekly digests go out, in the org's time zone")
    content_needs_approval: bool = Field(
        description="Whether what a manager schedules or publishes waits for an admin's approval"
    )
    level_thresholds: LevelThresholds
    created_at: datetime
    updated_at: datetime


class OrgPatch(Strict):
    model_config = examples(
        {"timezone": "Europe/Lisbon", "default_content_ttl_days": 45, "digest_weekday": "friday"},
        {"point_rules": {"click": 3}, "emv": {"cpm": 14, "cpc": 2.25, "currency": "EUR"}},
        {"follower_limits": {"linkedin": 20000, "x": 50000}},
    )

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
    limits: LimitsPatch | None = None
    follower_limits: FollowerLimitsPatch | None = None
    default_content_ttl_days: int | None = Field(default=None, ge=1, le=3650)
    digest_weekday: Weekday | None = None
    content_needs_approval: bool | None = None
    level_thresholds: LevelThresholds | None = None


class GroupOut(Shape):
    model_config = examples(GROUP_EXAMPLE)

    group_id: str
    name: str
    members: int


class GroupPage(Page):
    model_config = examples(
        {
            "items": [GROUP_EXAMPLE, {"group_id": EXAMPLE_OTHER_GROUP_ID, "name": "Sales", "members": 7}],
            "next_cursor": None,
        }
    )

    items: list[GroupOut]


class GroupName(Shape):
    model_config = examples({"group_id": EXAMPLE_GROUP_ID, "name": "Engineering"})

    group_id: str
    name: str


class MyOrgOut(Shape):
    model_config = examples(
        {
            "org_id": EXAMPLE_ORG_ID,
            "name": "Acme Robotics",
            "timezone": "Europe/London",
            "groups": [{"group_id": EXAMPLE_GROUP_ID, "name": "Engineering"}],
            "share_points": 10,
            "personalised_bonus": 5,
            "click_points": 2,
        }
    )

    org_id: str
    name: str
    timezone: str
    groups: list[GroupName]
    share_points: int = Field(description="Points a share earns when its content sets no `points` of its own")
    personalised_bonus: int = Field(description="More points for a share in the member's own words; 0: none")
    click_points: int = Field(description="Points a unique human click on the member's link earns; 0: none")


class GroupCreate(Strict):
    model_config = examples({"name": "Marketing"})

    name: DisplayName


class GroupPatch(Strict):
    model_config = examples({"name": "Field Sales"})

    name: DisplayName
