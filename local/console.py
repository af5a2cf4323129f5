"""The `make dev` console: one line per request, job run and stream batch, in colour on a terminal.

What the functions print (JSON records, EMF metric blobs) and library warnings are shown only with
`--verbose`; without it a request, job or batch line is followed only by what needs a look: the
function's warning and error records (with their traceback) and any plain `print()` of its code.
Callers log a `Line` with `report()`; `ConsoleFormatter` renders it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from local.capture import PROBLEM_LEVELS, FunctionOutput, install, is_record, json_object

_CODES = {
    "bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"
}  # fmt: skip
# Keys Powertools puts on every record: the console shows only what a record adds.
_RECORD_KEYS = frozenset(
    {"level", "location", "message", "timestamp", "service", "cold_start", "function_name",
     "function_memory_size", "function_arn", "function_request_id", "correlation_id", "xray_trace_id",
     "sampling_rate", "exception", "exception_name", "stack_trace", "role"}
)  # fmt: skip
LINE_KEY, OUTPUT_KEY = "console_line", "function_output"  # LogRecord attributes set by report()
NOISY_LOGGERS = ("werkzeug", "botocore", "urllib3", "jsii", "pynamodb")


@dataclass(frozen=True)
class Style:
    """ANSI colours, or none."""

    color: bool = False

    def __call__(self, text: str, *names: str) -> str:
        if not self.color or not names:
            return text
        return f"\033[{';'.join(_CODES[n] for n in names)}m{text}\033[0m"


PLAIN = Style()


def wants_color(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (no-color.org) or the terminal is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Line:
    """A console line; `str()` is its plain text, the log record's message for any other handler."""

    def render(self, style: Style) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render(PLAIN)


def _status_color(status: int) -> str:
    return "red" if status >= 500 else "yellow" if status >= 400 else "cyan" if status >= 300 else "green"


@dataclass(frozen=True)
class RequestLine(Line):
    """`GET /me 200 12ms admin <request id> [code: message]`; the request id is API Gateway's, which
    the functions log as their correlation_id and the client gets as `apigw-requestid`."""

    method: str
    path: str
    status: int
    ms: float
    role: str | None
    request_id: str
    error: str | None = None

    def render(self, style: Style) -> str:
        color = _status_color(self.status)
        text = (
            f"{style(self.method, 'bold')} {self.path} {style(str(self.status), color, 'bold')} "
            f"{self.ms:.0f}ms {style(self.role or '-', 'magenta')} {style(self.request_id, 'dim')}"
        )
        return f"{text} {style(self.error, color)}" if self.error else text


def _counts(result: Any) -> str:
    """A job's answer as `name=value` pairs (its name and time are on the line already)."""
    if not isinstance(result, dict):
        return json.dumps(result, default=str)
    pairs = [(k, v) for k, v in result.items() if k not in ("job", "time")]
    return " ".join(
        f"{k}={json.dumps(v, default=str) if isinstance(v, dict | list) else v}" for k, v in pairs
    )


@dataclass(frozen=True)
class JobLine(Line):
    """`job leaderboards for 2026-11-02T09:00:00Z: orgs=2 boards=24 (943ms)`."""

    job: str
    at: str
    ms: float
    result: Any = None
    error: str | None = None

    def render(self, style: Style) -> str:
        what = style(f"failed: {self.error}", "red") if self.error else _counts(self.result)
        return f"{style('job', 'blue', 'bold')} {style(self.job, 'bold')} for {self.at}: {what} ({self.ms:.0f}ms)"


@dataclass(frozen=True)
class BatchLine(Line):
    """`batch stream: 3 records, 0 failed (25ms)`; `again` marks a duplicate delivery."""

    function: str
    records: int
    failed: int
    ms: float
    again: bool = False

    def render(self, style: Style) -> str:
        name = f"{self.function} (again)" if self.again else self.function
        failed = style(f"{self.failed} failed", "yellow") if self.failed else f"{self.failed} failed"
        plural = "" if self.records == 1 else "s"
        return f"{style('batch', 'cyan')} {name}: {self.records} record{plural}, {failed} ({self.ms:.0f}ms)"


def _api_error(error: dict[str, Any]) -> str:
    """`code: message (field: message; ...)` of the API's error body (docs/api.md)."""
    text = f"{error.get('code')}: {error.get('message')}"
    details = [d for d in error.get("details") or [] if isinstance(d, dict)]
    fields = "; ".join(f"{d.get('field')}: {d.get('message')}" for d in details[:3])
    return f"{text} ({fields}{'; ...' if len(details) > 3 else ''})" if fields else text


def _challenge_reason(headers: Sequence[tuple[str, str]]) -> str | None:
    """The authorizer's reason for a 401, from its `www-authenticate` challenge."""
    challenge = next((v for k, v in headers if k.lower() == "www-authenticate"), "")
    _, found, reason = challenge.partition('error_description="')
    return reason.rstrip('"') if found else None


def describe_error(status: int, body: bytes, headers: Sequence[tuple[str, str]] = ()) -> str | None:
    """What an error answer says: the API's `code: message`, or API Gateway's `{"message"}` with the
    authorizer's reason; None for a success or a body that says nothing."""
    document = json_object(body.decode("utf-8", "replace").strip()) if status >= 400 else None
    if document is None:
        return None
    if isinstance(document.get("error"), dict):
        return _api_error(document["error"])
    message = str(document.get("message") or "") or None
    reason = _challenge_reason(headers) if message else None
    return f"{message}: {reason}" if reason else message


def _problem(record: dict[str, Any], style: Style) -> list[str]:
    """A function's warning or error record in a line (what it adds to Powertools' keys), then its
    traceback."""
    level = str(record["level"])
    extra = " ".join(f"{k}={v}" for k, v in record.items() if k not in _RECORD_KEYS)
    head = f"  {style(level, 'red' if level != 'WARNING' else 'yellow')} {record['message']}"
    trace = str(record.get("exception") or "")
    return [f"{head} {extra}".rstrip(), *("    " + t for t in trace.splitlines())]


def details(output: FunctionOutput, verbose: bool, style: Style) -> list[str]:
    """What follows a line: with `verbose` everything the function printed, as printed; without it
    only its warning and error records and its plain prints (never metrics or routine records)."""
    if verbose:
        return [style(line, "dim") for line in output.lines()]
    shown: list[str] = []
    for line in output.lines():
        document = json_object(line)
        if document is None:
            shown.append(f"  {line}")
        elif is_record(document) and str(document["level"]) in PROBLEM_LEVELS:
            shown.extend(_problem(document, style))
    return shown


class ConsoleFormatter(logging.Formatter):
    """`HH:MM:SS` and the record: a `Line` rendered with its function's output, or the message (with
    its level and logger for a warning or an error)."""

    def __init__(self, style: Style, verbose: bool) -> None:
        super().__init__()
        self.style, self.verbose = style, verbose

    def _head(self, record: logging.LogRecord) -> str:
        line: Line | None = getattr(record, LINE_KEY, None)
        if line is not None:
            return line.render(self.style)
        message = record.getMessage().rstrip()
        if record.levelno < logging.WARNING:
            return message
        level = self.style(record.levelname, "red" if record.levelno >= logging.ERROR else "yellow")
        return f"{level} {record.name}: {message}"

    def format(self, record: logging.LogRecord) -> str:
        stamp = self.style(time.strftime("%H:%M:%S", time.localtime(record.created)), "dim")
        lines = [f"{stamp} {self._head(record)}"]
        output: FunctionOutput | None = getattr(record, OUTPUT_KEY, None)
        if output is not None:
            lines.extend(details(output, self.verbose, self.style))
        if record.exc_info:
            lines.append(self.formatException(record.exc_info))
        return "\n".join(lines)


def report(
    logger: logging.Logger, line: Line, output: FunctionOutput | None = None, level: int = logging.INFO
) -> None:
    """Log one console line, with what its function printed meanwhile."""
    logger.log(level, "%s", line, extra={LINE_KEY: line, OUTPUT_KEY: output})


def configure(verbose: bool, stream: TextIO | None = None) -> None:
    """The process's logging as the console: one handler on stderr, chatty libraries at WARNING,
    Python warnings (Powertools' "No application metrics to publish") only with `verbose`."""
    install()  # before any handler is imported: Powertools' Logger keeps the stream it sees
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(ConsoleFormatter(Style(wants_color(handler.stream)), verbose))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)
