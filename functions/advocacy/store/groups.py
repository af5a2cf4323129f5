"""Groups live in the orgs table beside the org; a name lock item keeps names unique per org."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from advocacy.domain.errors import Conflict, NotFound
from advocacy.store import paging
from advocacy.store.errors import failures
from advocacy.store.models import GroupModel
from advocacy.store.tables import transaction

GROUP_PREFIX = "GROUP#"
NAME_PREFIX = "GROUPNAME#"
KEY_NAMES = {"org_id", "sk"}


def group_sk(group_id: str) -> str:
    return GROUP_PREFIX + group_id


def _name_lock(org_id: str, name: str, group_id: str, now: datetime) -> GroupModel:
    """An item whose key is the folded name: two groups cannot hold the same one."""
    return GroupModel(
        org_id=org_id, sk=NAME_PREFIX + name.casefold(), group_id=group_id, name=name, created_at=now
    )


def _name_taken(tx: TransactWrite, exc: TransactWriteError) -> bool:
    return any(
        f.on(GroupModel, NAME_PREFIX) and f.reason == "ConditionalCheckFailed" for f in failures(tx, exc)
    )


def _group_changed(tx: TransactWrite, exc: TransactWriteError) -> bool:
    """The group item's own condition failed (renamed or deleted meanwhile); a throttled or
    conflicting transaction is not that, and goes on as a 503."""
    return any(
        f.on(GroupModel, GROUP_PREFIX) and f.reason == "ConditionalCheckFailed" for f in failures(tx, exc)
    )


def create_group(org_id: str, group_id: str, name: str, now: datetime) -> GroupModel:
    group = GroupModel(org_id=org_id, sk=group_sk(group_id), group_id=group_id, name=name, created_at=now)
    try:
        with transaction() as tx:
            tx.save(group, condition=GroupModel.sk.does_not_exist())
            tx.save(_name_lock(org_id, name, group_id, now), condition=GroupModel.sk.does_not_exist())
    except TransactWriteError as exc:
        if _group_changed(tx, exc):
            # A fresh id that exists: this operation's own earlier write, retried after its answer was lost.
            return get_group(org_id, group_id)
        if _name_taken(tx, exc):
            raise Conflict(f"a group named {name!r} already exists") from exc
        raise
    return group


def get_group(org_id: str, group_id: str) -> GroupModel:
    try:
        return GroupModel.get(org_id, group_sk(group_id), consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("group not found") from exc


def list_groups(org_id: str, limit: int, cursor: str | None) -> paging.Page[GroupModel]:
    result = GroupModel.query(
        org_id,
        GroupModel.sk.startswith(GROUP_PREFIX),
        limit=limit,
        last_evaluated_key=paging.decode(cursor, org_id, KEY_NAMES, prefixes={"sk": GROUP_PREFIX}),
    )
    return paging.collect(result)


def existing_group_ids(org_id: str, group_ids: set[str]) -> set[str]:
    """Which of `group_ids` exist, in one batch read."""
    if not group_ids:
        return set()
    keys = [(org_id, group_sk(g)) for g in group_ids]
    return {g.group_id for g in GroupModel.batch_get(keys, consistent_read=True)}


def rename_group(org_id: str, group_id: str, name: str, now: datetime) -> GroupModel:
    group = get_group(org_id, group_id)
    if group.name == name:
        return group
    try:
        with transaction() as tx:
            tx.update(
                group,
                actions=[GroupModel.name.set(name)],
                condition=GroupModel.sk.exists() & (GroupModel.name == group.name),
            )
            tx.save(_name_lock(org_id, name, group_id, now), condition=GroupModel.sk.does_not_exist())
            tx.delete(_name_lock(org_id, group.name, group_id, now))
    except TransactWriteError as exc:
        if _name_taken(tx, exc):
            raise Conflict(f"a group named {name!r} already exists") from exc
        if _group_changed(tx, exc):
            raise Conflict("the group was changed by another request; retry") from exc
        raise
    group.name = name
    return group


def delete_group(org_id: str, group_id: str) -> GroupModel:
    """Delete the group and its name; the stream function then takes it off every member."""
    group = get_group(org_id, group_id)
    try:
        with transaction() as tx:
            tx.delete(group, condition=GroupModel.sk.exists())
            tx.delete(_name_lock(org_id, group.name, group_id, group.created_at))
    except TransactWriteError as exc:
        if _group_changed(tx, exc):
            raise NotFound("group not found") from exc
        raise
    return group


def all_groups(org_id: str) -> Iterator[GroupModel]:
    return GroupModel.query(org_id, GroupModel.sk.startswith(GROUP_PREFIX))
