"""Members: keyed by org and Cognito sub; group membership counts move in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from advocacy.store import batch, paging
from advocacy.store.errors import Changed, get_or_none, update_if
from advocacy.store.groups import group_sk
from advocacy.store.models import GroupModel, MemberModel
from advocacy.store.transactions import Cancelled, writing


class GroupMissing(Exception):
    """A group the member would join does not exist (any more)."""


def _count_group(tx: TransactWrite, org_id: str, group_id: str, delta: int) -> None:
    """Move a group's member count; an added group must still exist when the transaction commits."""
    group = GroupModel(org_id=org_id, sk=group_sk(group_id))
    condition = GroupModel.sk.exists()
    tx.update(group, actions=[GroupModel.member_count.add(delta)], condition=condition)


def _raise_for(exc: Cancelled) -> None:
    if exc.condition_failed(MemberModel):
        raise Changed() from exc
    if exc.condition_failed(GroupModel):
        raise GroupMissing() from exc


def add_member(member: MemberModel) -> MemberModel:
    """Create the member and count it in its groups, all or nothing."""
    try:
        with writing() as tx:
            tx.save(member, condition=MemberModel.member_id.does_not_exist())
            for group_id in sorted(member.groups or ()):
                _count_group(tx, member.org_id, group_id, +1)
    except Cancelled as exc:
        _raise_for(exc)
        raise
    return member


def find_member(org_id: str, member_id: str, consistent: bool = False) -> MemberModel | None:
    return get_or_none(MemberModel, org_id, member_id, consistent=consistent)


def find_members(org_id: str, member_ids: Iterable[str]) -> Iterator[MemberModel]:
    """The members of `member_ids` that exist, in batch reads of 100 (in no particular order)."""
    return MemberModel.batch_get([(org_id, member_id) for member_id in member_ids])


def find_member_with(
    org_id: str, member_id: str, reads: dict[str, dict[str, Any]]
) -> tuple[MemberModel | None, dict[str, list[dict[str, Any]]]]:
    """The member (None if absent) and the items of `reads` (table -> BatchGetItem request), in one
    BatchGetItem: a request's authorization and its first reads in one round trip."""
    table = MemberModel.Meta.table_name
    if table in reads:
        raise ValueError("the member is read by find_member_with itself")
    found = batch.get_many(
        {**reads, table: {"Keys": [{"org_id": {"S": org_id}, "member_id": {"S": member_id}}]}}
    )
    items = found.pop(table)
    return (MemberModel.from_raw_data(items[0]) if items else None), found


def list_members(
    org_id: str,
    limit: int,
    cursor: str | None,
    group: str | None = None,
    role: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> paging.Page[MemberModel]:
    """One page of members; filters apply within the page, so a page may hold fewer than `limit`.

    DynamoDB's `contains` cannot ignore case, so `search` (part of the name or email, any case)
    filters the page read here: the same items read, the same cursor, and no folded copy of every
    name to keep in step."""
    conditions: list[Condition] = []
    if group:
        conditions.append(MemberModel.groups.contains(group))
    if role:
        conditions.append(MemberModel.role == role)
    if status:
        conditions.append(MemberModel.status == status)
    filter_condition: Condition | None = None
    for condition in conditions:
        filter_condition = condition if filter_condition is None else filter_condition & condition
    page = paging.org_page(MemberModel, org_id, limit, cursor, filter_condition=filter_condition)
    if search:
        wanted = search.casefold()
        page.items = [m for m in page.items if wanted in m.name.casefold() or wanted in m.email.casefold()]
    return page


def update_member(member: MemberModel, changes: dict[str, Any], now: datetime) -> None:
    """Apply `changes` to `member` (as read); a change of groups moves the counts of the groups left
    and joined. Changed if the member moved since it was read, GroupMissing if a joined group
    is gone."""
    actions: list[Action] = [MemberModel.updated_at.set(now), MemberModel.rev.add(1)]
    joined: set[str] = set()
    left: set[str] = set()
    for name, value in changes.items():
        if name == "groups":
            new = set(value)
            old = set(member.groups or ())
            joined, left = new - old, old - new
            actions.append(MemberModel.groups.set(new) if new else MemberModel.groups.remove())
        else:
            actions.append(getattr(MemberModel, name).set(value))
    try:
        with writing() as tx:
            tx.update(member, actions=actions, condition=MemberModel.rev == member.rev)
            for group_id in sorted(joined):
                _count_group(tx, member.org_id, group_id, +1)
            for group_id in sorted(left):
                _count_group(tx, member.org_id, group_id, -1)
    except Cancelled as exc:
        _raise_for(exc)
        raise


def leave_deleted_group(org_id: str, group_id: str) -> int:
    """Take a deleted group off every member holding it; safe to repeat. Returns members changed.

    Bumping `rev` makes a concurrent profile edit, read before this, fail and be retried.
    """
    changed = 0
    for member in MemberModel.query(org_id, filter_condition=MemberModel.groups.contains(group_id)):
        actions = [MemberModel.groups.delete({group_id}), MemberModel.rev.add(1)]
        changed += update_if(member, actions, MemberModel.groups.contains(group_id))
    return changed


def all_members(org_id: str) -> Iterator[MemberModel]:
    """Every member of an org, for jobs that rank or notify them all (paginated query)."""
    return MemberModel.query(org_id)


def count_active(org_id: str, group: str | None = None) -> int:
    """Active members of the org (or of one group): a count query, paged over the org's members."""
    condition: Condition = MemberModel.status == "active"
    if group:
        condition = condition & MemberModel.groups.contains(group)
    return int(MemberModel.count(org_id, filter_condition=condition))
