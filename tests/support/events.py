"""Events shaped like API Gateway's (HTTP API v2), EventBridge's and DynamoDB Streams'."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from aws_lambda_powertools.utilities.typing import LambdaContext


class FakeContext(LambdaContext):
    """The attributes Powertools reads from a Lambda context."""

    def __init__(self, name: str = "advocacy-api") -> None:
        self._function_name = name
        self._function_version = "$LATEST"
        self._invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
        self._memory_limit_in_mb = 512
        self._aws_request_id = f"req-{uuid.uuid4().hex}"
        self._log_group_name = f"/aws/lambda/{name}"
        self._log_stream_name = "test"

    def get_remaining_time_in_millis(self) -> int:  # type: ignore[override]  # an instance's, as Lambda's is
        return 30_000


def http_event(
    method: str,
    path: str,
    body: Any = None,
    *,
    now: datetime,
    claims: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
) -> dict[str, Any]:
    """An HTTP API payload v2.0 event received at `now`, the test's clock (there is no default: a test
    that fell back to the wall clock would pass or fail with the calendar); `body` that is not a str
    is sent as JSON."""
    when = now
    raw_body = body if isinstance(body, str) or body is None else json.dumps(body)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route or f"{method} {path}",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": {"content-type": "application/json", "user-agent": "pytest", **(headers or {})},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example.test",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.9",
                "userAgent": "pytest",
            },
            "requestId": f"rid-{uuid.uuid4().hex}",
            "routeKey": route or f"{method} {path}",
            "stage": "$default",
            "time": when.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(when.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = query
    if raw_body is not None:
        event["body"] = raw_body
    if claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return event


def stamp(at: datetime) -> str:
    """`at` as EventBridge and API bodies write times: ISO-8601 UTC to the second, with `Z`."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def scheduled_event(job: str, at: datetime | str) -> dict[str, Any]:
    """An EventBridge scheduled event for `job` fired at `at` (the job's "now")."""
    time = at if isinstance(at, str) else stamp(at)
    return {
        "version": "0",
        "id": f"evt-{job}-{time}",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": time,
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:123456789012:rule/{job}"],
        "detail": {"job": job},
    }
