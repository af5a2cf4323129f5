"""The `make dev` console as a newcomer reads it: one line per request (method, path, status, time,
the caller's role, the request id), per job run and per stream batch, and none of the functions' JSON
records, metric blobs or library warnings unless `--verbose` (the shared stack runs verbose)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from tests.support.stack import Response, Stack, running

STAMP = r"^\d\d:\d\d:\d\d "


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of this module's own, without --verbose, so its console can be read as `make dev` shows it."""
    with running(tmp_path_factory.mktemp("console-stack")) as started:
        yield started


def _request_line(stack: Stack, method: str, path: str, answer: Response, role: str) -> str:
    """The console line of one request, found by its request id (the `apigw-requestid` header); the
    gateway writes it once the answer is sent, so it may come a moment after the answer."""
    request_id = answer.headers["apigw-requestid"]
    pattern = (
        rf"{STAMP}{method} {re.escape(path)} {answer.status} \d+ms {role} {re.escape(request_id)}(?: .*)?$"
    )
    deadline = time.monotonic() + 10
    while not (found := re.search(pattern, stack.log_path.read_text(errors="replace"), re.MULTILINE)):
        assert time.monotonic() < deadline, f"no line for {method} {path} ({request_id}) as {role}"
        time.sleep(0.1)
    return found.group(0)


def test_one_line_per_request_job_and_batch_and_no_function_noise(quiet: Stack) -> None:
    admin = quiet.user("admin")
    token = quiet.login(admin["email"], admin["password"])
    me = quiet.call("GET", "/me", token)
    missing = quiet.call("GET", "/content/0123456789abcdef0123456789abcdef", token)
    invalid = quiet.call("POST", "/content", token, {})
    job = quiet.call("POST", "/_local/jobs/leaderboards", body={"time": "2026-11-02T09:00:00Z"})
    assert (me.status, missing.status, invalid.status, job.status) == (200, 404, 422, 200)
    quiet.quiet(within=30)

    _request_line(quiet, "GET", "/me", me, "admin")
    assert "not_found: " in _request_line(
        quiet, "GET", "/content/0123456789abcdef0123456789abcdef", missing, "admin"
    )
    # Request validation answers before the member record is read: no role to show.
    assert "validation_error: " in _request_line(quiet, "POST", "/content", invalid, "-")
    _request_line(quiet, "POST", "/_local/jobs/leaderboards", job, "-")
    log = quiet.log_path.read_text(errors="replace")
    counts = " ".join(f"{k}={v}" for k, v in job.json().items() if k not in ("job", "time"))
    assert re.search(
        rf"{STAMP}job leaderboards for 2026-11-02T09:00:00Z: {counts} \(\d+ms\)$", log, re.MULTILINE
    )
    batch = rf"{STAMP}batch stream: \d+ records?, 0 failed \(\d+ms\)$"  # the seed's writes, delivered
    assert re.search(batch, log, re.MULTILINE), log[-3000:]
    assert "Advocacy is running" in log and "Demo sign-ins" in log
    for noise in ('"_aws"', "No application metrics to publish", '"level":', "\033["):
        assert noise not in log, f"{noise!r} reached the console without --verbose"


def test_verbose_shows_the_functions_records_metrics_and_warnings(stack: Stack) -> None:
    admin = stack.user("admin")
    me = stack.call("GET", "/me", stack.login(admin["email"], admin["password"]))
    assert me.status == 200
    _request_line(stack, "GET", "/me", me, "admin")
    log = stack.log_path.read_text(errors="replace")
    request = f'"correlation_id":"{me.headers["apigw-requestid"]}"'
    records = [line for line in log.splitlines() if line.startswith('{"level":') and request in line]
    assert any('"role":"admin"' in line for line in records), "no JSON record of the request"
    assert '"_aws"' in log, "no metric blob with --verbose"
    assert "No application metrics to publish" in log, "no library warning with --verbose"
