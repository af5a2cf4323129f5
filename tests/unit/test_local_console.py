"""The local console's lines, what it shows of the functions' output, and its colours."""

from __future__ import annotations

import io
import json
import logging
import sys
import threading
import warnings
from collections.abc import Iterator

import pytest

from local import capture, console
from local.capture import FunctionOutput
from local.console import (
    PLAIN,
    BatchLine,
    ConsoleFormatter,
    JobLine,
    RequestLine,
    Style,
    describe_error,
    details,
    report,
    wants_color,
)

COLOR = Style(color=True)
ROLE_RECORD = {"level": "DEBUG", "location": "log_caller_role:51", "message": "caller", "role": "admin"}
METRICS = {"_aws": {"Timestamp": 1, "CloudWatchMetrics": []}, "ContentShared": [1.0]}
ERROR_RECORD = {
    "level": "ERROR",
    "message": "unhandled error",
    "correlation_id": "r1",
    "exception": "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'org'",
}


def _output(*lines: object) -> FunctionOutput:
    return FunctionOutput(
        [(json.dumps(line) if isinstance(line, dict) else str(line)) + "\n" for line in lines]
    )


def test_a_request_line_has_method_path_status_time_role_and_request_id() -> None:
    line = RequestLine("GET", "/me", 200, 12.4, "admin", "abc=")
    assert str(line) == "GET /me 200 12ms admin abc="
    assert str(RequestLine("GET", "/health", 200, 0.3, None, "r=")) == "GET /health 200 0ms - r="


def test_an_error_line_ends_with_its_code_and_message() -> None:
    line = RequestLine("POST", "/content", 422, 7, None, "r=", "validation_error: Some fields are not valid.")
    assert str(line) == "POST /content 422 7ms - r= validation_error: Some fields are not valid."


@pytest.mark.parametrize(("status", "code"), [(200, "32"), (302, "36"), (404, "33"), (500, "31")])
def test_the_status_is_coloured_by_class_and_plain_has_no_escape(status: int, code: str) -> None:
    line = RequestLine("GET", "/x", status, 1, "member", "r=")
    assert f"\033[{code};1m{status}\033[0m" in line.render(COLOR)
    assert "\033[" not in line.render(PLAIN)


def test_a_job_line_says_what_the_job_did() -> None:
    result = {"job": "leaderboards", "time": "2026-11-02T09:00:00Z", "orgs": 2, "boards": 24, "deferred": 0}
    line = JobLine("leaderboards", "2026-11-02T09:00:00Z", 943.2, result)
    assert str(line) == "job leaderboards for 2026-11-02T09:00:00Z: orgs=2 boards=24 deferred=0 (943ms)"
    failed = JobLine(
        "digest", "2026-11-02T09:00:00Z", 5, error="advocacy.handlers.jobs.handler raised KeyError"
    )
    assert str(failed).endswith(": failed: advocacy.handlers.jobs.handler raised KeyError (5ms)")


def test_a_batch_line_counts_records_and_failures() -> None:
    assert str(BatchLine("stream", 3, 0, 25.1)) == "batch stream: 3 records, 0 failed (25ms)"
    assert (
        str(BatchLine("exports", 1, 1, 120, again=True))
        == "batch exports (again): 1 record, 1 failed (120ms)"
    )


def test_describe_error_reads_the_api_body_the_gateway_body_and_the_authorizer_reason() -> None:
    issues = [{"field": f"f{i}", "message": "Field required"} for i in range(4)]
    body = json.dumps(
        {"error": {"code": "validation_error", "message": "Some fields are not valid.", "details": issues}}
    )
    assert describe_error(422, body.encode()) == (
        "validation_error: Some fields are not valid. "
        "(f0: Field required; f1: Field required; f2: Field required; ...)"
    )
    challenge = [("www-authenticate", 'Bearer scope="" error="invalid_token" error_description="no token"')]
    assert describe_error(401, b'{"message":"Unauthorized"}', challenge) == "Unauthorized: no token"
    assert describe_error(404, b'{"message":"Not Found"}') == "Not Found"
    assert describe_error(200, b'{"error": {"code": "x"}}') is None
    assert describe_error(404, b"<html>Link not found</html>") is None


def test_the_role_comes_from_the_api_function_s_debug_record() -> None:
    assert _output(METRICS, ROLE_RECORD).role() == "admin"
    assert _output(METRICS, "plain text").role() is None


def test_without_verbose_only_problems_and_prints_follow_a_line() -> None:
    output = _output(
        ROLE_RECORD, METRICS, {"level": "INFO", "message": "job finished"}, "debug print", ERROR_RECORD
    )
    warning = {"level": "WARNING", "message": "DynamoDB busy or unreachable", "code": "Throttling"}
    shown = details(FunctionOutput([*output.chunks, json.dumps(warning) + "\n"]), False, PLAIN)
    assert shown == [
        "  debug print",
        "  ERROR unhandled error",
        "    Traceback (most recent call last):",
        '      File "x.py", line 1',
        "    KeyError: 'org'",
        "  WARNING DynamoDB busy or unreachable code=Throttling",
    ]


def test_with_verbose_everything_the_function_printed_follows_a_line() -> None:
    output = _output(ROLE_RECORD, METRICS)
    assert details(output, True, PLAIN) == output.lines()


def _record(line: console.Line, output: FunctionOutput | None) -> logging.LogRecord:
    record = logging.LogRecord("local.access", logging.INFO, __file__, 1, "%s", (line,), None)
    setattr(record, console.LINE_KEY, line)
    setattr(record, console.OUTPUT_KEY, output)
    return record


def test_the_formatter_writes_time_line_and_details() -> None:
    record = _record(RequestLine("GET", "/x", 500, 3, "admin", "r="), _output(ERROR_RECORD))
    text = ConsoleFormatter(PLAIN, verbose=False).format(record)
    first, second, *_ = text.splitlines()
    assert first[2] == first[5] == ":" and first[8:] == " GET /x 500 3ms admin r="
    assert second == "  ERROR unhandled error"


def test_the_formatter_names_the_level_and_logger_of_a_warning() -> None:
    record = logging.LogRecord(
        "local.streams", logging.WARNING, __file__, 1, "get_records failed\n", (), None
    )
    assert (
        ConsoleFormatter(PLAIN, verbose=False).format(record)[8:]
        == " WARNING local.streams: get_records failed"
    )


def test_report_puts_the_line_and_output_on_the_record(caplog: pytest.LogCaptureFixture) -> None:
    output = _output(METRICS)
    with caplog.at_level(logging.INFO, logger="local.test"):
        report(logging.getLogger("local.test"), BatchLine("stream", 1, 0, 1), output)
    assert caplog.records[0].getMessage() == "batch stream: 1 record, 0 failed (1ms)"
    assert getattr(caplog.records[0], console.OUTPUT_KEY) is output


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_color(_Stream(tty=True)) and not wants_color(_Stream(tty=False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(_Stream(tty=True))
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_color(_Stream(tty=True))


def _routed(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """A router over a fresh stdout, undone after the test (set in the test: pytest sets its own
    stdout between a fixture and the test)."""
    real = io.StringIO()
    monkeypatch.setattr(sys, "stdout", real)
    capture.install()
    return real


def test_capture_takes_only_this_thread_s_output(monkeypatch: pytest.MonkeyPatch) -> None:
    routed = _routed(monkeypatch)
    with capture.capture() as output:
        print('{"level": "DEBUG", "message": "caller", "role": "member"}')
        other = threading.Thread(target=print, args=("from another thread",))
        other.start()
        other.join()
    print("after")
    assert output.role() == "member" and output.ms > 0
    assert routed.getvalue() == "from another thread\nafter\n"


@pytest.fixture
def logging_state() -> Iterator[None]:
    """configure() replaces the root handlers and captures warnings: put them back."""
    root, py_warnings = logging.getLogger(), logging.getLogger("py.warnings")
    saved = (root.handlers[:], root.level, py_warnings.level)
    yield
    root.handlers[:], _, _ = saved
    root.setLevel(saved[1])
    py_warnings.setLevel(saved[2])
    logging.captureWarnings(False)


@pytest.mark.parametrize("verbose", [False, True])
def test_library_warnings_show_only_with_verbose(
    verbose: bool, monkeypatch: pytest.MonkeyPatch, logging_state: None
) -> None:
    _routed(monkeypatch)
    stream = _Stream(tty=False)
    console.configure(verbose, stream)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("No application metrics to publish.", UserWarning, stacklevel=1)
    assert ("No application metrics to publish" in stream.getvalue()) is verbose
