"""Opaque list cursors over DynamoDB's LastEvaluatedKey, bound to the caller's org.

A cursor is the key in base64url JSON. Decoding checks its shape and that it belongs to the org
asking, so a tampered or foreign cursor is a 422 and never reads another tenant's partition.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pynamodb.expressions.condition import Condition
from pynamodb.models import Model
from pynamodb.pagination import ResultIterator

from advocacy.domain.errors import FieldIssue, ValidationFailed

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MAX_CURSOR_LENGTH = 2048
MAX_KEY_BYTES = 1024  # DynamoDB's limit for a sort key value (a partition key may hold 2048)


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def collect(result: ResultIterator[T]) -> Page[T]:
    """Drain one query's results into a page whose cursor continues where DynamoDB stopped."""
    items = list(result)
    return Page(items, encode(result.last_evaluated_key))


def org_page(
    model: type[M],
    org_id: str,
    limit: int,
    cursor: str | None,
    *,
    prefix: str | None = None,
    newest_first: bool = False,
    filter_condition: Condition | None = None,
) -> Page[M]:
    """One page of an org's items of `model` (keyed by org id and a sort key), continuing `cursor`:
    only those whose sort key begins with `prefix` when the table holds several kinds of item.

    The cursor must belong to the org and lie inside this query (`decode`); a filter applies within
    the `limit` items read, so a page may hold fewer."""
    keys = [
        attribute
        for attribute in model.get_attributes().values()
        if attribute.is_hash_key or attribute.is_range_key
    ]
    sort_key = next(attribute for attribute in keys if attribute.is_range_key)
    result = model.query(
        org_id,
        sort_key.startswith(prefix) if prefix else None,
        filter_condition=filter_condition,
        scan_index_forward=not newest_first,
        limit=limit,
        last_evaluated_key=decode(
            cursor,
            org_id,
            {attribute.attr_name for attribute in keys},
            prefixes={sort_key.attr_name: prefix} if prefix else None,
        ),
    )
    return collect(result)


def encode(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> ValidationFailed:
    return ValidationFailed(
        "The cursor is not valid for this list.",
        [FieldIssue("cursor", "pass back next_cursor exactly as received")],
    )


def _storable(value: Any) -> bool:
    """A string DynamoDB takes as a key value: not empty, valid UTF-8, within the sort key limit."""
    if not isinstance(value, str):
        return False
    try:
        return 0 < len(value.encode("utf-8")) <= MAX_KEY_BYTES
    except UnicodeEncodeError:  # a lone surrogate, which JSON can escape
        return False


def decode(
    cursor: str | None,
    org_id: str,
    key_names: set[str],
    *,
    fixed: Mapping[str, str] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """The ExclusiveStartKey for a cursor, or None for the first page.

    The key must lie inside the query it continues: `org_id` (when it is a key) is the caller's,
    each `fixed` attribute holds exactly its value (an index's partition key) and each `prefixes`
    attribute begins with its prefix (the query's `begins_with`). DynamoDB would refuse a start
    key outside the query with an error, which is the client's mistake, not a 500.
    """
    if not cursor:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid_cursor() from exc
    if not isinstance(key, dict) or set(key) != key_names:
        raise invalid_cursor()
    for value in key.values():
        if not (isinstance(value, dict) and len(value) == 1 and _storable(value.get("S"))):
            raise invalid_cursor()
    values = {name: value["S"] for name, value in key.items()}
    exact = {"org_id": org_id, **(fixed or {})}
    if any(name in values and values[name] != want for name, want in exact.items()):
        raise invalid_cursor()
    if any(not values.get(name, "").startswith(prefix) for name, prefix in (prefixes or {}).items()):
        raise invalid_cursor()
    return key
