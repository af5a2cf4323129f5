"""Identifiers: opaque to clients; random, time-sortable where order matters, or derived where an event must keep its id."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime


def new_id() -> str:
    """A 128-bit random id in lowercase hex."""
    return secrets.token_hex(16)


def sortable_id(at: datetime, seed: str | None = None) -> str:
    """An id that sorts by time (12 hex digits of milliseconds, then 80 bits: random, or derived
    from `seed` when the same operation must get the same id again).

    Used where "newest first" is a key order: content and ledger entries.
    """
    millis = int(at.timestamp() * 1000)
    tail = secrets.token_hex(10) if seed is None else hashlib.sha256(seed.encode()).hexdigest()[:20]
    return f"{millis:012x}{tail}"


def derived_id(*parts: str) -> str:
    """A deterministic id from its parts: the same event always gets the same id (exactly-once keys)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return digest[:32]
