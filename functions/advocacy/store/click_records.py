"""Clicks on short links. The redirect puts one click event (its only write); the stream function then
applies everything the click causes in one transaction keyed by the click, so a replay is a no-op
(what a click earns is services.clicks' to decide).

Items per link (partition `<org_id>#<code>`): `click#<request id>` events and `visitor#<key>` marks
holding the last unique click of a visitor. The clicks rewarded on the share's latest day (with a tag
per rewarded click naming its network, for the network cap) are kept on the share item, which the
click's transaction updates anyway: no item more (decision 91; `day#<date>` counters of earlier
versions are only read, by a member's copy of their data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.domain.clicks import Visitor
from advocacy.domain.ids import derived_id
from advocacy.domain.roles import Status
from advocacy.store.content_stats_model import ContentStatsModel
from advocacy.store.errors import get_or_none, put_new
from advocacy.store.models import ClickModel, LedgerModel, LinkModel, MemberModel, ShareModel

if TYPE_CHECKING:
    from advocacy.store.share_rewards import Reward
    from advocacy.store.transactions import Cancelled

CLICK_PREFIX = "click#"
KEEP_EVENTS = timedelta(days=400)
"""How long a click event lives when the redirect is not told (`settings.click_retention_days`)."""


def link_key(org_id: str, code: str) -> str:
    return f"{org_id}#{code}"


# The link's fields a click event carries, so the stream function applies it without reading the link.
COPIED = ("share_id", "member_id", "content_id", "network")


def record(
    link: LinkModel, click_id: str, at: datetime, bot: bool, visitor: Visitor, keep: timedelta = KEEP_EVENTS
) -> bool:
    """Put the click event once (a replayed request id is ignored), to be deleted by TTL `keep` after
    it was made. False if it was a replay."""
    event = ClickModel(
        link=link_key(link.org_id, link.code),
        sk=f"{CLICK_PREFIX}{click_id}",
        at=at,
        bot=bot,
        visitor=visitor.visitor,
        subnet=visitor.network,
        agent=visitor.agent,
        groups=set(link.groups or ()) or None,
        expires=at + keep,
        **{name: getattr(link, name) for name in COPIED},
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
    network: str = ""  # the visitor's wider network (events recorded before it was kept: its address)
    expires: datetime | None = None
    """The event's own TTL: the visitor mark and day counter it moves live as long (the retention)."""

    @property
    def keep_until(self) -> datetime:
        return self.expires or self.at + KEEP_EVENTS

    @classmethod
    def from_image(cls, image: dict[str, object]) -> Click:
        """From a stream record's new image (the redirect copied the link's fields onto the event)."""
        event = ClickModel.from_raw_data(image)
        org_id, code = event.link.split("#", 1)
        link = LinkModel(
            code=code, org_id=org_id, url="", groups=set(event.groups or ()),
            **{name: getattr(event, name) for name in COPIED},
        )  # fmt: skip
        assert event.at is not None
        visitor = event.visitor or ""
        return cls(link=link, sk=event.sk, at=event.at, bot=bool(event.bot), visitor=visitor,
                   network=event.subnet or visitor, expires=event.expires)  # fmt: skip


def find(link: str, sk: str) -> ClickModel | None:
    return get_or_none(ClickModel, link, sk)


def visitor_mark(click: Click) -> ClickModel | None:
    """The visitor's mark on the link: when its last unique click was."""
    return find(link_key(click.link.org_id, click.link.code), f"visitor#{click.visitor}")


def apply(
    click: Click,
    day: str,
    unique: bool,
    mark: ClickModel | None,
    reward: Reward | None,
    points: int,
    boards: list[str],
    credit: bool = True,
    capped: bool = False,
) -> None:
    """Everything the click causes, in one transaction keyed by the click event (marked processed, with
    whether it was `unique` and its `by_day` index key, from which the rollup job counts the analytics
    of `day`): the counts on its content and share; for a `unique` click the visitor's `mark` moved
    and, with `credit`, the sharer credited `points` (0 beyond the caps), with the share's day counter
    moved by the `reward` (tagged with the click's network) when the click is rewarded. A human repeat
    and a `capped` click (a cap left it unrewarded) are counted on the share: the marks of a farmed
    share. The mark and the share's day counter are written on the condition
    they did not move since read; a credit on the condition that the content is not archived, the
    sharer not deactivated and the share not voided (checked on the items the transaction updates
    anyway: no read). Cancelled: `already_applied`, `not_creditable` (apply again without `credit`),
    or a mark or the share moved (read again: the share may have been voided meanwhile)."""
    # Imported here: the redirect loads this module for `record` alone, and keeps its cold start lean.
    from advocacy.store.rollups import day_shard
    from advocacy.store.transactions import writing

    key = link_key(click.link.org_id, click.link.code)
    human = not click.bot
    with writing() as tx:
        tx.update(
            ClickModel(link=key, sk=click.sk),
            actions=[
                ClickModel.processed.set(True),
                ClickModel.unique.set(unique),
                ClickModel.rollup_day.set(day_shard(click.link.org_id, day, f"{key}#{click.sk}")),
            ],
            condition=ClickModel.sk.exists() & ClickModel.processed.does_not_exist(),
        )
        credited = unique and credit
        _count(tx, click.link, human, unique, credited, capped, reward if credited else None)
        if unique:
            _mark(tx, key, click, mark)
        if credited:
            _credit(tx, click, points, boards, counts=reward is not None)


def already_applied(exc: Cancelled) -> bool:
    """The click event was processed before (a replayed stream record)."""
    return exc.condition_failed(ClickModel, CLICK_PREFIX)


def not_creditable(exc: Cancelled) -> bool:
    """The click's content is archived or its sharer deactivated: it counts, but credits nothing."""
    return exc.condition_failed(ContentStatsModel) or exc.condition_failed(MemberModel)


def moved(exc: Cancelled) -> bool:
    """A concurrent click moved the visitor's mark or the share's day counter since they were read,
    or the share was voided meanwhile (the next read says which)."""
    return exc.condition_failed(ClickModel) or exc.condition_failed(ShareModel)


def _count(
    tx: TransactWrite,
    link: LinkModel,
    human: bool,
    unique: bool,
    credited: bool,
    capped: bool,
    reward: Reward | None,
) -> None:
    share_actions: list[Action] = [ShareModel.clicks.add(1)]
    if human:
        share_actions.append(ShareModel.human_clicks.add(1))
    if unique:
        share_actions.append(ShareModel.unique_clicks.add(1))
    elif human:
        share_actions.append(ShareModel.repeat_clicks.add(1))
    if capped:
        share_actions.append(ShareModel.capped_clicks.add(1))
    from advocacy.store import content_stats, share_rewards  # stream function only (see `apply`)

    content_stats.count_click(tx, link.org_id, link.content_id, unique, credited)
    condition: Condition | None = ShareModel.voided_at.does_not_exist() if credited else None
    if reward is not None:
        moved, as_read = share_rewards.moves(reward)
        share_actions += moved
        condition = ShareModel.voided_at.does_not_exist() & as_read
    share_key = f"{link.member_id}#{link.content_id}#{link.network}"
    tx.update(ShareModel(org_id=link.org_id, share_key=share_key), actions=share_actions, condition=condition)


def _mark(tx: TransactWrite, key: str, click: Click, mark: ClickModel | None) -> None:
    condition: Condition = ClickModel.sk.does_not_exist()
    if mark is not None:
        condition = ClickModel.last_unique_at == mark.last_unique_at
    tx.update(
        ClickModel(link=key, sk=f"visitor#{click.visitor}"),
        actions=[ClickModel.last_unique_at.set(click.at), ClickModel.expires.set(click.keep_until)],
        condition=condition,
    )


def _credit(tx: TransactWrite, click: Click, points: int, boards: list[str], counts: bool) -> None:
    """A unique click counts for the sharer's badges; a rewarded one (within the caps, `counts`) also
    earns points and counts in clicks contests, so a contest cannot be farmed past the caps."""
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
    ledger.add_award(
        tx,
        entry,
        link.org_id,
        link.member_id,
        boards,
        [MemberModel.unique_clicks_count.add(1)],
        member_condition=MemberModel.status != Status.DEACTIVATED.value,
        counts=counts,
    )
