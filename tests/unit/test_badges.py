from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.badges import (
    BADGES,
    MILESTONES,
    all_badges,
    contest_badge,
    describe_badge,
    milestone_badges,
    next_milestone,
)

counts = st.integers(min_value=0, max_value=5000)


@pytest.mark.parametrize(
    ("shares", "unique_clicks", "badges"),
    [
        (0, 0, []),
        (-1, -1, []),
        (1, 0, ["first_share"]),
        (9, 99, ["first_share"]),
        (10, 0, ["first_share", "ten_shares"]),
        (99, 0, ["first_share", "ten_shares"]),
        (100, 0, ["first_share", "ten_shares", "hundred_shares"]),
        (0, 100, ["hundred_unique_clicks"]),
        (0, 999, ["hundred_unique_clicks"]),
        (0, 1000, ["hundred_unique_clicks", "thousand_unique_clicks"]),
        (
            100,
            1000,
            [
                "first_share",
                "ten_shares",
                "hundred_shares",
                "hundred_unique_clicks",
                "thousand_unique_clicks",
            ],
        ),
    ],
)
def test_milestone_thresholds(shares: int, unique_clicks: int, badges: list[str]) -> None:
    assert milestone_badges(shares, unique_clicks) == badges


@pytest.mark.parametrize(
    ("place", "badge"),
    [
        (1, "contest_winner"),
        (2, "contest_podium"),
        (3, "contest_podium"),
        (4, "contest_place_4"),
        (12, "contest_place_12"),
    ],
)
def test_contest_badge(place: int, badge: str) -> None:
    assert contest_badge(place) == badge
    assert describe_badge(badge)


@pytest.mark.parametrize("place", [0, -1])
def test_contest_place_starts_at_one(place: int) -> None:
    with pytest.raises(ValueError):
        contest_badge(place)


def test_every_badge_is_documented() -> None:
    for badge, _, _ in MILESTONES:
        assert badge in BADGES
        assert describe_badge(badge) == BADGES[badge]
    assert "contest_winner" in BADGES
    assert "contest_podium" in BADGES
    assert all(BADGES.values())


@pytest.mark.parametrize(
    "badge", ["contest_place_<n>", "contest_place_", "contest_place_3", "contest_place_04", "unknown", ""]
)
def test_describe_unknown_badges(badge: str) -> None:
    assert describe_badge(badge) is None


def test_all_badges_order_and_dedup() -> None:
    awarded = ["top_recruiter", "contest_winner", "first_share", "contest_place_4", "contest_winner"]
    assert all_badges(12, 0, awarded) == [
        "first_share",
        "ten_shares",
        "contest_place_4",
        "contest_winner",
        "top_recruiter",
    ]
    assert all_badges(0, 0, []) == []
    assert all_badges(0, 0, iter({"contest_podium"})) == ["contest_podium"]


@given(counts, counts, counts, counts)
def test_more_activity_never_removes_a_badge(
    shares: int, clicks: int, more_shares: int, more_clicks: int
) -> None:
    before = milestone_badges(shares, clicks)
    after = milestone_badges(shares + more_shares, clicks + more_clicks)
    assert set(before) <= set(after)
    assert after == [b for b, _, _ in MILESTONES if b in after]  # threshold order


@given(counts, counts, st.lists(st.sampled_from([*BADGES, "contest_place_7", "custom"])))
def test_all_badges_is_milestones_then_sorted_awarded(shares: int, clicks: int, awarded: list[str]) -> None:
    result = all_badges(shares, clicks, awarded)
    milestones = milestone_badges(shares, clicks)
    assert len(result) == len(set(result))
    assert set(result) == set(milestones) | set(awarded)
    assert result[: len(milestones)] == milestones
    assert result[len(milestones) :] == sorted(result[len(milestones) :])


@pytest.mark.parametrize(
    ("shares", "clicks", "expected"),
    [
        (0, 0, ("first_share", "shares", 0, 1)),
        (3, 0, ("ten_shares", "shares", 3, 10)),
        (50, 95, ("hundred_unique_clicks", "unique_clicks", 95, 100)),  # the nearer one wins
        (50, 50, ("hundred_shares", "shares", 50, 100)),  # a tie: threshold order
        (100, 100, ("thousand_unique_clicks", "unique_clicks", 100, 1000)),
        (100, 1000, None),
    ],
)
def test_the_next_badge_is_the_unreached_milestone_nearest_to_done(
    shares: int, clicks: int, expected: tuple[str, str, int, int] | None
) -> None:
    found = next_milestone(shares, clicks)
    assert (None if found is None else (found.badge, found.counter, found.count, found.target)) == expected


@given(counts, counts)
def test_the_next_badge_is_never_one_already_earned(shares: int, clicks: int) -> None:
    found = next_milestone(shares, clicks)
    earned = milestone_badges(shares, clicks)
    assert (found is None) == (len(earned) == len(MILESTONES))
    assert found is None or (found.badge not in earned and found.count < found.target)
