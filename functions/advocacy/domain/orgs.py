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


DEFAULT_EMV: dict[str, Any] = {"cpm": 12.0, "cpc": 1.5, "currency": "USD"}

DEFAULT_CONTENT_TTL_DAYS = 30

# The days of the week by their names, Monday first (`date.weekday()` is the index); weekly digests
# go out on the org's `digest_weekday`, in its time zone.
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
DEFAULT_DIGEST_WEEKDAY: Weekday = "monday"
