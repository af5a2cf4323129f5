"""Levels from lifetime points.

The curve: reaching level n takes 50 * n * (n - 1) lifetime points, so level 2 needs 100, level 3
needs 300, level 4 needs 600, level 5 needs 1,000: each level costs 100 points more than the last,
which keeps early levels quick and later ones meaningful. An org may set its own thresholds instead
(the points that reach level 2, 3, ...): then the levels stop at the last one it set.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

STEP = 50


def threshold(level: int) -> int:
    """Lifetime points needed to reach `level` (level 1 needs none)."""
    if level < 1:
        raise ValueError("levels start at 1")
    return STEP * level * (level - 1)


def level_for(lifetime_points: int, thresholds: Sequence[int] = ()) -> int:
    """The highest level whose threshold `lifetime_points` reaches: the org's `thresholds` (strictly
    increasing points for levels 2, 3, ...) when it has set them, else the curve."""
    if thresholds:
        return 1 + bisect_right(thresholds, lifetime_points)
    if lifetime_points <= 0:
        return 1
    # Solve STEP*n*(n-1) <= p for the largest integer n, then correct any float rounding.
    n = int((1 + math.sqrt(1 + 4 * lifetime_points / STEP)) / 2)
    while threshold(n + 1) <= lifetime_points:
        n += 1
    while n > 1 and threshold(n) > lifetime_points:
        n -= 1
    return n


def next_level_at(lifetime_points: int, thresholds: Sequence[int] = ()) -> int | None:
    """Lifetime points that reach the level after the member's, or None at the last level of an org
    that set its own thresholds (the curve has no last level)."""
    level = level_for(lifetime_points, thresholds)
    if thresholds:
        return thresholds[level - 1] if level - 1 < len(thresholds) else None
    return threshold(level + 1)


def thresholds_issue(thresholds: Sequence[int]) -> str | None:
    """Why an org's thresholds cannot be levels (None when they can)."""
    if any(later <= earlier for earlier, later in pairwise(thresholds)):
        return "each level must need more points than the one before"
    return None
