"""Auto-share's pure rules: windows, the moment drawn in one, whose content a member takes, the wait."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from advocacy.domain import autoshare as rules
from tests.support.clock import NOW

ROME = ZoneInfo("Europe/Rome")
MORNING = rules.Window(time(9, 0), time(12, 0))


@pytest.mark.parametrize(
    ("start", "end", "issue"),
    [
        ("09:00", "12:00", None),
        ("00:00", "23:59", None),
        ("12:00", "09:00", "end must be after start, on the same day"),
        ("09:00", "09:00", "end must be after start, on the same day"),
        ("24:00", "25:00", "start and end must be times of day as HH:MM (00:00 to 23:59)"),
        ("9:00", "12:00", "start and end must be times of day as HH:MM (00:00 to 23:59)"),
        ("09:60", "12:00", "start and end must be times of day as HH:MM (00:00 to 23:59)"),
    ],
)
def test_a_window_is_two_times_of_day_in_order(start: str, end: str, issue: str | None) -> None:
    assert rules.window_issue(start, end) == issue


def test_the_first_day_is_today_until_the_window_closes_in_the_orgs_zone() -> None:
    today = NOW.astimezone(ROME).date()
    assert rules.first_day(NOW, MORNING, ROME) == today  # 10:30 in Rome: still open
    late = datetime.combine(today, time(12, 0), ROME).astimezone(UTC)
    assert rules.first_day(late, MORNING, ROME) == today + timedelta(days=1)


def test_the_moment_is_inside_the_window_from_now_on_and_the_same_for_the_same_seed() -> None:
    today = NOW.astimezone(ROME).date()
    for seed in ("a", "b", "c", "d"):
        at = rules.moment(NOW, today, MORNING, ROME, seed)
        assert NOW <= at < datetime.combine(today, time(12, 0), ROME)
        assert at == rules.moment(NOW, today, MORNING, ROME, seed)
    tomorrow = rules.moment(NOW, date(2026, 11, 3), MORNING, ROME, "a")
    assert datetime(2026, 11, 3, 9, tzinfo=ROME) <= tomorrow < datetime(2026, 11, 3, 12, tzinfo=ROME)


@pytest.mark.parametrize(
    ("scope", "chosen", "content", "member", "taken"),
    [
        ("all", set(), set(), {"g1"}, True),
        ("all", set(), {"g2"}, {"g1"}, False),  # not for the member at all
        ("groups", {"g1"}, set(), {"g1"}, False),  # for everyone: not one of the chosen groups'
        ("groups", {"g1"}, {"g1", "g2"}, {"g1"}, True),
        ("groups", {"g1"}, {"g1"}, set(), False),  # left the group since
    ],
)
def test_which_content_a_member_takes(
    scope: str, chosen: set[str], content: set[str], member: set[str], taken: bool
) -> None:
    assert rules.wanted(scope, chosen, content, member) is taken


def test_the_wait_is_the_networks_own_else_a_growing_step_within_bounds() -> None:
    assert rules.backoff_seconds(900, 1) == 900  # X's x-rate-limit-reset
    assert rules.backoff_seconds(1, 1) == 5
    assert [rules.backoff_seconds(0, n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert rules.backoff_seconds(0, 30) == 900
    assert rules.backoff_seconds(100_000, 1) == 43_200  # SQS's longest visibility
