"""Checks on shares that may be farmed (decisions 82, 83): the shares carrying the marks a farmed share
leaves, the click events that are the evidence, and voiding a share's points.

A void never edits the ledger: it adds one `void` entry per entry the share earned (its share entry,
its click entries), each taking the points back from the balance, the lifetime and every board the
entry counted on, in the same transaction as the share's void mark (and the count of entries voided
so far, which makes two voids of the same share take turns).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

from advocacy.domain.ids import derived_id
from advocacy.store import click_records, ledger, paging, scores
from advocacy.store.errors import get_or_none
from advocacy.store.models import ClickModel, LedgerModel, MemberModel, ShareModel
from advocacy.store.transactions import writing

VOID = "void"  # the ledger entry type of a voided earning
MAX_EVENTS = 2000  # click events read as one share's evidence (a link keeps them 90 days)
TIME_KEYS = {"org_id", "share_key", "created_at"}


def find_by_id(org_id: str, share_id: str) -> ShareModel | None:
    """The share the API calls `share_id` (its key from the keys-only `by_id` index, then the item)."""
    for hit in ShareModel.by_id.query(org_id, ShareModel.share_id == share_id, limit=1):
        return get_or_none(ShareModel, org_id, hit.share_key)
    return None


def marked_page(
    org_id: str, start: datetime, end: datetime, repeats: int, limit: int, cursor: str | None
) -> paging.Page[ShareModel]:
    """Shares made in [start, end], newest first, that carry a mark: `repeats` or more human repeats,
    a capped click, or a void. The filter is applied after the read, so the reads grow with the
    shares in the range (an admin's occasional look, not a request path)."""
    marked = (
        (ShareModel.repeat_clicks >= repeats) | (ShareModel.capped_clicks > 0) | ShareModel.voided_at.exists()
    )
    result = ShareModel.by_time.query(
        org_id,
        ShareModel.created_at.between(start, end),
        filter_condition=marked,
        scan_index_forward=False,
        limit=limit,
        page_size=100,
        last_evaluated_key=paging.decode(cursor, org_id, TIME_KEYS),
    )
    return paging.collect(result)


def click_events(share: ShareModel) -> list[ClickModel]:
    """The share's click events (at most MAX_EVENTS, newest first), the fields evidence reads."""
    key = click_records.link_key(share.org_id, share.code)
    return list(
        ClickModel.query(
            key,
            ClickModel.sk.startswith(click_records.CLICK_PREFIX),
            scan_index_forward=False,
            limit=MAX_EVENTS,
            attributes_to_get=["link", "sk", "at", "visitor", "agent", "bot"],
        )
    )


def earnings(share: ShareModel) -> list[LedgerModel]:
    """Every ledger entry of the sharer that names the share: what it earned and the voids so far."""
    return list(
        LedgerModel.query(
            ledger.owner(share.org_id, share.member_id),
            filter_condition=Path(["ref", "share_id"]) == share.share_id,
        )
    )


def void(
    share: ShareModel,
    entries: Sequence[tuple[LedgerModel, Sequence[str]]],
    by: str,
    reason: str,
    at: datetime,
) -> None:
    """Mark the share voided (unless it is already) and void `entries` (each with the boards it
    counted on), in one transaction. Its conditions: the share's void count as read, and, when
    marking, the share not voided and its unique clicks as read (a click credited since would have an
    entry this void has not seen). Cancelled on the share: read again."""
    done = int(share.voided_entries or 0)
    condition = (
        ShareModel.voided_entries == done
        if share.voided_entries is not None
        else ShareModel.voided_entries.does_not_exist()
    )
    actions: list[Action] = [ShareModel.voided_entries.set(done + len(entries))]
    if share.voided_at is None:
        condition = (
            condition
            & ShareModel.voided_at.does_not_exist()
            & (ShareModel.unique_clicks == int(share.unique_clicks or 0))
        )
        actions += [
            ShareModel.voided_at.set(at),
            ShareModel.voided_by.set(by),
            ShareModel.void_reason.set(reason),
        ]
    total = 0
    deltas: dict[str, int] = {}
    counted: set[str] = set()
    with writing() as tx:
        tx.update(
            ShareModel(org_id=share.org_id, share_key=share.share_key), actions=actions, condition=condition
        )
        for original, boards in entries:
            points = int(original.points)
            total += points
            item = ledger.entry(
                share.org_id,
                share.member_id,
                derived_id(VOID, original.entry_id),
                VOID,
                -points,
                at,
                {"share_id": share.share_id, "entry_id": original.entry_id, "by": by},
            )
            tx.save(item, condition=LedgerModel.entry_key.does_not_exist())
            counted.update(boards)
            taken = scores.award_values(
                boards, -points, -int(original.type == "share"), -int(original.type == "click")
            )
            for attribute, value in taken.items():
                deltas[attribute] = deltas.get(attribute, 0) + value
        if score_actions := scores.add_actions(deltas, counted):
            tx.update(scores.item(share.org_id, share.member_id), actions=score_actions)
        if total:
            # The balance may go below zero: the points were spent before the void took them back.
            tx.update(
                MemberModel(org_id=share.org_id, member_id=share.member_id),
                actions=[MemberModel.balance.add(-total), MemberModel.lifetime.add(-total)],
                condition=MemberModel.member_id.exists(),
            )
