"""Times: instants as text (ISO-8601 in UTC, written with a `Z`), the years the API takes, and the
ranges of days (in an org's time zone) that analytics and exports cover."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from advocacy.domain.errors import FieldIssue, ValidationFailed

Precision = Literal["auto", "seconds", "microseconds"]
# Times and days the API takes lie in these years: every conversion to UTC and every key time stays
# well inside what datetime can hold.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 12, 31)
MAX_DAYS = 366  # the longest range of days a summary or an export covers
DEFAULT_DAYS = 30  # a range without a start: the last 30 days up to its end


def utc_text(at: datetime, precision: Precision = "auto") -> str:
    """`at` in UTC as `2026-11-02T09:00:00Z`: to the second, to the microsecond (`microseconds`: fixed
    width, so text order is time order, as sort keys need), or `auto` (microseconds only if any)."""
    return at.astimezone(UTC).isoformat(timespec=precision).replace("+00:00", "Z")


def key_time(at: datetime) -> str:
    """A fixed-width UTC time for sort keys: string order is time order."""
    return utc_text(at, "microseconds")


def day_range(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The days from `first` to `last` (inclusive): by default the `DEFAULT_DAYS` up to `last`, and up
    to `today` without `last`; within the API's years, not empty, at most `MAX_DAYS` long."""
    for name, day in (("from", first), ("to", last)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationFailed(
                f"Dates must lie between {FIRST_DAY} and {LAST_DAY}.",
                [FieldIssue(name, f"must be between {FIRST_DAY} and {LAST_DAY}")],
            )
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ValidationFailed("The range is empty.", [FieldIssue("from", "must not be after to")])
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed("The range is too long.", [FieldIssue("from", f"at most {MAX_DAYS} days")])
    return first, last
