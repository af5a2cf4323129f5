from __future__ import annotations

from typing import Any

import pytest
from pynamodb.exceptions import GetError

from advocacy.store.models import MemberModel
from tests.support.events import FakeContext, http_event, scheduled_event
from tests.support.mocked import Env


@pytest.mark.parametrize("job", ["publish-due", "leaderboards", "contests", "digest", "feeds"])
def test_each_scheduled_job_runs_with_the_events_time(aws: Env, job: str) -> None:
    from advocacy.handlers import jobs

    result = jobs.handler(scheduled_event(job, "2026-11-02T10:15:00Z"), FakeContext("jobs"))
    assert result["job"] == job
    assert result["time"] == "2026-11-02T10:15:00Z"


def test_an_unknown_job_fails_loudly_so_the_schedule_retries_and_dead_letters(aws: Env) -> None:
    from advocacy.handlers import jobs

    with pytest.raises(ValueError, match="unknown job"):
        jobs.handler(scheduled_event("nope", "2026-11-02T10:15:00Z"), FakeContext("jobs"))


def test_redirect_unknown_or_malformed_code_is_a_small_html_404(aws: Env) -> None:
    from advocacy.handlers import redirect

    for code in ("abcdef12", "../etc", "x"):
        event = http_event("GET", f"/r/{code}", route="GET /r/{code}", now=aws.now)
        event["pathParameters"] = {"code": code}
        result = redirect.handler(event, FakeContext("redirect"))
        assert result["statusCode"] == 404
        assert result["headers"]["Content-Type"].startswith("text/html")
        assert "not found" in result["body"].lower()


def test_throttled_dynamodb_is_503_with_retry_after(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Throttled(Exception):
        response = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}

    def busy(*args: object, **kwargs: object) -> None:
        raise GetError("throttled", cause=Throttled())

    monkeypatch.setattr(MemberModel, "get", busy)
    r = aws.call("GET", "/me/points", who=org["members"][0])  # authorized by reading the member alone
    assert r.status == 503
    assert r.headers["Retry-After"] == "1"
    assert r.body["error"]["code"] == "unavailable"
    assert "Traceback" not in str(r.body)


def test_unexpected_errors_are_a_500_without_a_stack_trace(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(MemberModel, "get", broken)
    r = aws.call("GET", "/me/points", who=org["members"][0])  # authorized by reading the member alone
    assert r.status == 500
    assert r.body["error"]["code"] == "internal_error"
    assert "secret internals" not in str(r.body)
