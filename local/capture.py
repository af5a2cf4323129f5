"""What the in-process functions print, caught per invocation so the console can choose what to show.

On AWS a function's stdout is its CloudWatch log: Powertools' JSON records and EMF metric blobs. Here
the functions share this process, so `sys.stdout` becomes a router: what a thread writes while it is
inside `capture()` goes to that capture, everything else to the real stdout. The router must be in
place before the handlers are imported (Powertools' Logger keeps the stream it was built with).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO, cast

PROBLEM_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})


def json_object(line: str) -> dict[str, Any] | None:
    """The line as a JSON object, or None when it is anything else."""
    if not line.startswith("{"):
        return None
    try:
        document = json.loads(line)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def is_metrics(document: dict[str, Any]) -> bool:
    """An EMF blob (`{"_aws": {"CloudWatchMetrics": ...}}`), which CloudWatch turns into metrics."""
    return "_aws" in document


def is_record(document: dict[str, Any]) -> bool:
    """A Powertools JSON log record."""
    return "level" in document and "message" in document


@dataclass
class FunctionOutput:
    """Everything one invocation wrote to stdout, and how long it ran."""

    chunks: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    ended: float | None = None

    @property
    def ms(self) -> float:
        """How long the invocation ran (so far, inside the capture)."""
        return ((self.ended or time.perf_counter()) - self.started) * 1000

    def lines(self) -> list[str]:
        return [line for line in "".join(self.chunks).splitlines() if line.strip()]

    def records(self) -> list[dict[str, Any]]:
        documents = (json_object(line) for line in self.lines())
        return [d for d in documents if d is not None and is_record(d)]

    def role(self) -> str | None:
        """The caller's role, from the api function's DEBUG record (advocacy.handlers.api)."""
        roles = [str(r["role"]) for r in self.records() if r.get("role")]
        return roles[-1] if roles else None


class _Router:
    """`sys.stdout` for the whole process: a capturing thread's writes go to its capture."""

    def __init__(self, real: TextIO) -> None:
        self.real = real
        self._local = threading.local()

    @property
    def sink(self) -> FunctionOutput | None:
        return cast(FunctionOutput | None, getattr(self._local, "sink", None))

    @sink.setter
    def sink(self, value: FunctionOutput | None) -> None:
        self._local.sink = value

    def write(self, text: str) -> int:
        sink = self.sink
        if sink is None:
            return self.real.write(text)
        sink.chunks.append(text)
        return len(text)

    def flush(self) -> None:
        if self.sink is None:
            self.real.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)  # isatty, fileno, encoding, buffer...


def install() -> _Router:
    """Route `sys.stdout` (once per process); returns the router."""
    if not isinstance(sys.stdout, _Router):
        sys.stdout = cast(TextIO, _Router(sys.stdout))
    return cast(_Router, sys.stdout)


@contextmanager
def capture() -> Iterator[FunctionOutput]:
    """Catch what this thread prints inside the block (a function's records, metrics, prints)."""
    router = install()
    output, outer = FunctionOutput(), router.sink
    router.sink = output
    try:
        yield output
    finally:
        output.ended = time.perf_counter()
        router.sink = outer
