"""The local gateway's routing, event shape and response mapping (API Gateway HTTP API, payload v2.0)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from local.gateway import Gateway
from local.lambdas import FunctionError
from local.payload import build_event, from_function_result
from local.routing import Router
from local.template import RouteSpec
from tests.support.clock import NOW


def _route(key: str, auth: str = "NONE") -> RouteSpec:
    return RouteSpec(key, "Fn", auth, "Auth" if auth == "JWT" else None, ())


ROUTER = Router(
    [
        _route("GET /members"),
        _route("GET /members/{member_id}"),
        _route("GET /members/me"),
        _route("POST /members/{member_id}/points"),
        _route("ANY /files/{proxy+}"),
        _route("GET /r/{code}"),
        _route("HEAD /r/{code}"),
    ]
)


@pytest.mark.parametrize(
    ("method", "path", "route_key", "params"),
    [
        ("GET", "/members", "GET /members", {}),
        ("GET", "/members/m-1", "GET /members/{member_id}", {"member_id": "m-1"}),
        ("GET", "/members/me", "GET /members/me", {}),  # a literal segment beats a parameter
        ("POST", "/members/a%20b/points", "POST /members/{member_id}/points", {"member_id": "a b"}),
        ("DELETE", "/files/a/b/c", "ANY /files/{proxy+}", {"proxy": "a/b/c"}),
        ("HEAD", "/r/abc", "HEAD /r/{code}", {"code": "abc"}),
    ],
)
def test_router_picks_the_most_specific_route(
    method: str, path: str, route_key: str, params: dict[str, str]
) -> None:
    match = ROUTER.match(method, path)
    assert match is not None
    assert match.route.route_key == route_key
    assert match.path_parameters == params


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/members/m-1"), ("GET", "/members/m-1/extra"), ("GET", "/nope"), ("GET", "/")],
)
def test_router_misses(method: str, path: str) -> None:
    assert ROUTER.match(method, path) is None


def test_build_event_matches_payload_v2() -> None:
    match = ROUTER.match("GET", "/members/m-1")
    assert match is not None
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    event = build_event(
        method="GET",
        raw_path="/members/m-1",
        raw_query="a=1&a=2&b=",
        headers=[("Host", "127.0.0.1:3000"), ("X-Multi", "1"), ("x-multi", "2"), ("Cookie", "s=1; t=2")],
        body=b"",
        match=match,
        source_ip="127.0.0.1",
        request_id="rid",
        now=now,
        authorizer={"jwt": {"claims": {"sub": "x"}, "scopes": None}},
    )
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /members/{member_id}"
    assert event["rawQueryString"] == "a=1&a=2&b="
    assert event["queryStringParameters"] == {"a": "1,2", "b": ""}
    assert event["headers"]["x-multi"] == "1,2"
    assert "cookie" not in event["headers"]
    assert event["cookies"] == ["s=1", "t=2"]
    assert event["pathParameters"] == {"member_id": "m-1"}
    assert event["requestContext"]["stage"] == "$default"
    assert event["requestContext"]["http"]["method"] == "GET"
    assert event["requestContext"]["timeEpoch"] == int(now.timestamp() * 1000)
    assert event["requestContext"]["authorizer"]["jwt"]["claims"] == {"sub": "x"}
    assert "body" not in event and event["isBase64Encoded"] is False


@pytest.mark.parametrize(
    ("content_type", "body", "encoded"),
    [("application/json", b'{"a": 1}', False), ("text/csv", b"a,b", False), ("image/png", b"\x89PNG", True)],
)
def test_build_event_body_encoding(content_type: str, body: bytes, encoded: bool) -> None:
    match = ROUTER.match("GET", "/members")
    assert match is not None
    event = build_event(
        method="POST",
        raw_path="/members",
        raw_query="",
        headers=[("Content-Type", content_type)],
        body=body,
        match=match,
        source_ip="127.0.0.1",
        request_id="rid",
        now=NOW,
        authorizer=None,
    )
    assert event["isBase64Encoded"] is encoded
    assert (base64.b64decode(event["body"]) if encoded else event["body"].encode()) == body


def test_function_result_mapping() -> None:
    response = from_function_result(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "text/plain"},
            "multiValueHeaders": {"X-A": ["1", "2"]},
            "cookies": ["a=1", "b=2"],
            "body": base64.b64encode(b"hi").decode(),
            "isBase64Encoded": True,
        }
    )
    assert response.status == 201
    assert response.body == b"hi"
    assert ("X-A", "1") in response.headers and ("X-A", "2") in response.headers
    assert [v for k, v in response.headers if k == "set-cookie"] == ["a=1", "b=2"]


def test_bare_function_result_is_a_json_200() -> None:
    response = from_function_result({"hello": "world"})
    assert response.status == 200
    assert json.loads(response.body) == {"hello": "world"}


class _Runtime:
    def __init__(self, result: Any = None, error: bool = False) -> None:
        self.events: list[dict[str, Any]] = []
        self.result, self.error = result, error

    def invoke(self, function_id: str, event: dict[str, Any]) -> Any:
        self.events.append(event)
        if self.error:
            raise FunctionError("boom")
        return self.result


def _gateway(runtime: _Runtime, jobs: Any = None) -> Gateway:
    return Gateway(ROUTER, runtime, {}, run_job=jobs)  # type: ignore[arg-type]


def test_gateway_404_and_500_use_api_gateway_bodies() -> None:
    assert (
        _gateway(_Runtime()).handle("GET", "/nope", [], b"", "127.0.0.1", "r").body
        == b'{"message":"Not Found"}'
    )
    failed = _gateway(_Runtime(error=True)).handle("GET", "/members", [], b"", "127.0.0.1", "r")
    assert (failed.status, failed.body) == (500, b'{"message":"Internal Server Error"}')


def test_head_drops_the_body() -> None:
    runtime = _Runtime({"statusCode": 302, "headers": {"Location": "https://x"}, "body": "moved"})
    response = _gateway(runtime).handle("HEAD", "/r/abc", [], b"", "127.0.0.1", "r")
    assert (response.status, response.body) == (302, b"")
    assert runtime.events[0]["requestContext"]["http"]["method"] == "HEAD"


def test_with_cors_the_api_s_headers_replace_the_function_s() -> None:
    """As API Gateway does for an API with CORS: one Access-Control-Allow-Origin, the API's."""
    runtime = _Runtime(
        {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "https://other.example"}, "body": "{}"}
    )
    cors = {"AllowOrigins": ["http://127.0.0.1:3001"], "ExposeHeaders": ["retry-after"]}
    gateway = Gateway(ROUTER, runtime, {}, cors=cors)  # type: ignore[arg-type]
    origin = [("Origin", "http://127.0.0.1:3001")]
    response = gateway.handle("GET", "/members", origin, b"", "127.0.0.1", "r")
    allowed = [v for k, v in response.headers if k.lower() == "access-control-allow-origin"]
    assert allowed == ["http://127.0.0.1:3001"]
    preflight = [*origin, ("Access-Control-Request-Method", "GET")]
    answer = gateway.handle("OPTIONS", "/members", preflight, b"", "127.0.0.1", "r")
    assert answer.status == 204
    assert ("access-control-allow-origin", "http://127.0.0.1:3001") in answer.headers
    other = gateway.handle("GET", "/members", [("Origin", "https://evil.example")], b"", "127.0.0.1", "r")
    assert not [k for k, _ in other.headers if k.lower().startswith("access-control-")]


def test_local_job_route() -> None:
    calls: list[tuple[str, str | None]] = []

    def run(job: str, when: str | None) -> Any:
        if job != "publish-due":
            raise KeyError(job)
        calls.append((job, when))
        return {"ok": True}

    gateway = _gateway(_Runtime(), run)
    ok = gateway.handle("POST", "/_local/jobs/publish-due", [], b'{"time": "2030-01-01T00:00:00Z"}', "i", "r")
    assert (ok.status, json.loads(ok.body)) == (200, {"ok": True})
    assert calls == [("publish-due", "2030-01-01T00:00:00Z")]
    assert gateway.handle("POST", "/_local/jobs/nope", [], b"", "i", "r").status == 404
    assert gateway.handle("POST", "/_local/jobs/publish-due", [], b"{bad", "i", "r").status == 400


def test_local_streams_route() -> None:
    calls: list[dict[str, float]] = []
    quiet = {"now": True}

    def control(**options: float) -> dict[str, Any]:
        calls.append(options)
        answer: dict[str, Any] = {"mappings": [{"mapping": "M", "records": 3, "quiet_polls": 2}]}
        return {"quiet": quiet["now"], **answer} if "quiet_within" in options else answer

    gateway = Gateway(ROUTER, _Runtime(), {}, streams=control)  # type: ignore[arg-type]
    ok = gateway.handle("GET", "/_local/streams", [], b"", "127.0.0.1", "r")
    assert (ok.status, json.loads(ok.body)["mappings"][0]["records"]) == (200, 3)
    assert gateway.handle("POST", "/_local/streams", [], b'{"redeliver": 0.25}', "i", "r").status == 200
    settled = gateway.handle("POST", "/_local/streams", [], b'{"quiet_within": 5}', "i", "r")
    assert (settled.status, json.loads(settled.body)["quiet"]) == (200, True)
    quiet["now"] = False
    busy = gateway.handle("POST", "/_local/streams", [], b'{"quiet_within": 5}', "i", "r")
    assert (busy.status, json.loads(busy.body)["quiet"]) == (503, False)
    assert gateway.handle("POST", "/_local/streams", [], b'{"enabled": false}', "i", "r").status == 200
    assert calls == [
        {},
        {"redeliver": 0.25},
        {"quiet_within": 5.0},
        {"quiet_within": 5.0},
        {"enabled": False},
    ]
    bad_bodies = (b'{"redeliver": 2}', b'{"redeliver": true}', b"{bad", b"{}", b'{"quiet_within": -1}',
                  b'{"quiet_within": 301}', b'{"other": 1}', b"[]", b'{"enabled": 0}')  # fmt: skip
    for bad in bad_bodies:
        assert gateway.handle("POST", "/_local/streams", [], bad, "i", "r").status == 400
    assert len(calls) == 5
    assert _gateway(_Runtime()).handle("GET", "/_local/streams", [], b"", "127.0.0.1", "r").status == 404


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PROPFIND"])
def test_any_other_method_gets_api_gateways_404(method: str) -> None:
    """The standard library answers an unknown method with a 501 HTML page; API Gateway with a 404 JSON."""
    from io import BytesIO

    from local.gateway import _Handler

    class Handler(_Handler):
        gateway = _gateway(_Runtime({"statusCode": 200, "body": "{}"}))

    handler = Handler.__new__(Handler)
    handler.rfile = BytesIO(f"{method} /members HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode())
    handler.wfile = BytesIO()
    handler.client_address = ("127.0.0.1", 1)
    handler.close_connection = True
    handler.handle_one_request()
    head, _, body = handler.wfile.getvalue().partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 ")
    assert json.loads(body) == {"message": "Not Found"}
