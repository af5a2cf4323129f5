"""Org-local days and board keys, written out here rather than taken from the code under test, so the
expected model and the reconciler do not share its mistakes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def period_keys(at: datetime, timezone: str) -> dict[str, str]:
    """The board keys of `at` (org time): ISO week, month, quarter, and the all-time board."""
    local = at.astimezone(ZoneInfo(timezone))
    iso = local.isocalendar()
    return {
        "week": f"{iso.year:04d}-W{iso.week:02d}",
        "month": f"{local.year:04d}-{local.month:02d}",
        "quarter": f"{local.year:04d}-Q{(local.month - 1) // 3 + 1}",
        "all": "all",
    }


def local_day(at: datetime, timezone: str) -> str:
    return at.astimezone(ZoneInfo(timezone)).date().isoformat()


def job_boards(now: datetime, timezone: str) -> set[tuple[str, str]]:
    """The boards a first leaderboards run at `now` writes: each period's current and previous key."""
    local = now.astimezone(ZoneInfo(timezone))
    first_month = 3 * ((local.month - 1) // 3) + 1
    before = {
        "week": local - timedelta(days=7),
        "month": local.replace(day=1) - timedelta(days=1),
        "quarter": local.replace(month=first_month, day=1) - timedelta(days=1),
    }
    boards = set(period_keys(now, timezone).items())
    return boards | {(period, period_keys(when, timezone)[period]) for period, when in before.items()}
