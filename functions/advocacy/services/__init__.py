"""Use cases: what the API, the jobs and the stream function do, written once over the store (see
docs/architecture.md). Routers and handlers call one function here; each raises the domain errors
whose messages the caller sees."""

from __future__ import annotations

from typing import TypeVar

from advocacy.domain.errors import NotFound

T = TypeVar("T")


def found(item: T | None, what: str) -> T:
    """`item` as the store found it, or the 404 "<what> not found"."""
    if item is None:
        raise NotFound(f"{what} not found")
    return item
