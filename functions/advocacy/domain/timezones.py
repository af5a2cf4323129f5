"""IANA time zone names, checked against the tz database bundled with the code (tzdata)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def _known() -> frozenset[str]:
    """Every zone name tzdata (or the system's database) holds; read once per container."""
    return frozenset(available_timezones())


def is_valid_timezone(name: str) -> bool:
    """A zone name from the database: never a path, a directory ("Europe") or a data file ("zone.tab")."""
    if not name or name not in _known():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
