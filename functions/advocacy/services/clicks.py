"""What a click on a tracked link earns, applied once by the stream function: the counts, a unique
visitor at most once a day (domain.clicks), and points for unique clicks up to the org's daily cap
per share. A click on archived content, or on a link of a deactivated member, counts on the content
and the share but credits the sharer nothing (decision 77)."""

from __future__ import annotations

from dataclasses import dataclass

from advocacy.domain.clicks import day_key, earns_points, is_unique
from advocacy.store import click_records as records
from advocacy.store.boards import award_boards
from advocacy.store.models import OrgModel, plain
from advocacy.store.transactions import Cancelled, Retry, retrying


@dataclass(frozen=True)
class Outcome:
    applied: bool  # False: applied before (a replayed stream record)
    human: bool = False
    unique: bool = False
    points: int = 0


class KeptConflicting(RuntimeError):
    """Concurrent clicks kept moving what this one read; the stream delivers it again."""


def apply(click: records.Click, org: OrgModel) -> Outcome:
    """Count the click, mark a unique visitor and award capped points, once, with the rules the org
    has when the click is applied.

    Optimistic: the visitor's mark and the day's counter are read, then written on the condition they
    did not move; if another click moved them first, read again.
    """
    rules = plain(org.point_rules)
    per_click = int(rules.get("click", 0))
    daily_cap = int(rules.get("click_daily_cap_per_share", 0))
    boards = award_boards(org, click.at)
    day = day_key(click.at, org.timezone)
    human = not click.bot
    # Whether the sharer may be credited: the write's own conditions say (no read for it); learnt
    # otherwise, the click is applied again without a credit.
    creditable = [True]

    def attempt() -> Outcome:
        credit = creditable[0]
        mark = records.visitor_mark(click) if human else None
        unique = human and is_unique(mark.last_unique_at if mark else None, click.at)
        counter = records.day_counter(click, day) if credit and unique and per_click > 0 else None
        award = counter is not None and earns_points(int(counter.rewarded or 0), daily_cap)
        points = per_click if award else 0
        try:
            records.apply(click, day, unique, mark, counter if award else None, points, boards, credit)
        except Cancelled as exc:
            if records.already_applied(exc):
                return Outcome(False)
            if credit and records.not_creditable(exc):
                creditable[0] = False
                raise Retry() from exc
            if records.moved(exc):
                raise Retry() from exc
            raise
        return Outcome(True, human, unique, points)

    return retrying(attempt, exhausted=lambda: KeptConflicting(f"click {click.sk} kept conflicting"))
