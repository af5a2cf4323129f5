"""Two hot spots of the moto server, made cheaper for the local stack (same results, less CPU).

Profiling the local stack under load (`python -m bench.load`) shows the emulator, not the handlers,
using most of the stack's one core. Two of its costs are pure overhead:

- every request lists moto's package directory (`list_of_moto_modules`: a listdir and ~200 isdir
  calls) to route the request; the list cannot change while the server runs, so it is read once;
- every UpdateItem deep-copies its parsed update expression (twice for a new item) through
  Python's generic `copy.deepcopy`, whose pickle-protocol path dominates the cost on the large
  expressions the analytics rollups use; a node is copied here field by field instead.
"""

from __future__ import annotations

import copy
from typing import Any


def speed_up(dynamodb: bool = True) -> None:
    """Install both shortcuts (idempotent); the second only where moto holds the tables."""
    from moto import backends
    from moto.dynamodb.parsing import ast_nodes

    if not getattr(backends.list_of_moto_modules, "__advocacy_cached__", False):
        listed = tuple(backends.list_of_moto_modules())

        def list_of_moto_modules() -> tuple[str, ...]:
            return listed

        list_of_moto_modules.__advocacy_cached__ = True  # type: ignore[attr-defined]
        backends.list_of_moto_modules = list_of_moto_modules
    if not dynamodb:
        return
    node: Any = vars(ast_nodes)["Node"]  # the module is untyped (`# type: ignore` at its top)
    if "__deepcopy__" not in node.__dict__:
        node.__deepcopy__ = _copy_node


def _copy_node(node: Any, memo: dict[int, Any]) -> Any:
    """A deep copy of an expression tree node: children copied, the parent link pointing into the
    copy (nodes are copied from the root down, so the parent is already in `memo`)."""
    result = node.__class__.__new__(node.__class__)
    memo[id(node)] = result
    for name, value in node.__dict__.items():
        if name == "parent":
            setattr(result, name, memo.get(id(value), value))
        elif name == "children" and value is not None:
            setattr(result, name, [copy.deepcopy(child, memo) for child in value])
        else:
            setattr(result, name, copy.deepcopy(value, memo))
    return result
