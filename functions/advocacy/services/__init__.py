"""Use cases: what the API, the jobs and the stream function do, written once over the store (see
docs/architecture.md). Routers and handlers call one function here; each raises the domain errors
whose messages the caller sees.

A use case module loads when it is first used, not when a router or handler imports it (decision
109): a cold start then compiles and runs only the use cases of the request or the job it serves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from advocacy.domain.errors import Conflict, NotFound
from advocacy.first_use import submodules_on_first_use
from advocacy.store.errors import Changed

if TYPE_CHECKING:
    from advocacy.store.models import MemberModel

T = TypeVar("T")

Reads = dict[str, dict[str, Any]]  # table -> BatchGetItem request
Found = dict[str, list[dict[str, Any]]]  # table -> raw items
# Reads the caller's member record in the same BatchGetItem as a use case's first reads, admits the
# caller (401/403) and returns it with what was found, so a read-only request makes one call fewer:
# see api.deps.authorize_with.
Admit = Callable[[Reads], tuple["MemberModel", Found]]


def found(item: T | None, what: str) -> T:
    """`item` as the store found it, or the 404 "<what> not found"."""
    if item is None:
        raise NotFound(f"{what} not found")
    return item


@contextmanager
def unchanged(what: str) -> Iterator[None]:
    """A write made on the condition that `what` is as it was read: the 409 "the <what> was changed
    by another request; retry" when it had moved."""
    try:
        yield
    except Changed as exc:
        raise Conflict(f"the {what} was changed by another request; retry") from exc


__getattr__ = submodules_on_first_use(__name__, __path__)
