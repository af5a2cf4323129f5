"""Use cases: what the API, the jobs and the stream function do, written once over the store (see
docs/architecture.md). Routers and handlers call one function here; each raises the domain errors
whose messages the caller sees.

A use case module loads when it is first used, not when a router or handler imports it (decision
109): a cold start then compiles and runs only the use cases of the request or the job it serves.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from advocacy.domain.errors import Conflict, NotFound
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


# --- loading use cases on first use -----------------------------------------------------------------

_USE_CASES = frozenset(module.name for module in pkgutil.iter_modules(__path__))


class _OnFirstUse(types.ModuleType):
    """Stands for a use case module until an attribute is read from it, which imports the module (once;
    Python's import lock makes it safe across threads) and reads the attribute there. Written by hand:
    the standard library's `importlib.util.LazyLoader` is not thread-safe before Python 3.12, and the
    local stack and the tests run functions on threads."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)

    # What is set through the stand-in is set on the module (a test patching a router's use case), and
    # its namespace is the module's, which is where a patch looks for the value it will restore.
    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        return importlib.import_module(self.__name__).__dict__

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(importlib.import_module(self.__name__), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(importlib.import_module(self.__name__), name)


def __getattr__(name: str) -> Any:
    """`from advocacy.services import sharing`, before `advocacy.services.sharing` is imported: its
    stand-in (PEP 562). Once imported, the package holds the module itself and Python returns that."""
    if name in _USE_CASES:
        return _OnFirstUse(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
