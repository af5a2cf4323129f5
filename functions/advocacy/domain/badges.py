"""Badges shown on /me.

Milestone badges are derived from a member's counters every time, never stored, so they cannot
drift from the counts and more activity never removes one. Contest badges (and any badge a prize
names) are stored on the member when the contest closes and are merged in by `all_badges`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# (badge id, counter, threshold), in the order badges are listed.
MILESTONES: tuple[tuple[str, str, int], ...] = (
    ("first_share", "shares", 1),
    ("ten_shares", "shares", 10),
    ("hundred_shares", "shares", 100),
    ("hundred_unique_clicks", "unique_clicks", 100),
    ("thousand_unique_clicks", "unique_clicks", 1000),
)

CONTEST_WINNER = "contest_winner"
CONTEST_PODIUM = "contest_podium"
CONTEST_PLACE_PREFIX = "contest_place_"

BADGES: dict[str, str] = {
    "first_share": "Shared content for the first time.",
    "ten_shares": "Shared content 10 times.",
    "hundred_shares": "Shared content 100 times.",
    "hundred_unique_clicks": "Shares brought 100 unique clicks.",
    "thousand_unique_clicks": "Shares brought 1,000 unique clicks.",
    CONTEST_WINNER: "Won a contest (1st place).",
    CONTEST_PODIUM: "Finished a contest in 2nd or 3rd place.",
    CONTEST_PLACE_PREFIX + "<n>": "Finished a contest in prize place n (4th or lower).",
}


def milestone_badges(shares: int, unique_clicks: int) -> list[str]:
    """Milestone badges reached by these counters, in threshold order."""
    counters = {"shares": shares, "unique_clicks": unique_clicks}
    return [badge for badge, counter, threshold in MILESTONES if counters[counter] >= threshold]


@dataclass(frozen=True)
class Milestone:
    """A milestone badge not reached yet and how far the member is on its way."""

    badge: str
    counter: str  # "shares" or "unique_clicks"
    count: int
    target: int


def next_milestone(shares: int, unique_clicks: int) -> Milestone | None:
    """The unreached milestone the member is nearest to (the largest share of its target done; the
    first in threshold order on a tie), so the app can say what the next badge takes; None once every
    milestone is reached."""
    counters = {"shares": shares, "unique_clicks": unique_clicks}
    ahead = [
        Milestone(badge, counter, counters[counter], threshold)
        for badge, counter, threshold in MILESTONES
        if counters[counter] < threshold
    ]
    return max(ahead, key=lambda m: m.count / m.target, default=None)


def contest_badge(place: int) -> str:
    """The badge for finishing a contest at prize `place` (1-based)."""
    if place < 1:
        raise ValueError("contest places start at 1")
    if place == 1:
        return CONTEST_WINNER
    if place <= 3:
        return CONTEST_PODIUM
    return f"{CONTEST_PLACE_PREFIX}{place}"


def describe_badge(badge: str) -> str | None:
    """The human description of a badge id, or None for a badge this module does not define."""
    if badge in BADGES and not badge.endswith("<n>"):
        return BADGES[badge]
    suffix = badge.removeprefix(CONTEST_PLACE_PREFIX)
    is_place = suffix != badge and suffix.isascii() and suffix.isdigit() and not suffix.startswith("0")
    if is_place and int(suffix) >= 4:
        return f"Finished a contest in place {int(suffix)}."
    return None


def all_badges(shares: int, unique_clicks: int, awarded: Iterable[str]) -> list[str]:
    """Milestones (threshold order) then the stored awarded badges (sorted), without duplicates."""
    milestones = milestone_badges(shares, unique_clicks)
    return milestones + sorted(set(awarded).difference(milestones))
