"""What each function's code does to DynamoDB while a test runs its handler, held against the access
the stack grants that function (infra/access.py).

moto enforces no IAM, so a function whose code reads or writes a table it is not granted passes every
test and fails in AWS (AccessDenied), as does one whose handler does not bind a table its code uses.
`record()` wraps every handler so that the DynamoDB actions sent while it runs are noted with the
function's name; `refused()` names those the function's grants do not allow.

botocore offers no process-wide hook on its calls (event handlers are registered per client or per
session, and PynamoDB and boto3 each make their own), so the recording wraps
`BaseClient._make_api_call`, the one method every client's operation goes through, as moto's own
documentation does (and tests.support.faults, to inject failures; its wrapper calls this one). tests/integration/test_function_access.py fails if it stops
seeing calls.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from botocore.client import BaseClient

from infra.access import ACTIONS, TABLE_ACCESS

# The action each item of a transaction needs on its table.
_TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}  # fmt: skip

_running: ContextVar[str | None] = ContextVar("running_function", default=None)


@dataclass(frozen=True)
class Use:
    function: str
    action: str
    table: str


_uses: list[Use] = []


def _actions(operation: str, params: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(action, table name) for each table an operation touches, as IAM authorizes it."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        for item in params.get("TransactItems", []):
            ((kind, body),) = item.items()
            yield _TRANSACT_ACTIONS[kind], body["TableName"]
    elif operation in ("BatchGetItem", "BatchWriteItem"):
        for table in params.get("RequestItems", {}):
            yield operation, table
    elif "TableName" in params:
        yield operation, params["TableName"]


def _recording(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def call(client: BaseClient, operation: str, params: Mapping[str, Any]) -> Any:
        function = _running.get()
        if function is not None and client.meta.service_model.service_name == "dynamodb":
            _uses.extend(Use(function, action, table) for action, table in _actions(operation, params))
        return original(client, operation, params)

    return call


def _running_as(function: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(handler)
    def run(*args: Any, **kwargs: Any) -> Any:
        token = _running.set(function)
        try:
            return handler(*args, **kwargs)
        finally:
            _running.reset(token)

    return run


@functools.cache
def install() -> None:
    """Once per process: record DynamoDB calls, and run each handler under its function's name."""
    BaseClient._make_api_call = _recording(BaseClient._make_api_call)  # type: ignore[method-assign]
    for function in TABLE_ACCESS:
        module = importlib.import_module(f"advocacy.handlers.{function}")
        module.handler = _running_as(function, module.handler)


@contextmanager
def recorded() -> Iterator[list[Use]]:
    """The uses recorded while the block runs (a test's)."""
    start = len(_uses)
    found: list[Use] = []
    try:
        yield found
    finally:
        found.extend(_uses[start:])
        del _uses[start:]


def refused(uses: list[Use], tables: Mapping[str, str]) -> list[str]:
    """The uses the stack's grants would refuse, each said once; `tables` maps each table's env var to
    its name in this run."""
    env_of = {name: env for env, name in tables.items()}
    problems: list[str] = []
    for use in dict.fromkeys(uses):
        env = env_of.get(use.table, use.table)
        access = TABLE_ACCESS[use.function].get(env)
        if access is None:
            problems.append(f"{use.function} sends {use.action} to {env}, which it is not granted")
        elif use.action not in ACTIONS[access]:
            problems.append(f"{use.function} sends {use.action} to {env}, granted {access} only")
    return problems
