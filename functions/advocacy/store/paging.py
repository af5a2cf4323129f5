"""Opaque list cursors over DynamoDB's LastEvaluatedKey, bound to the caller's org.

A cursor is the key in base64url JSON. Decoding checks its shape and that it belongs to the org
asking, so a tampered or foreign cursor is a 422 and never reads another tenant's partition.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pynamodb.pagination import ResultIterator

from advocacy.domain.errors import FieldIssue, ValidationFailed

T = TypeVar("T")

MAX_CURSOR_LENGTH = 2048


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def collect(result: ResultIterator[T]) -> Page[T]:
    """Drain one query's results into a page whose cursor continues where DynamoDB stopped."""
    items = list(result)
    return Page(items, encode(result.last_evaluated_key))


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


def decode(cursor: str | None, org_id: str, key_names: set[str]) -> dict[str, Any] | None:
    """The ExclusiveStartKey for a cursor, or None for the first page."""
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
        if not (isinstance(value, dict) and len(value) == 1 and isinstance(value.get("S"), str)):
            raise invalid_cursor()
    if "org_id" in key and key["org_id"]["S"] != org_id:
        raise invalid_cursor()
    return key
