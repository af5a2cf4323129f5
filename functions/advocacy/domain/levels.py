"""Levels from lifetime points.

The curve: reaching level n takes 50 * n * (n - 1) lifetime points, so level 2 needs 100, level 3
needs 300, level 4 needs 600, level 5 needs 1,000: each level costs 100 points more than the last,
which keeps early levels quick and later ones meaningful.
"""

from __future__ import annotations

import math

STEP = 50


def threshold(level: int) -> int:
    """Lifetime points needed to reach `level` (level 1 needs none)."""
    if level < 1:
        raise ValueError("levels start at 1")
    return STEP * level * (level - 1)


def level_for(lifetime_points: int) -> int:
    """The highest level whose threshold `lifetime_points` reaches."""
    if lifetime_points <= 0:
        return 1
    # Solve STEP*n*(n-1) <= p for the largest integer n, then correct any float rounding.
    n = int((1 + math.sqrt(1 + 4 * lifetime_points / STEP)) / 2)
    while threshold(n + 1) <= lifetime_points:
        n += 1
    while n > 1 and threshold(n) > lifetime_points:
        n -= 1
    return n
