"""IANA time zone names, checked against the tz database bundled with the code (tzdata)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Files of a tz database that are not zones a place keeps: "localtime" is the machine's own zone
# (whatever the host is set to), "posixrules" the default rules of POSIX TZ strings, and "Factory" the
# placeholder zone of "local time is not set". An org's settings take none of them.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _known() -> frozenset[str]:
    """Every zone name tzdata (or the system's database) holds; read once per container."""
    return frozenset(available_timezones())


def _loads(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def is_valid_timezone(name: str) -> bool:
    """A zone of the IANA list, the one a setting may take: never a path, a directory ("Europe"), a
    data file ("zone.tab"), nor one of NOT_ZONES."""
    return bool(name) and name in _known() and name not in NOT_ZONES and _loads(name)


def is_known_timezone(name: str) -> bool:
    """A zone the database can read, NOT_ZONES included: what periods are computed in, so that a
    setting stored before NOT_ZONES were refused still works."""
    return bool(name) and name in _known() and _loads(name)
