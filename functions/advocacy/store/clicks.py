"""Clicks on short links. The redirect puts one click event (its only write); the stream function then
applies everything the click causes in one transaction keyed by the click, so a replay is a no-op.

Items per link (partition `<org_id>#<code>`): `click#<request id>` events, `visitor#<key>` marks holding
the last unique click of a visitor, and `day#<date>` counters of clicks that earned points that day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.domain.clicks import day_key, earns_points, is_unique
from advocacy.domain.ids import derived_id
from advocacy.store.errors import failures, put_new
from advocacy.store.models import ClickModel, ContentModel, LedgerModel, LinkModel, MemberModel, ShareModel

CLICK_PREFIX = "click#"
KEEP_EVENTS = timedelta(days=90)
ATTEMPTS = 5


def link_key(org_id: str, code: str) -> str:
    return f"{org_id}#{code}"


def record(link: LinkModel, click_id: str, at: datetime, bot: bool, visitor: str) -> bool:
    """Put the click event once (a replayed request id is ignored). False if it was a replay."""
    event = ClickModel(
        link=link_key(link.org_id, link.code),
        sk=f"{CLICK_PREFIX}{click_id}",
        at=at,
        bot=bot,
        visitor=visitor,
        share_id=link.share_id,
        member_id=link.member_id,
        content_id=link.content_id,
        network=link.network,
        groups=set(link.groups or ()) or None,
        expires=at + KEEP_EVENTS,
    )
    return put_new(event)


@dataclass(frozen=True)
class Click:
    """A click event as the stream delivers it, with the link it came through."""

    link: LinkModel
    sk: str
    at: datetime
    bot: bool
    visitor: str

    @classmethod
    def from_image(cls, image: dict[str, object]) -> Click:
        """From a stream record's new image (the redirect copied the link's fields onto the event)."""
        event = ClickModel.from_raw_data(image)
        org_id, code = event.link.split("#", 1)
        link = LinkModel(
            code=code,
            org_id=org_id,
            share_id=event.share_id,
            member_id=event.member_id,
            content_id=event.content_id,
            network=event.network,
            url="",
            groups=set(event.groups or ()),
        )
        assert event.at is not None
        return cls(link=link, sk=event.sk, at=event.at, bot=bool(event.bot), visitor=event.visitor or "")


@dataclass(frozen=True)
class Outcome:
    applied: bool
    human: bool = False
    unique: bool = False
    points: int = 0


@dataclass(frozen=True)
class Rules:
    """What the org's settings say about click points."""

    points_per_click: int
    daily_cap: int
    timezone: str


def _get(link: str, sk: str) -> ClickModel | None:
    try:
        return ClickModel.get(link, sk, consistent_read=True)
    except DoesNotExist:
        return None


def apply(click: Click, rules: Rules, boards: list[str]) -> Outcome:
    """Count the click on its content and share, mark a unique visitor, award capped points: once.

    Optimistic: marks and day counters are read, then written on the condition they did not move;
    if another click moved them first, read again and retry.
    """
    # Imported here: the redirect loads this module for `record` alone, and keeps its cold start lean.
    from advocacy.store import analytics
    from advocacy.store.tables import transaction

    org_id, code = click.link.org_id, click.link.code
    key = link_key(org_id, code)
    human = not click.bot
    for attempt in range(ATTEMPTS):
        mark = _get(key, f"visitor#{click.visitor}") if human else None
        last = mark.last_unique_at if mark else None
        unique = human and is_unique(last, click.at)
        day = None
        rewarded = 0
        if unique and rules.points_per_click > 0:
            day_sk = f"day#{day_key(click.at, rules.timezone)}"
            day = _get(key, day_sk) or ClickModel(link=key, sk=day_sk, rewarded=None)
            rewarded = int(day.rewarded or 0)
        award = day is not None and earns_points(rewarded, rules.daily_cap)
        try:
            with transaction() as tx:
                tx.update(
                    ClickModel(link=key, sk=click.sk),
                    actions=[ClickModel.processed.set(True)],
                    condition=ClickModel.sk.exists() & ClickModel.processed.does_not_exist(),
                )
                _count(tx, click.link, human, unique)
                analytics.count_click(tx, click.link, day_key(click.at, rules.timezone), human, unique)
                if unique:
                    _mark(tx, key, click, mark)
                    points = rules.points_per_click if award else 0
                    if award and day is not None:
                        _count_reward(tx, day, rewarded, click)
                    _credit(tx, click, points, boards)
            return Outcome(True, human, unique, rules.points_per_click if award else 0)
        except TransactWriteError as exc:
            failed = failures(tx, exc)
            if any(f.on(ClickModel, CLICK_PREFIX) and f.reason == "ConditionalCheckFailed" for f in failed):
                return Outcome(False)  # already applied (a replayed stream record)
            if any(f.reason in {"ConditionalCheckFailed", "TransactionConflict"} for f in failed):
                time.sleep(0.02 * (attempt + 1))  # a concurrent click moved the mark or the counter
                continue
            raise
    raise RuntimeError(f"click {click.sk} kept conflicting; the stream will retry it")


def _count(tx: TransactWrite, link: LinkModel, human: bool, unique: bool) -> None:
    content_actions: list[Action] = [ContentModel.stats_clicks.add(1)]
    share_actions: list[Action] = [ShareModel.clicks.add(1)]
    if human:
        share_actions.append(ShareModel.human_clicks.add(1))
    if unique:
        content_actions.append(ContentModel.stats_unique_clicks.add(1))
        share_actions.append(ShareModel.unique_clicks.add(1))
    tx.update(ContentModel(org_id=link.org_id, content_id=link.content_id), actions=content_actions)
    share_key = f"{link.member_id}#{link.content_id}#{link.network}"
    tx.update(ShareModel(org_id=link.org_id, share_key=share_key), actions=share_actions)


def _mark(tx: TransactWrite, key: str, click: Click, mark: ClickModel | None) -> None:
    condition: Condition = ClickModel.sk.does_not_exist()
    if mark is not None:
        condition = ClickModel.last_unique_at == mark.last_unique_at
    tx.update(
        ClickModel(link=key, sk=f"visitor#{click.visitor}"),
        actions=[ClickModel.last_unique_at.set(click.at), ClickModel.expires.set(click.at + KEEP_EVENTS)],
        condition=condition,
    )


def _count_reward(tx: TransactWrite, day: ClickModel, rewarded: int, click: Click) -> None:
    condition: Condition = (
        ClickModel.sk.does_not_exist() if day.rewarded is None else ClickModel.rewarded == rewarded
    )
    tx.update(
        ClickModel(link=day.link, sk=day.sk),
        actions=[ClickModel.rewarded.add(1), ClickModel.expires.set(click.at + KEEP_EVENTS)],
        condition=condition,
    )


def _credit(tx: TransactWrite, click: Click, points: int, boards: list[str]) -> None:
    """A unique click counts for the sharer (badges, contests); within the daily cap it also earns points."""
    from advocacy.store import ledger  # stream function only (see `apply`)

    link = click.link
    entry: LedgerModel = ledger.entry(
        link.org_id,
        link.member_id,
        derived_id("click", click.link.org_id, click.sk),
        "click",
        points,
        click.at,
        {"content_id": link.content_id, "share_id": link.share_id, "network": link.network},
    )
    ledger.add_award(tx, entry, link.org_id, link.member_id, boards, [MemberModel.unique_clicks_count.add(1)])
