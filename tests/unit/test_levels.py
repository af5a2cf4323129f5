from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.levels import level_for, next_level_at, threshold, thresholds_issue


def test_documented_thresholds() -> None:
    assert [threshold(n) for n in range(1, 6)] == [0, 100, 300, 600, 1000]


@pytest.mark.parametrize(
    ("points", "level"), [(-5, 1), (0, 1), (99, 1), (100, 2), (299, 2), (300, 3), (1000, 5)]
)
def test_level_for_known_points(points: int, level: int) -> None:
    assert level_for(points) == level


@given(st.integers(min_value=0, max_value=10**9))
def test_level_is_the_highest_reached(points: int) -> None:
    level = level_for(points)
    assert threshold(level) <= points < threshold(level + 1)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_more_points_never_lower_the_level(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert level_for(low) <= level_for(high)


@pytest.mark.parametrize(
    ("points", "level"), [(-5, 1), (0, 1), (49, 1), (50, 2), (199, 2), (200, 3), (10_000, 4)]
)
def test_an_orgs_own_thresholds_replace_the_curve_and_end_at_its_last_level(points: int, level: int) -> None:
    assert level_for(points, (50, 200, 500)) == level


@pytest.mark.parametrize(
    ("thresholds", "ok"),
    [((), True), ((10,), True), ((10, 20, 30), True), ((10, 10), False), ((30, 20), False)],
)
def test_thresholds_must_rise(thresholds: tuple[int, ...], ok: bool) -> None:
    assert (thresholds_issue(thresholds) is None) is ok


@given(st.integers(min_value=0, max_value=10**9))
def test_on_the_curve_the_next_level_is_always_ahead_and_reaching_it_moves_up_one(points: int) -> None:
    at = next_level_at(points)
    assert at is not None and at > points
    assert level_for(at) == level_for(points) + 1
    assert level_for(at - 1) == level_for(points)


@pytest.mark.parametrize(
    ("points", "at"), [(0, 50), (49, 50), (50, 200), (499, 500), (500, None), (9_999, None)]
)
def test_an_orgs_own_thresholds_end_with_no_next_level(points: int, at: int | None) -> None:
    assert next_level_at(points, (50, 200, 500)) == at
