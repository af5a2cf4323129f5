"""Leaderboard periods, with boundaries in the org's IANA time zone.

A period key names one period: `"2026-W45"` (ISO week, Monday start, ISO week-year),
`"2026-11"` (month), `"2026-Q4"` (quarter) or `"all"`. A period starts at local midnight of its
first day (Monday, the 1st) in the org's zone and ends where the next one starts, so consecutive
periods tile time without gaps or overlaps, including across DST changes. Instants are aware
datetimes; bounds are returned in UTC.

Keys carry four-digit years from `MIN_YEAR` to `MAX_YEAR`, so that every bound of a valid key can
be represented as a datetime in any zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from advocacy.domain.timezones import is_known_timezone

PERIODS: tuple[str, ...] = ("week", "month", "quarter", "all")

ALL_KEY = "all"
MIN_YEAR = 2
MAX_YEAR = 9998

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")


def _zone(name: str) -> ZoneInfo:
    if not is_known_timezone(name):
        raise ValueError(f"unknown time zone {name!r}")
    return ZoneInfo(name)


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")


def _check_year(year: int, key: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"period key {key!r} is outside the supported years {MIN_YEAR}-{MAX_YEAR}")


def _week_key(year: int, week: int) -> str:
    key = f"{year:04d}-W{week:02d}"
    _check_year(year, key)
    return key


def _month_key(year: int, month: int) -> str:
    key = f"{year:04d}-{month:02d}"
    _check_year(year, key)
    return key


def _quarter_key(year: int, quarter: int) -> str:
    key = f"{year:04d}-Q{quarter}"
    _check_year(year, key)
    return key


def _first_day(period: str, key: str) -> date:
    """The local date the period `key` starts on; ValueError when the key is malformed."""
    if period == "week":
        m = _WEEK.fullmatch(key)
        if m:
            year, week = int(m[1]), int(m[2])
            _check_year(year, key)
            try:
                return date.fromisocalendar(year, week, 1)
            except ValueError:
                pass  # week 00, or W53 in a 52-week year
    elif period == "month":
        m = _MONTH.fullmatch(key)
        if m and 1 <= int(m[2]) <= 12:
            _check_year(int(m[1]), key)
            return date(int(m[1]), int(m[2]), 1)
    elif period == "quarter":
        m = _QUARTER.fullmatch(key)
        if m:
            _check_year(int(m[1]), key)
            return date(int(m[1]), 3 * int(m[2]) - 2, 1)
    raise ValueError(f"invalid {period} key {key!r}")


def _key_of_day(period: str, day: date) -> str:
    if period == "week":
        iso = day.isocalendar()
        return _week_key(iso.year, iso.week)
    if period == "month":
        return _month_key(day.year, day.month)
    return _quarter_key(day.year, (day.month - 1) // 3 + 1)


def _next_first_day(period: str, first: date) -> date:
    if period == "week":
        return first + timedelta(days=7)
    months = 1 if period == "month" else 3
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    # fold=0: a midnight repeated by a fall-back counts from its first occurrence, and a midnight
    # skipped by a spring-forward maps to the first instant of that day (the end of the gap).
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def period_key(period: str, at: datetime, timezone: str) -> str:
    """The key of the `period` containing the aware instant `at`, in the local time of `timezone`."""
    _check_period(period)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("`at` must be an aware datetime")
    zone = _zone(timezone)
    if period == "all":
        return ALL_KEY
    try:
        local = at.astimezone(zone)
    except OverflowError as exc:
        raise ValueError(f"{at.isoformat()} is outside the supported range") from exc
    return _key_of_day(period, local.date())


def is_valid_period_key(period: str, key: str) -> bool:
    """Whether `key` is a well-formed key of `period` (an unknown period is never valid)."""
    if period not in PERIODS:
        return False
    if period == "all":
        return key == ALL_KEY
    try:
        _first_day(period, key)
    except ValueError:
        return False
    return True


def _start(period: str, key: str) -> date | None:
    """The local date the period `key` starts on, None for the one "all" period; ValueError for an
    unknown period or a malformed key."""
    _check_period(period)
    if period != "all":
        return _first_day(period, key)
    if key != ALL_KEY:
        raise ValueError(f"invalid all key {key!r}")
    return None


def period_bounds(period: str, key: str, timezone: str) -> tuple[datetime, datetime] | None:
    """UTC start (inclusive) and end (exclusive) of the period `key` in `timezone`; None for "all"."""
    zone = _zone(timezone)
    first = _start(period, key)
    if first is None:
        return None
    return _local_midnight_utc(first, zone), _local_midnight_utc(_next_first_day(period, first), zone)


def previous_key(period: str, key: str) -> str | None:
    """The key of the period just before `key`; None for "all"."""
    first = _start(period, key)
    if first is None:
        return None
    return _key_of_day(period, first - timedelta(days=7 if period == "week" else 1))


def next_key(period: str, key: str) -> str | None:
    """The key of the period just after `key`; None for "all"."""
    first = _start(period, key)
    return None if first is None else _key_of_day(period, _next_first_day(period, first))


def board_keys(at: datetime, timezone: str) -> dict[str, str]:
    """The current key of every period at `at` in `timezone`."""
    return {period: period_key(period, at, timezone) for period in PERIODS}
