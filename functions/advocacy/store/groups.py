"""Groups live in the orgs table beside the org; a name lock item keeps names unique per org."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from advocacy.domain.names import name_key
from advocacy.store import paging
from advocacy.store.errors import Changed, get_or_none
from advocacy.store.models import GroupModel
from advocacy.store.transactions import Cancelled, writing

GROUP_PREFIX = "GROUP#"
NAME_PREFIX = "GROUPNAME#"


class NameTaken(Exception):
    """Another group of the org holds the name (its name lock exists)."""


def group_sk(group_id: str) -> str:
    return GROUP_PREFIX + group_id


def _name_lock(org_id: str, name: str, group_id: str, now: datetime) -> GroupModel:
    """An item whose key is the name's key (NFKC, case-folded): two groups cannot hold the same one.
    (Locks written before the key was NFKC hold `name.casefold()`, the same for ASCII names.)"""
    return GroupModel(
        org_id=org_id, sk=NAME_PREFIX + name_key(name), group_id=group_id, name=name, created_at=now
    )


def create_group(org_id: str, group_id: str, name: str, now: datetime) -> GroupModel | None:
    """Write the group and its name lock together. None if a group with this id exists already (this
    operation's own earlier write, retried after its answer was lost); NameTaken if the name is."""
    group = GroupModel(org_id=org_id, sk=group_sk(group_id), group_id=group_id, name=name, created_at=now)
    try:
        with writing() as tx:
            tx.save(group, condition=GroupModel.sk.does_not_exist())
            tx.save(_name_lock(org_id, name, group_id, now), condition=GroupModel.sk.does_not_exist())
    except Cancelled as exc:
        if exc.condition_failed(GroupModel, GROUP_PREFIX):
            return None
        if exc.condition_failed(GroupModel, NAME_PREFIX):
            raise NameTaken() from exc
        raise
    return group


def find_group(org_id: str, group_id: str) -> GroupModel | None:
    return get_or_none(GroupModel, org_id, group_sk(group_id))


def list_groups(org_id: str, limit: int, cursor: str | None) -> paging.Page[GroupModel]:
    return paging.org_page(GroupModel, org_id, limit, cursor, prefix=GROUP_PREFIX)


def find_groups(org_id: str, group_ids: set[str], consistent: bool = False) -> list[GroupModel]:
    """Those of `group_ids` that exist, in one batch read, in no particular order."""
    if not group_ids:
        return []
    keys = [(org_id, group_sk(g)) for g in group_ids]
    return list(GroupModel.batch_get(keys, consistent_read=consistent))


def existing_group_ids(org_id: str, group_ids: set[str]) -> set[str]:
    """Which of `group_ids` exist (read consistently: a check before a write)."""
    return {g.group_id for g in find_groups(org_id, group_ids, consistent=True)}


def rename_group(group: GroupModel, name: str, now: datetime) -> GroupModel:
    """Move `group` (as read) and its name lock to `name`: NameTaken if another group holds it,
    Changed if the group was renamed or deleted since it was read."""
    try:
        with writing() as tx:
            tx.update(
                group,
                actions=[GroupModel.name.set(name)],
                condition=GroupModel.sk.exists() & (GroupModel.name == group.name),
            )
            tx.save(
                _name_lock(group.org_id, name, group.group_id, now), condition=GroupModel.sk.does_not_exist()
            )
            tx.delete(_name_lock(group.org_id, group.name, group.group_id, now))
    except Cancelled as exc:
        if exc.condition_failed(GroupModel, NAME_PREFIX):
            raise NameTaken() from exc
        if exc.condition_failed(GroupModel, GROUP_PREFIX):
            raise Changed() from exc
        raise
    group.name = name
    return group


def delete_group(group: GroupModel) -> None:
    """Delete the group and its name lock; Changed if it is gone already. The stream function
    then takes it off every member."""
    try:
        with writing() as tx:
            tx.delete(group, condition=GroupModel.sk.exists())
            tx.delete(_name_lock(group.org_id, group.name, group.group_id, group.created_at))
    except Cancelled as exc:
        if exc.condition_failed(GroupModel, GROUP_PREFIX):
            raise Changed() from exc
        raise


def all_groups(org_id: str) -> Iterator[GroupModel]:
    return GroupModel.query(org_id, GroupModel.sk.startswith(GROUP_PREFIX))
