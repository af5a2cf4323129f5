"""Hot spots of moto, made cheaper for the local stack and the integration tier (same results, less CPU).

Profiling the local stack under load (`python -m bench.load`) and the integration tier shows the
emulator, not the handlers, using most of the CPU. These costs are pure overhead:

- every request lists moto's package directory (`list_of_moto_modules`: a listdir and ~200 isdir
  calls) to route the request; the list cannot change while the server runs, so it is read once;
- every UpdateItem deep-copies its parsed update expression (twice for a new item) through
  Python's generic `copy.deepcopy`, whose pickle-protocol path dominates the cost on the large
  expressions the analytics rollups use; a node is copied here field by field instead;
- moto 5.2 writes every answer by walking the operation's output shape, trying several names for
  each member of each attribute value; item answers (GetItem, Query, TransactWriteItems...) are JSON
  already once moto has made its items dicts, so they are dumped as they are;
- every user pool imports moto's one fixed signing key anew, recovering its primes (about 0.4 s);
  the first import is kept and handed to every later pool.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any


def speed_up(dynamodb: bool = True) -> None:
    """Install the shortcuts (idempotent); the DynamoDB ones only where moto holds the tables."""
    from moto import backends
    from moto.dynamodb.parsing import ast_nodes

    if not getattr(backends.list_of_moto_modules, "__advocacy_cached__", False):
        listed = tuple(backends.list_of_moto_modules())

        def list_of_moto_modules() -> tuple[str, ...]:
            return listed

        list_of_moto_modules.__advocacy_cached__ = True  # type: ignore[attr-defined]
        backends.list_of_moto_modules = list_of_moto_modules
    _import_pool_keys_once()
    if not dynamodb:
        return
    node: Any = vars(ast_nodes)["Node"]  # the module is untyped (`# type: ignore` at its top)
    if "__deepcopy__" not in node.__dict__:
        node.__deepcopy__ = _copy_node
    _answer_items_as_json()


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


# The operations whose answers are items and consumed capacity.
ITEM_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
_UNITS = ("CapacityUnits", "ReadCapacityUnits", "WriteCapacityUnits")


def _units_as_doubles(capacity: Any) -> Any:
    """The model types consumed units as doubles; moto sometimes counts them as ints."""
    if isinstance(capacity, list):
        return [_units_as_doubles(entry) for entry in capacity]
    if isinstance(capacity, dict):
        return {k: float(v) if k in _UNITS else _units_as_doubles(v) for k, v in capacity.items()}
    return capacity


@functools.cache
def _output_members(operation: str) -> frozenset[str]:
    """What the model lets an operation answer (moto adds a few legacy members its serializer drops)."""
    from moto.core.responses import get_service_model

    return frozenset(get_service_model("dynamodb").operation_model(operation).output_shape.members)


def _answer_items_as_json() -> None:
    """Item answers dumped with moto's own DynamoDB JSON encoder (bytes as base64) rather than its
    shape-walking serializer; tests/unit/test_local_moto_speedups.py compares both, operation by operation."""
    from moto.dynamodb.models.utilities import dynamo_json_dump
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.serialized
    if getattr(original, "__advocacy_json__", False):
        return

    def serialized(self: Any, action_result: Any) -> Any:
        operation, result = self._get_action(), action_result.result
        if operation not in ITEM_OPERATIONS or not isinstance(result, dict):
            return original(self, action_result)
        members = _output_members(operation)
        answer = {
            k: _units_as_doubles(v) if k == "ConsumedCapacity" else v
            for k, v in result.items()
            if k in members and v is not None
        }
        headers = {"Content-Type": "application/x-amz-json-1.0", **self.response_headers}
        return 200, headers, dynamo_json_dump(answer)

    serialized.__advocacy_json__ = True  # type: ignore[attr-defined]
    serialized.__wrapped__ = original  # type: ignore[attr-defined]
    DynamoHandler.serialized = serialized  # type: ignore[method-assign]


class _ImportedOnce:
    """Stands in for joserfc's `jwk` module in moto's Cognito models: the first import of a key is
    kept and handed to every later pool. Pools sign with that key whichever object holds it, so
    tokens and the published JWKS do not change."""

    def __init__(self, jwk: Any) -> None:
        self.jwk = jwk
        self.keys: dict[str, Any] = {}
        self.RSAKey = self  # moto calls jwk.RSAKey.import_key(data)

    def import_key(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return self.jwk.RSAKey.import_key(data, *args, **kwargs)
        marker = json.dumps(data, sort_keys=True)
        if marker not in self.keys:
            self.keys[marker] = self.jwk.RSAKey.import_key(data)
        return self.keys[marker]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.jwk, name)


def _import_pool_keys_once() -> None:
    import moto.cognitoidp.models as cognito_models

    if not isinstance(cognito_models.jwk, _ImportedOnce):
        cognito_models.jwk = _ImportedOnce(cognito_models.jwk)  # type: ignore[assignment]
