"""What a click on a tracked link earns, applied once by the stream function: the counts, a unique
visitor at most once a day (domain.clicks), and points for unique clicks up to the org's daily cap
per share, at most `domain.clicks.NETWORK_CAP` of them from one network (decision 82). A click on
archived content, on a link of a deactivated member or on a voided share counts on the content and the
share but credits the sharer nothing (decisions 77, 83)."""

from __future__ import annotations

from dataclasses import dataclass

from advocacy.domain.clicks import day_key, earns_points, is_unique, network_tag, rewarded_from
from advocacy.store import click_records as records
from advocacy.store import share_rewards
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

    Optimistic: the visitor's mark and the share's day counter are read, then written on the
    condition they did not move; if another click moved them first, read again.
    """
    rules = plain(org.point_rules)
    per_click = int(rules.get("click", 0))
    daily_cap = int(rules.get("click_daily_cap_per_share", 0))
    boards = award_boards(org, click.at)
    day = day_key(click.at, org.timezone)
    human = not click.bot
    # Whether the sharer may be credited: the share's read and the write's own conditions say;
    # learnt otherwise, the click is applied again without a credit.
    creditable = [True]

    def attempt() -> Outcome:
        credit = creditable[0]
        mark = records.visitor_mark(click) if human else None
        unique = human and is_unique(mark.last_unique_at if mark else None, click.at)
        # Rewarded (points, and a click in a clicks contest) within the daily cap and the network cap,
        # both kept on the share's day counter: even with no click points a clicks contest counts these.
        # The share is read for a credit: a voided share credits nothing (its condition in the write
        # makes that exact; a void between the read and the write is a conflict: read again).
        share_key = f"{click.link.member_id}#{click.link.content_id}#{click.link.network}"
        state = share_rewards.reward_state(click.link.org_id, share_key) if credit and unique else None
        if credit and unique and (state is None or state.voided):
            creditable[0] = credit = False
        capping = state is not None and credit and daily_cap > 0
        rewarded, tags = state.on(day) if state is not None else (0, frozenset[str]())
        network = rewarded_from(tags, click.network)
        award = (
            capping and state is not None and state.counts(day) and earns_points(rewarded, daily_cap, network)
        )
        reward = (
            share_rewards.Reward(state, day, network_tag(click.network, network)) if award and state else None
        )
        points = per_click if award else 0
        try:
            records.apply(
                click, day, unique, mark, reward, points, boards, credit, capped=capping and not award
            )  # fmt: skip
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
