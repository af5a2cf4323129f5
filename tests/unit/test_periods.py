from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.periods import (
    PERIODS,
    board_keys,
    is_valid_period_key,
    next_key,
    period_bounds,
    period_key,
    previous_key,
)

ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Australia/Lord_Howe",
    "America/Havana",  # DST changes at midnight
    "America/Santiago",  # DST changes at midnight
]
TIMED = [p for p in PERIODS if p != "all"]
ONE_SECOND = timedelta(seconds=1)
TINY = timedelta(microseconds=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_periods() -> None:
    assert PERIODS == ("week", "month", "quarter", "all")


def test_keys_in_utc() -> None:
    at = utc(2026, 11, 5, 12, 0)
    assert board_keys(at, "UTC") == {
        "week": "2026-W45",
        "month": "2026-11",
        "quarter": "2026-Q4",
        "all": "all",
    }


@pytest.mark.parametrize(
    ("at", "week"),
    [
        (utc(2027, 1, 1, 12), "2026-W53"),  # Friday: belongs to the last ISO week of 2026
        (utc(2027, 1, 3, 23, 59, 59), "2026-W53"),  # Sunday
        (utc(2027, 1, 4), "2027-W01"),  # Monday
        (utc(2024, 12, 30), "2025-W01"),  # a Monday in December opening the next ISO year
        (utc(2021, 1, 3), "2020-W53"),
        (utc(2026, 1, 1), "2026-W01"),
        (utc(2025, 12, 29), "2026-W01"),
        (utc(2025, 12, 28, 23, 59, 59), "2025-W52"),
        (utc(2026, 3, 2, 9, 5), "2026-W10"),
    ],
)
def test_iso_week_year(at: datetime, week: str) -> None:
    assert period_key("week", at, "UTC") == week


def test_iso_week_key_keeps_calendar_year_for_month_and_quarter() -> None:
    keys = board_keys(utc(2027, 1, 1, 12), "UTC")
    assert keys == {"week": "2026-W53", "month": "2027-01", "quarter": "2027-Q1", "all": "all"}


@pytest.mark.parametrize(
    ("zone", "boundary", "before", "after"),
    [
        # Kolkata is UTC+05:30 all year: November starts at 18:30 UTC on 31 October.
        ("Asia/Kolkata", utc(2026, 10, 31, 18, 30), {"month": "2026-10"}, {"month": "2026-11"}),
        # New York in winter is UTC-5: 2026 starts at 05:00 UTC.
        (
            "America/New_York",
            utc(2026, 1, 1, 5),
            {"month": "2025-12", "quarter": "2025-Q4", "week": "2026-W01"},
            {"month": "2026-01", "quarter": "2026-Q1", "week": "2026-W01"},
        ),
        # Auckland in summer is UTC+13: 2026 starts at 11:00 UTC on 31 December 2025.
        (
            "Pacific/Auckland",
            utc(2025, 12, 31, 11),
            {"month": "2025-12", "quarter": "2025-Q4", "week": "2026-W01"},
            {"month": "2026-01", "quarter": "2026-Q1", "week": "2026-W01"},
        ),
        # London in summer is UTC+1: the Monday 2 November 2026 is after the change back to GMT.
        ("Europe/London", utc(2026, 11, 2), {"week": "2026-W44"}, {"week": "2026-W45"}),
        ("Europe/London", utc(2026, 6, 30, 23), {"quarter": "2026-Q2"}, {"quarter": "2026-Q3"}),
        ("UTC", utc(2026, 4, 1), {"quarter": "2026-Q1", "month": "2026-03"}, {"quarter": "2026-Q2"}),
    ],
)
def test_instant_before_and_after_local_midnight(
    zone: str, boundary: datetime, before: dict[str, str], after: dict[str, str]
) -> None:
    for period, key in before.items():
        assert period_key(period, boundary - TINY, zone) == key
        assert period_key(period, boundary - ONE_SECOND, zone) == key
    for period, key in after.items():
        assert period_key(period, boundary, zone) == key


@pytest.mark.parametrize(
    ("period", "key", "zone", "start", "end"),
    [
        ("month", "2026-11", "Asia/Kolkata", utc(2026, 10, 31, 18, 30), utc(2026, 11, 30, 18, 30)),
        ("quarter", "2026-Q1", "Pacific/Auckland", utc(2025, 12, 31, 11), utc(2026, 3, 31, 11)),
        # Auckland leaves DST on 5 April 2026: Q2 starts at UTC+13 and ends at UTC+12.
        ("quarter", "2026-Q2", "Pacific/Auckland", utc(2026, 3, 31, 11), utc(2026, 6, 30, 12)),
        ("month", "2026-02", "UTC", utc(2026, 2, 1), utc(2026, 3, 1)),
        ("month", "2028-02", "UTC", utc(2028, 2, 1), utc(2028, 3, 1)),
        ("month", "2026-12", "UTC", utc(2026, 12, 1), utc(2027, 1, 1)),
        ("quarter", "2026-Q4", "UTC", utc(2026, 10, 1), utc(2027, 1, 1)),
        ("week", "2026-W53", "UTC", utc(2026, 12, 28), utc(2027, 1, 4)),
        ("week", "2026-W45", "Europe/London", utc(2026, 11, 2), utc(2026, 11, 9)),
    ],
)
def test_known_bounds(period: str, key: str, zone: str, start: datetime, end: datetime) -> None:
    assert period_bounds(period, key, zone) == (start, end)


@pytest.mark.parametrize(
    ("zone", "key", "start", "end", "hours"),
    [
        # US DST starts Sunday 8 March 2026: the week is an hour short.
        ("America/New_York", "2026-W10", utc(2026, 3, 2, 5), utc(2026, 3, 9, 4), 167),
        # EU DST starts Sunday 29 March 2026.
        ("Europe/London", "2026-W13", utc(2026, 3, 23), utc(2026, 3, 29, 23), 167),
        ("Europe/Berlin", "2026-W13", utc(2026, 3, 22, 23), utc(2026, 3, 29, 22), 167),
        # EU DST ends Sunday 25 October 2026: the week is an hour long.
        ("Europe/London", "2026-W43", utc(2026, 10, 18, 23), utc(2026, 10, 26), 169),
        ("Europe/Berlin", "2026-W43", utc(2026, 10, 18, 22), utc(2026, 10, 25, 23), 169),
        # US DST ends Sunday 1 November 2026.
        ("America/New_York", "2026-W44", utc(2026, 10, 26, 4), utc(2026, 11, 2, 5), 169),
    ],
)
def test_dst_weeks(zone: str, key: str, start: datetime, end: datetime, hours: int) -> None:
    bounds = period_bounds("week", key, zone)
    assert bounds == (start, end)
    assert end - start == timedelta(hours=hours)
    assert period_key("week", start, zone) == key
    assert period_key("week", end - TINY, zone) == key
    assert period_key("week", end, zone) == next_key("week", key)


def test_dst_change_inside_a_day_does_not_move_the_boundary() -> None:
    # The US change happens at 2:00 local on Sunday; Saturday 23:59 EST and Sunday 23:59 EDT are in the week.
    assert period_key("week", utc(2026, 3, 8, 3, 59), "America/New_York") == "2026-W10"
    assert period_key("week", utc(2026, 3, 9, 3, 59), "America/New_York") == "2026-W10"
    assert period_key("week", utc(2026, 3, 9, 4), "America/New_York") == "2026-W11"


def test_skipped_local_midnight_starts_at_the_first_instant_of_the_day() -> None:
    # Havana skipped 00:00-01:00 on 1 April 2012: April began at 01:00 CDT = 05:00 UTC.
    bounds = period_bounds("month", "2012-04", "America/Havana")
    assert bounds is not None
    assert bounds[0] == utc(2012, 4, 1, 5)
    assert period_key("month", bounds[0] - TINY, "America/Havana") == "2012-03"
    assert period_key("month", bounds[0], "America/Havana") == "2012-04"


def test_repeated_local_midnight_starts_at_its_first_occurrence() -> None:
    # Havana repeated 00:00-01:00 on 1 November 2015 (01:00 CDT -> 00:00 CST): November began at 04:00 UTC.
    bounds = period_bounds("month", "2015-11", "America/Havana")
    assert bounds is not None
    assert bounds[0] == utc(2015, 11, 1, 4)
    assert period_key("month", bounds[0] - TINY, "America/Havana") == "2015-10"
    assert period_key("month", utc(2015, 11, 1, 5), "America/Havana") == "2015-11"


def test_at_in_another_offset_is_the_same_instant() -> None:
    at = datetime.fromisoformat("2026-10-31T23:30:00-06:00")  # 05:30 UTC on 1 November
    assert period_key("month", at, "UTC") == "2026-11"
    assert period_key("month", at, "America/New_York") == "2026-11"  # 01:30 EDT
    assert period_key("month", at, "America/Los_Angeles") == "2026-10"  # 22:30 PDT


def test_all() -> None:
    assert period_key("all", utc(2026, 1, 1), "Pacific/Auckland") == "all"
    assert period_bounds("all", "all", "UTC") is None
    assert previous_key("all", "all") is None
    assert next_key("all", "all") is None
    assert is_valid_period_key("all", "all")
    assert not is_valid_period_key("all", "2026")
    with pytest.raises(ValueError):
        period_bounds("all", "2026", "UTC")
    with pytest.raises(ValueError):
        previous_key("all", "2026-11")


@pytest.mark.parametrize(
    ("period", "key", "previous"),
    [
        ("week", "2026-W45", "2026-W44"),
        ("week", "2026-W01", "2025-W52"),
        ("week", "2027-W01", "2026-W53"),
        ("week", "2021-W01", "2020-W53"),
        ("month", "2026-01", "2025-12"),
        ("month", "2026-03", "2026-02"),
        ("quarter", "2026-Q1", "2025-Q4"),
        ("quarter", "2026-Q4", "2026-Q3"),
    ],
)
def test_previous_and_next_key(period: str, key: str, previous: str) -> None:
    assert previous_key(period, key) == previous
    assert next_key(period, previous) == key


@pytest.mark.parametrize(
    ("period", "key"),
    [
        ("week", "2026-W45"),
        ("week", "2026-W01"),
        ("week", "2026-W53"),  # 2026 starts on a Thursday: 53 ISO weeks
        ("week", "2020-W53"),
        ("month", "2026-01"),
        ("month", "2026-12"),
        ("quarter", "2026-Q1"),
        ("quarter", "2026-Q4"),
        ("all", "all"),
    ],
)
def test_valid_keys(period: str, key: str) -> None:
    assert is_valid_period_key(period, key)


@pytest.mark.parametrize(
    ("period", "key"),
    [
        ("week", "2025-W53"),  # 2025 has 52 ISO weeks
        ("week", "2026-W00"),
        ("week", "2026-W54"),
        ("week", "2026-W5"),
        ("week", "2026-w45"),
        ("week", "2026W45"),
        ("week", "2026-11"),
        ("week", "2026-W45\n"),
        ("month", "2026-00"),
        ("month", "2026-13"),
        ("month", "2026-1"),
        ("month", "26-11"),
        ("month", " 2026-11"),
        ("month", "\uff12\uff10\uff12\uff16-11"),  # full-width digits
        ("month", "2026-Q4"),
        ("quarter", "2026-Q0"),
        ("quarter", "2026-Q5"),
        ("quarter", "2026-q4"),
        ("quarter", "2026-4"),
        ("month", "0000-01"),
        ("month", "9999-12"),
        ("month", "all"),
        ("all", "ALL"),
        ("year", "2026"),
        ("month", ""),
    ],
)
def test_invalid_keys(period: str, key: str) -> None:
    assert not is_valid_period_key(period, key)
    with pytest.raises(ValueError):
        period_bounds(period, key, "UTC")
    with pytest.raises(ValueError):
        previous_key(period, key)


def test_unknown_period() -> None:
    with pytest.raises(ValueError):
        period_key("year", utc(2026, 1, 1), "UTC")
    with pytest.raises(ValueError):
        board_keys(utc(2026, 1, 1), "Not/AZone")


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError):
        period_key("week", datetime(2026, 1, 1), "UTC")


@pytest.mark.parametrize("zone", ["", "Not/AZone", "../etc/passwd", " UTC"])
def test_unknown_zone(zone: str) -> None:
    with pytest.raises(ValueError):
        period_key("week", utc(2026, 1, 1), zone)
    with pytest.raises(ValueError):
        period_bounds("month", "2026-01", zone)


instants = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@given(instants, st.sampled_from(TIMED), st.sampled_from(ZONES))
def test_bounds_of_the_key_contain_the_instant(at: datetime, period: str, zone: str) -> None:
    key = period_key(period, at, zone)
    assert is_valid_period_key(period, key)
    bounds = period_bounds(period, key, zone)
    assert bounds is not None
    start, end = bounds
    assert start.tzinfo is UTC
    assert end.tzinfo is UTC
    assert start <= at < end
    assert period_key(period, start, zone) == key
    assert period_key(period, end - TINY, zone) == key


@given(instants, st.sampled_from(TIMED), st.sampled_from(ZONES))
def test_consecutive_periods_tile_time(at: datetime, period: str, zone: str) -> None:
    key = period_key(period, at, zone)
    before, after = previous_key(period, key), next_key(period, key)
    assert before is not None
    assert after is not None
    assert next_key(period, before) == key
    assert previous_key(period, after) == key
    bounds, previous_bounds, next_bounds = (period_bounds(period, k, zone) for k in (key, before, after))
    assert bounds is not None
    assert previous_bounds is not None
    assert next_bounds is not None
    assert previous_bounds[1] == bounds[0]
    assert bounds[1] == next_bounds[0]
    assert period_key(period, bounds[0] - TINY, zone) == before
    assert period_key(period, bounds[1], zone) == after


@given(instants, st.sampled_from(ZONES))
def test_length_of_periods(at: datetime, zone: str) -> None:
    # A local day lasts 23 to 25 hours (Lord Howe shifts by 30 minutes), so a week lasts
    # 7 days give or take an hour and a month 28 to 31 days give or take an hour.
    keys = board_keys(at, zone)
    week = period_bounds("week", keys["week"], zone)
    month = period_bounds("month", keys["month"], zone)
    quarter = period_bounds("quarter", keys["quarter"], zone)
    assert week is not None
    assert month is not None
    assert quarter is not None
    hour = timedelta(hours=1)
    assert timedelta(days=7) - hour <= week[1] - week[0] <= timedelta(days=7) + hour
    assert timedelta(days=28) - hour <= month[1] - month[0] <= timedelta(days=31) + hour
    assert timedelta(days=89) - hour <= quarter[1] - quarter[0] <= timedelta(days=92) + hour
    assert quarter[0] <= month[0] < month[1] <= quarter[1]
