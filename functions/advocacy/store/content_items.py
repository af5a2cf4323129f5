"""Content items: lifecycle writes are conditional on the status they expect, so the publish-due job
and a manual publish racing it publish exactly once, and a job run twice changes nothing more."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.domain.times import key_time
from advocacy.store import batch, content_stats, paging
from advocacy.store.connection_model import ConnectionModel
from advocacy.store.connection_records import connection_key
from advocacy.store.errors import Changed, update_if
from advocacy.store.models import ContentModel, OrgModel
from advocacy.store.orgs import ORG_SK
from advocacy.store.transactions import Cancelled, writing

FEED_KEY_NAMES = {"org_id", "content_id", "feed_org", "feed_sort"}
DUE = "DUE"
PLAN = "PLAN"


def feed_sort(published_at: datetime, content_id: str) -> str:
    return f"{key_time(published_at)}#{content_id}"


def due_at(at: datetime, org_id: str, content_id: str) -> str:
    return f"{key_time(at)}#{org_id}#{content_id}"


def index_values(item: ContentModel, status: str, published_at: datetime | None) -> dict[str, str | None]:
    """The feed and due index keys that go with `status` (sparse indexes: None means not listed)."""
    live = status == "published" and published_at is not None
    pending = item.publish_at if status == "scheduled" else item.expires_at if status == "published" else None
    return {
        "feed_org": item.org_id if live else None,
        "feed_sort": feed_sort(published_at, item.content_id) if live and published_at else None,
        "due_pk": DUE if pending else None,
        "due_at": due_at(pending, item.org_id, item.content_id) if pending else None,
    }


def plan_at(published_at: datetime, org_id: str, content_id: str) -> str:
    return f"{key_time(published_at)}#{org_id}#{content_id}"


def index_actions(item: ContentModel, status: str, published_at: datetime | None) -> list[Action]:
    attributes = ContentModel.get_attributes()
    return [
        attributes[name].set(value) if value is not None else attributes[name].remove()
        for name, value in index_values(item, status, published_at).items()
    ]


def create(item: ContentModel) -> bool:
    """Write new content with its index keys and its stats item; False if its id exists already."""
    if item.status == "published" and item.published_at is not None:
        item.plan_pk, item.plan_at = PLAN, plan_at(item.published_at, item.org_id, item.content_id)
    try:
        with writing() as tx:
            add_new(tx, item)
    except Cancelled as exc:
        if exc.condition_failed(ContentModel):
            return False
        raise
    return True


def find(org_id: str, content_id: str) -> ContentModel | None:
    """The content with its counters (one BatchGetItem of the content and its stats item)."""
    content = {"Keys": [{"org_id": {"S": org_id}, "content_id": {"S": content_id}}], "ConsistentRead": True}
    request = {ContentModel.Meta.table_name: content, **content_stats.reads(org_id, [content_id])}
    found = batch.get_many(request)
    items = [ContentModel.from_raw_data(raw) for raw in found.get(ContentModel.Meta.table_name, [])]
    return content_stats.with_stats(items, found)[0] if items else None


def titles_read(org_id: str, content_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for these contents' titles (two attributes each; to join other reads)."""
    keys = [{"org_id": {"S": org_id}, "content_id": {"S": cid}} for cid in sorted(set(content_ids))]
    return (
        {ContentModel.Meta.table_name: {"Keys": keys, "ProjectionExpression": "content_id, title"}}
        if keys
        else {}
    )


def titles_from(found: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Content id -> title, from a BatchGetItem answer (deleted content is missing)."""
    return {
        i["content_id"]["S"]: i.get("title", {}).get("S", "")
        for i in found.get(ContentModel.Meta.table_name, [])
    }


def titles(org_id: str, content_ids: Iterable[str]) -> dict[str, str]:
    """Content id -> title for these contents of one org: one BatchGetItem, none for no ids."""
    request = titles_read(org_id, content_ids)
    return titles_from(batch.get_many(request)) if request else {}


def list_page(
    org_id: str, status: str | None, limit: int, cursor: str | None, search: str | None = None
) -> paging.Page[ContentModel]:
    """Newest first (content ids sort by creation time); a status filter and a `search` (part of the
    title, any case) apply within the page.

    DynamoDB's `contains` cannot ignore case, so the search filters the page read here: the same items
    read, the same cursor, and no folded copy of every title to keep in step."""
    condition = (ContentModel.status == status) if status else None
    page = paging.org_page(ContentModel, org_id, limit, cursor, newest_first=True, filter_condition=condition)
    if search:
        wanted = search.casefold()
        page.items = [item for item in page.items if wanted in item.title.casefold()]
    content_stats.fill(page.items)
    return page


def feed_page(
    org_id: str, member_groups: set[str] | None, now: datetime, limit: int, cursor: str | None
) -> paging.Page[ContentModel]:
    """Published, unexpired content targeted at everyone or at one of `member_groups`, newest first.

    With `member_groups` None (not known yet) the caller filters the page with `domain.content.is_visible_to`: the same
    items and cursor, since DynamoDB applies a filter after the limit too."""
    condition: Condition = ContentModel.expires_at.does_not_exist() | (ContentModel.expires_at > now)
    if member_groups is not None:
        targeted: Condition = ContentModel.groups.does_not_exist()
        for group in sorted(member_groups):
            targeted = targeted | ContentModel.groups.contains(group)
        condition = targeted & condition
    result = ContentModel.feed.query(
        org_id,
        filter_condition=condition,
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=paging.decode(cursor, org_id, FEED_KEY_NAMES, fixed={"feed_org": org_id}),
    )
    return paging.collect(result)


def update(item: ContentModel, changes: dict[str, Any], now: datetime) -> None:
    """Edit fields of `item` (as read); index keys follow the new times. Changed if someone else
    changed it first."""
    for name, value in changes.items():
        setattr(item, name, value)
    actions: list[Action] = [getattr(ContentModel, name).set(value) for name, value in changes.items()]
    actions += [ContentModel.updated_at.set(now), ContentModel.rev.add(1)]
    actions += index_actions(item, item.status, item.published_at)
    if not update_if(item, actions, ContentModel.rev == item.rev):
        raise Changed()


def transition(
    item: ContentModel,
    to: str,
    now: datetime,
    allowed_from: tuple[str, ...],
    expires_at: datetime | None = None,
    marks: dict[str, Any] | None = None,
) -> bool:
    """Move to status `to` if the stored status is still one of `allowed_from`. False if it was not.

    `expires_at` (when publishing content that had none) and `marks` (attribute -> value, None removes
    it: who approved or rejected the content, and the note) are written in the same update.
    """
    published_at = now if to == "published" else item.published_at
    if expires_at is not None:
        item.expires_at = expires_at
    actions: list[Action] = [
        ContentModel.status.set(to),
        ContentModel.updated_at.set(now),
        ContentModel.rev.add(1),
    ]
    if to == "published":  # live now: its auto-posts are to be planned (the auto-share-plan job)
        actions.append(ContentModel.published_at.set(now))
        actions.append(ContentModel.plan_pk.set(PLAN))
        actions.append(ContentModel.plan_at.set(plan_at(now, item.org_id, item.content_id)))
    if expires_at is not None:
        actions.append(ContentModel.expires_at.set(expires_at))
    attributes = ContentModel.get_attributes()
    for name, value in (marks or {}).items():
        setattr(item, name, value)
        actions.append(attributes[name].set(value) if value is not None else attributes[name].remove())
    actions += index_actions(item, to, published_at)
    condition: Condition = ContentModel.status.is_in(*allowed_from)
    try:
        with writing() as tx:
            tx.update(item, actions=actions, condition=condition)
            content_stats.mirror_status(tx, item.org_id, item.content_id, to)
    except Cancelled as exc:
        if exc.condition_failed(ContentModel):
            return False
        raise
    item.status, item.published_at, item.updated_at, item.rev = to, published_at, now, int(item.rev or 0) + 1
    return True


def due(now: datetime) -> Iterator[ContentModel]:
    """Every item whose pending publish or expiry time is at or before `now`, across orgs."""
    return ContentModel.due.query(DUE, ContentModel.due_at < key_time(now) + "~")


def to_plan(now: datetime) -> Iterator[ContentModel]:
    """Content gone live up to `now` whose auto-posts are not planned yet, across orgs, oldest first."""
    return ContentModel.plan.query(PLAN, ContentModel.plan_at < key_time(now) + "~")


def planned(item: ContentModel) -> None:
    """Its auto-posts are planned: out of the plan index (a second run finds nothing to do)."""
    update_if(
        item, [ContentModel.plan_pk.remove(), ContentModel.plan_at.remove()], ContentModel.plan_pk.exists()
    )


def published_since(org_id: str, since: datetime) -> Iterator[ContentModel]:
    """Content published after `since`, newest first (the feed index, read from that point on)."""
    return ContentModel.feed.query(org_id, ContentModel.feed_sort > key_time(since), scan_index_forward=False)


def find_for_share(
    org_id: str, content_id: str, member_id: str, network: str
) -> tuple[ContentModel | None, OrgModel | None, int | None]:
    """The content, its org (None where absent) and the follower count the member's connected account on
    `network` reported (None without one, or one that needs reconnecting) in one BatchGetItem across
    three tables: the share path's one read. Of the account only its status and count are read."""
    content_table, orgs_table = ContentModel.Meta.table_name, OrgModel.Meta.table_name
    connections_table = ConnectionModel.Meta.table_name
    pending: dict[str, Any] = {
        content_table: {
            "Keys": [{"org_id": {"S": org_id}, "content_id": {"S": content_id}}],
            "ConsistentRead": True,
        },
        orgs_table: {"Keys": [{"org_id": {"S": org_id}, "sk": {"S": ORG_SK}}], "ConsistentRead": True},
        connections_table: {
            "Keys": [{"org_id": {"S": org_id}, "sk": {"S": connection_key(member_id, network)}}],
            "ProjectionExpression": "#s, followers",
            "ExpressionAttributeNames": {"#s": "status"},
        },
    }
    found = batch.get_many(pending)
    content, org, account = found[content_table], found[orgs_table], found.get(connections_table) or []
    return (
        ContentModel.from_raw_data(content[0]) if content else None,
        OrgModel.from_raw_data(org[0]) if org else None,
        verified_followers(account[0]) if account else None,
    )


def verified_followers(raw: dict[str, Any]) -> int | None:
    """A connected account's reported follower count, from its raw item (None when it has none)."""
    if raw.get("status", {}).get("S") != "connected" or "N" not in raw.get("followers", {}):
        return None
    return int(raw["followers"]["N"])


def add_new(tx: TransactWrite, item: ContentModel) -> None:
    """Write new content with its index keys in the caller's transaction, on the condition that its id
    is new (a draft made from a member's suggestion, in the transaction that accepts it)."""
    for name, value in index_values(item, item.status, item.published_at).items():
        setattr(item, name, value)
    tx.save(item, condition=ContentModel.content_id.does_not_exist())
    content_stats.mirror_status(tx, item.org_id, item.content_id, item.status)
