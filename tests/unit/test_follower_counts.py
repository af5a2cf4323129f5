"""Which follower count a share's reach takes (decision 84)."""

from __future__ import annotations

from advocacy.domain.connections import followers_of
from advocacy.domain.orgs import DEFAULT_FOLLOWER_LIMITS, counted_followers, follower_limit


def test_self_declared_counts_are_bounded_and_verified_ones_win() -> None:
    assert counted_followers(1_000_000_000, None, None, "linkedin") == (
        DEFAULT_FOLLOWER_LIMITS["linkedin"],
        False,
    )
    assert counted_followers(1_000_000_000, None, {"linkedin": 500}, "linkedin") == (500, False)
    assert counted_followers(120, None, {"linkedin": 500}, "linkedin") == (120, False)
    assert counted_followers(-5, None, None, "x") == (0, False)
    assert counted_followers(10, 2_000_000, {"x": 5}, "x") == (2_000_000, True)  # what X reported
    assert counted_followers(10, 0, None, "x") == (0, True)
    assert follower_limit({}, "email") == 0  # a network with no followers to declare counts none


def test_x_reports_its_count_and_linkedin_none() -> None:
    answer = {"data": {"id": "1", "public_metrics": {"followers_count": 4321, "following_count": 3}}}
    assert followers_of("x", answer) == 4321
    assert followers_of("x", {"data": {"id": "1"}}) is None
    for odd in ("4321", -1, True, None, 1.5):
        assert followers_of("x", {"data": {"public_metrics": {"followers_count": odd}}}) is None
    assert followers_of("linkedin", {"sub": "abc", "followers_count": 10}) is None
