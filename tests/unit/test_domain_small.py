from __future__ import annotations

from datetime import date, timedelta

import pytest

from advocacy.domain.ids import new_id
from advocacy.domain.orgs import DEFAULT_DIGEST_WEEKDAY, WEEKDAYS
from advocacy.domain.roles import Role, at_least
from advocacy.domain.timezones import is_valid_timezone


@pytest.mark.parametrize("name", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])
def test_valid_time_zones(name: str) -> None:
    assert is_valid_timezone(name)


@pytest.mark.parametrize(
    "name",
    ["", "Mars/Olympus", "../etc/passwd", "/etc/localtime", " UTC", "Europe/", "localtime", "posixrules",
     "Factory"],
)  # fmt: skip
def test_invalid_time_zones(name: str) -> None:
    assert not is_valid_timezone(name)


def test_a_stored_zone_outside_the_list_still_computes_periods() -> None:
    """Settings saved before "Factory" was refused keep working: periods read any zone the database has."""
    from advocacy.domain.timezones import is_known_timezone

    assert is_known_timezone("Factory") and not is_valid_timezone("Factory")


def test_roles_are_ordered() -> None:
    assert at_least(Role.ADMIN, Role.MANAGER)
    assert at_least(Role.MANAGER, Role.MEMBER)
    assert not at_least(Role.MEMBER, Role.MANAGER)
    assert not at_least(Role.MANAGER, Role.ADMIN)


def test_ids_are_random_and_url_safe() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 32 and i.isalnum() for i in ids)


def test_weekdays_are_named_by_date_weekday() -> None:
    monday = date(2026, 11, 9)
    assert [WEEKDAYS[(monday + timedelta(days=n)).weekday()] for n in (0, 3, 6)] == [
        "monday",
        "thursday",
        "sunday",
    ]
    assert DEFAULT_DIGEST_WEEKDAY == "monday" and len(WEEKDAYS) == 7
