"""Auto-share: a member's standing consent to post new content through their connected accounts.

Pure rules: the window a member accepts posts in (local times in the org's time zone), when a post
planned now goes out (a moment drawn inside the next window, the next day's once the daily cap is
reached) and the states an auto-post goes through (decision 79).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NETWORKS: tuple[str, ...] = ("linkedin", "x")
SCOPES: tuple[str, ...] = ("all", "groups")
CAP_MIN, CAP_MAX = 1, 10
DAYS_AHEAD = 7
"""How many days planning looks ahead for a day under the cap (one post a day at most is 7 posts
planned a week ahead): content past that is not auto-posted for the member."""

QUEUED = "queued"  # planned, waiting for its moment
DISPATCHED = "dispatched"  # sent to the poster's queue
POSTED = "posted"
FAILED = "failed"
NEEDS_RECONNECT = "needs_reconnect"
STATES: tuple[str, ...] = (QUEUED, DISPATCHED, POSTED, FAILED, NEEDS_RECONNECT)
FINAL: frozenset[str] = frozenset({POSTED, FAILED, NEEDS_RECONNECT})


def parse_clock(text: str) -> time | None:
    """`HH:MM` (24 hours) as a time, None when it is not one."""
    if len(text) != 5 or text[2] != ":" or not (text[:2].isdigit() and text[3:].isdigit()):
        return None
    hours, minutes = int(text[:2]), int(text[3:])
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


@dataclass(frozen=True)
class Window:
    """Local times of day, `start` before `end` (a window across midnight is two preferences' worth of
    surprise: members pick a daytime range)."""

    start: time
    end: time

    def on(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The window of `day` as aware datetimes in `zone`."""
        return datetime.combine(day, self.start, zone), datetime.combine(day, self.end, zone)


def window_issue(start: str, end: str) -> str | None:
    """Why a window is refused, or None."""
    begin, finish = parse_clock(start), parse_clock(end)
    if begin is None or finish is None:
        return "start and end must be times of day as HH:MM (00:00 to 23:59)"
    if begin >= finish:
        return "end must be after start, on the same day"
    return None


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def first_day(now: datetime, window: Window, zone: ZoneInfo) -> date:
    """Today in the org's zone while today's window has not closed, else tomorrow."""
    today = local_day(now, zone)
    _, end = window.on(today, zone)
    return today if now < end else today + timedelta(days=1)


def moment(now: datetime, day: date, window: Window, zone: ZoneInfo, seed: str) -> datetime:
    """A moment drawn inside `day`'s window (from now on, if the window is open), the same for the
    same `seed`: a retried plan picks the same time."""
    start, end = window.on(day, zone)
    start = max(start, now)
    span = int((end - start).total_seconds())
    draw = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))  # noqa: S311
    return start + timedelta(seconds=draw.randrange(max(span, 1)))


def wanted(scope: str, chosen_groups: set[str], content_groups: set[str], member_groups: set[str]) -> bool:
    """Whether a member's auto-share takes content targeted at `content_groups`: it must reach the
    member, and with scope `groups` be targeted at one of the groups they chose (and are still in)."""
    if content_groups and content_groups.isdisjoint(member_groups):
        return False
    if scope == "all":
        return True
    return not content_groups.isdisjoint(chosen_groups & member_groups)


def backoff_seconds(provider_seconds: int, receives: int, ceiling: int = 900) -> int:
    """How long a post the network asked to try later waits: the network's own time when it gave one
    (X's `x-rate-limit-reset`), at least an exponential step per delivery, at most `ceiling`
    (SQS keeps a message invisible for 12 hours at most)."""
    step = min(5 * 2 ** max(receives - 1, 0), ceiling)
    return max(1, min(max(provider_seconds, step), 43_200))
