"""Reading and moving a content's counters and mirrored status (`content_stats_model`).

Readers see one set of counters: those the content item held before the counters moved to their own
item (kept there, no longer moved) plus the stats item's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.store import batch
from advocacy.store.content_stats_model import STATS_SK, ContentStatsModel, stats_key
from advocacy.store.models import ContentModel

PUBLISHED = "published"
ARCHIVED = "archived"  # content whose clicks count but earn nothing (docs/api.md, decision 77)


def mirror_status(tx: TransactWrite, org_id: str, content_id: str, status: str) -> None:
    """Write the content's new status on its stats item, in the transaction that moves the content."""
    tx.update(stats_key(org_id, content_id), actions=[ContentStatsModel.status.set(status)])


def count_share(tx: TransactWrite, org_id: str, content_id: str) -> None:
    """One share more, on the condition that the content is published (content made before the stats
    item has no status on it until its next change; the share's read of the content checked it)."""
    tx.update(
        stats_key(org_id, content_id),
        actions=[ContentStatsModel.shares.add(1)],
        condition=(ContentStatsModel.status == PUBLISHED) | ContentStatsModel.status.does_not_exist(),
    )


def count_click(tx: TransactWrite, org_id: str, content_id: str, unique: bool, credited: bool) -> None:
    """One click more (and a unique one); a credited click on the condition the content is not archived."""
    actions: list[Action] = [ContentStatsModel.clicks.add(1)]
    if unique:
        actions.append(ContentStatsModel.unique_clicks.add(1))
    condition: Condition | None = None
    if credited:
        condition = ContentStatsModel.status.does_not_exist() | (ContentStatsModel.status != ARCHIVED)
    tx.update(stats_key(org_id, content_id), actions=actions, condition=condition)


def reads(org_id: str, content_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for these contents' stats items (to join a caller's own request)."""
    keys = [{"scope": {"S": f"{org_id}#content:{cid}"}, "day": {"S": STATS_SK}} for cid in content_ids]
    return {ContentStatsModel.Meta.table_name: {"Keys": keys}} if keys else {}


def with_stats(items: list[ContentModel], found: dict[str, list[dict[str, Any]]]) -> list[ContentModel]:
    """`items` with the counters of their stats items (from a BatchGetItem answer) added to their own."""
    stats = {
        s.scope.rsplit(":", 1)[1]: s
        for s in (
            ContentStatsModel.from_raw_data(raw) for raw in found.get(ContentStatsModel.Meta.table_name, [])
        )
        if s.day == STATS_SK
    }
    for item in items:
        counted = stats.get(item.content_id)
        if counted is not None:
            item.stats_shares = int(item.stats_shares or 0) + int(counted.shares or 0)
            item.stats_clicks = int(item.stats_clicks or 0) + int(counted.clicks or 0)
            item.stats_unique_clicks = int(item.stats_unique_clicks or 0) + int(counted.unique_clicks or 0)
    return items


def fill(items: list[ContentModel]) -> list[ContentModel]:
    """`items` (of one org) with their stats items' counters: one BatchGetItem."""
    if not items:
        return items
    return with_stats(items, batch.get_many(reads(items[0].org_id, [i.content_id for i in items])))
