"""Org defaults: the point rules, earned-media-value settings and digest day a new org starts with."""

from __future__ import annotations

from typing import Any, Literal, get_args

DEFAULT_POINT_RULES: dict[str, int] = {
    "share": 10,
    "personalised_share": 5,  # a share in the member's own words earns this more; 0: none (decision 68)
    "click": 2,
    "click_daily_cap_per_share": 20,
    "content_submission": 5,
    "suggestion_accepted": 20,  # a member's suggested link accepted as content (decision 59)
}


def point_rule(rules: dict[str, Any], name: str) -> int:
    """The org's points for `name`; a rule added after the org was made has its default."""
    return int(rules.get(name, DEFAULT_POINT_RULES[name]))


# The most points a manager may give (decision 76): per share of one content item, and per place of a
# contest. Admins set them (`limits` on the org) and are not bound by them.
DEFAULT_LIMITS: dict[str, int] = {"content_points_max": 100, "prize_points_max": 1_000}


def limit(limits: dict[str, Any], name: str) -> int:
    """The org's limit `name`; an org made before limits existed has the default."""
    return int(limits.get(name, DEFAULT_LIMITS[name]))


def over_limit(field: str, value: int | None, limits: dict[str, Any], name: str) -> str | None:
    """Why `value` of `field` may not be given by a manager, or None when it is within the org's limit."""
    most = limit(limits, name)
    if value is None or value <= most:
        return None
    return f"{field} is at most {most} (the org's limits.{name}); ask an admin for more"


# The most self-declared followers a share counts as reach, per network (decision 84): a member types
# their follower count on their profile, so an admin bounds what it can weigh in reach and EMV. A count
# a connected account reports (X) is not bound by these.
DEFAULT_FOLLOWER_LIMITS: dict[str, int] = {"linkedin": 30_000, "x": 100_000, "facebook": 5_000}
MAX_FOLLOWER_LIMIT = 1_000_000_000


def follower_limit(limits: dict[str, Any] | None, network: str) -> int:
    """The org's bound on self-declared followers on `network`; an org made before limits existed (or a
    network without one) has the default, and a network with no default counts none."""
    return int((limits or {}).get(network, DEFAULT_FOLLOWER_LIMITS.get(network, 0)))


def counted_followers(
    declared: int, verified: int | None, limits: dict[str, Any] | None, network: str
) -> tuple[int, bool]:
    """A share's reach and whether it is verified: the count a connected account reported when there is
    one, else the member's own count bounded by the org's limit for the network."""
    if verified is not None:
        return max(0, int(verified)), True
    return max(0, min(int(declared), follower_limit(limits, network))), False


DEFAULT_EMV: dict[str, Any] = {"cpm": 12.0, "cpc": 1.5, "currency": "USD"}

DEFAULT_CONTENT_TTL_DAYS = 30

# The days of the week by their names, Monday first (`date.weekday()` is the index); weekly digests
# go out on the org's `digest_weekday`, in its time zone.
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
DEFAULT_DIGEST_WEEKDAY: Weekday = "monday"
