"""Runs the stack's Lambda handlers in this process, one at a time per function, as a warm container would.

Handlers read their configuration from os.environ at import (cold start), so the environment
is set before any handler module is imported. Each function gets a lock: a Lambda container
serves one event at a time, and handler globals (resolver state, logger keys) assume it.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from local.aws import REGION
from local.template import ACCOUNT_ID, FunctionSpec

log = logging.getLogger("local.lambdas")

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class LambdaContext:
    """The slice of the Lambda context object handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int = 1024
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timeout_s: int = 30
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.timeout_s - (time.monotonic() - self._started)) * 1000))


def park(path: Path, entry: dict[str, Any]) -> None:
    """Keep what failed for good, stamped with the time, as one JSON line of `path`: the local
    stand-in for an on-failure destination (the scheduler's jobs, the stream poller's records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"time": datetime.now(UTC).isoformat(), **entry}, default=str) + "\n")


class FunctionError(RuntimeError):
    """The handler raised (Lambda reports an unhandled error); the traceback is already logged."""


def merged_environment(functions: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The union of the functions' environments; a name set differently by two functions keeps
    the first value for the process and is re-applied per function while its handler imports."""
    merged: dict[str, str] = {}
    for env in functions.values():
        for name, value in env.items():
            merged.setdefault(name, value)
    return merged


@contextmanager
def _overlay(env: Mapping[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class LambdaRuntime:
    """Imports and invokes the template's functions by logical id."""

    def __init__(self, functions: Mapping[str, FunctionSpec], envs: Mapping[str, Mapping[str, str]]) -> None:
        self._functions = dict(functions)
        self._envs = {k: dict(v) for k, v in envs.items()}
        self._handlers: dict[str, Handler] = {}
        # One invocation at a time across every function: in AWS each runs in its own container, here
        # they share one process, and module state such as Powertools' metric set (kept at class
        # level) would be flushed by one function while another writes it.
        self._invoking = threading.Lock()
        self._import_lock = threading.Lock()

    def function(self, function_id: str) -> FunctionSpec:
        return self._functions[function_id]

    def _load(self, function_id: str) -> Handler:
        with self._import_lock:
            if function_id not in self._handlers:
                spec = self._functions[function_id]
                module_name, attr = spec.handler.rsplit(".", 1)
                with _overlay(self._envs.get(function_id, {})):
                    module = importlib.import_module(module_name)
                self._handlers[function_id] = getattr(module, attr)
            return self._handlers[function_id]

    def warm(self) -> list[str]:
        """Import every handler now (cold starts at startup, not on the first request); returns failures."""
        failures = []
        for lid, spec in self._functions.items():
            try:
                self._load(lid)
            except Exception as exc:
                log.warning("cannot import %s (%s): %s: %s", spec.handler, lid, type(exc).__name__, exc)
                failures.append(spec.handler)
        return failures

    def invoke(self, function_id: str, event: dict[str, Any], nested: bool = False) -> Any:
        """Call the handler synchronously; raises FunctionError if it raises (or cannot be imported).

        `nested`: a trigger that a service calls while the function that called the service waits (the
        mail function during the api's AdminCreateUser) runs without the one-at-a-time lock, which that
        function holds; such a trigger must keep no module state another function shares.
        """
        spec = self._functions[function_id]
        try:
            handler = self._load(function_id)
        except Exception as exc:
            log.error("cannot import %s: %s", spec.handler, "".join(traceback.format_exception(exc)))
            raise FunctionError(f"{spec.handler} cannot be imported") from exc
        context = LambdaContext(function_name=f"advocacy-local-{function_id}", timeout_s=spec.timeout_s)
        with nullcontext() if nested else self._invoking:
            try:
                return handler(event, context)
            except Exception as exc:
                log.error(
                    "%s raised (request %s): %s",
                    spec.handler,
                    context.aws_request_id,
                    "".join(traceback.format_exception(exc)),
                )
                raise FunctionError(f"{spec.handler} raised {type(exc).__name__}") from exc
