"""Feed sources and the marks of the entries they imported, in the orgs table beside the org.

An entry's content is written in one transaction with its mark (`attribute_not_exists`, a key derived
from org, source and entry) and the source's `imported` counter: a retried run, or two runs at once,
find the mark and create nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DeleteError
from pynamodb.expressions.update import Action

from advocacy.store import content_items, paging
from advocacy.store.errors import Changed, condition_failed, get_or_none, put_new, update_if
from advocacy.store.models import ContentModel, FeedEntryModel, FeedSourceModel
from advocacy.store.transactions import Cancelled, writing

SOURCE_PREFIX = "FEED#"
ENTRY_PREFIX = "FEEDENTRY#"


def source_sk(source_id: str) -> str:
    return SOURCE_PREFIX + source_id


def entry_sk(source_id: str, dedupe_key: str) -> str:
    return f"{ENTRY_PREFIX}{source_id}#{dedupe_key}"


def _sets(values: dict[str, Any]) -> list[Action]:
    """Set each attribute, or remove it where the value is None (or an empty set, which DynamoDB
    cannot hold)."""
    attributes = FeedSourceModel.get_attributes()
    return [
        attributes[name].set(value) if value is not None and value != set() else attributes[name].remove()
        for name, value in values.items()
    ]


def create(source: FeedSourceModel) -> bool:
    """Write a new source; False if its id exists (this operation's own earlier write, retried)."""
    return put_new(source)


def find(org_id: str, source_id: str) -> FeedSourceModel | None:
    return get_or_none(FeedSourceModel, org_id, source_sk(source_id))


def list_page(org_id: str, limit: int, cursor: str | None) -> paging.Page[FeedSourceModel]:
    return paging.org_page(FeedSourceModel, org_id, limit, cursor, prefix=SOURCE_PREFIX)


def all_sources(org_id: str) -> Iterator[FeedSourceModel]:
    return FeedSourceModel.query(org_id, FeedSourceModel.sk.startswith(SOURCE_PREFIX))


def update(source: FeedSourceModel, changes: dict[str, Any], now: datetime) -> None:
    """An admin's edit of `source` as read; Changed if it was edited or deleted since."""
    actions = [*_sets(changes), FeedSourceModel.updated_at.set(now), FeedSourceModel.rev.add(1)]
    if not update_if(source, actions, FeedSourceModel.rev == source.rev):
        raise Changed()


def delete(source: FeedSourceModel) -> bool:
    """Delete the source (its marks stay, harmless); False if it is gone already."""
    try:
        source.delete(condition=FeedSourceModel.sk.exists())
    except DeleteError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def record(source: FeedSourceModel, status: dict[str, Any]) -> bool:
    """The job's status of a fetch (validators, times, error, failures, backoff); it leaves `rev`
    alone, so it never makes an admin's edit fail. False if the source was deleted meanwhile."""
    return update_if(source, _sets(status), FeedSourceModel.sk.exists())


def import_entry(source: FeedSourceModel, item: ContentModel, dedupe_key: str, now: datetime) -> bool:
    """Create `item` with the entry's mark and count it on the source, in one transaction. False if the
    mark exists (imported before, or by a run racing this one) or the source is gone."""
    for name, value in content_items.index_values(item, item.status, item.published_at).items():
        setattr(item, name, value)
    mark = FeedEntryModel(
        org_id=source.org_id,
        sk=entry_sk(source.source_id, dedupe_key),
        source_id=source.source_id,
        content_id=item.content_id,
        created_at=now,
    )
    try:
        with writing() as tx:
            tx.save(mark, condition=FeedEntryModel.sk.does_not_exist())
            tx.save(item, condition=ContentModel.content_id.does_not_exist())
            tx.update(
                source, actions=[FeedSourceModel.imported.add(1)], condition=FeedSourceModel.sk.exists()
            )
    except Cancelled as exc:
        if exc.condition_failed(FeedEntryModel, ENTRY_PREFIX) or exc.condition_failed(
            FeedSourceModel, SOURCE_PREFIX
        ):
            return False
        raise
    return True
