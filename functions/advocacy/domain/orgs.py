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


DEFAULT_EMV: dict[str, Any] = {"cpm": 12.0, "cpc": 1.5, "currency": "USD"}

DEFAULT_CONTENT_TTL_DAYS = 30

# The days of the week by their names, Monday first (`date.weekday()` is the index); weekly digests
# go out on the org's `digest_weekday`, in its time zone.
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
DEFAULT_DIGEST_WEEKDAY: Weekday = "monday"
