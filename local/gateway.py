"""The local stand-in for API Gateway's HTTP API: routes from the template, JWT auth, payload v2.0.

Requests are matched against the template's route keys (`local.routing`), turned into the v2.0
event API Gateway would send (`local.payload`), authorized like the deployed JWT authorizer and
handed to the same handler in-process. Gateway-level answers (404, 401, 500) use API Gateway's
`{"message": ...}` bodies.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from local.auth import JwtAuthorizer, Unauthorized
from local.capture import capture
from local.console import RequestLine, describe_error, report
from local.lambdas import FunctionError, LambdaRuntime
from local.pages import PAGES_PREFIX, page
from local.payload import HttpResponse, build_event, from_function_result, gateway_error
from local.providers import PROVIDERS_PREFIX
from local.providers import handle as provider_fake
from local.routing import RouteMatch, Router
from local.sample_feed import FEED_PATH, feed
from local.serving import Background
from local.template import ACCOUNT_ID

log = logging.getLogger("local.gateway")
access_log = logging.getLogger("local.access")

JOBS_PREFIX = "/_local/jobs/"
OUTBOX_PATH = "/_local/outbox"
STREAMS_PATH = "/_local/streams"
STREAM_OPTIONS = {"redeliver": (0.0, 1.0), "quiet_within": (0.0, 300.0)}  # name: (least, most)
STREAM_SWITCHES = {"enabled"}  # name: true or false
STREAM_OPTIONS_HELP = (
    'body must be {"redeliver": <fraction from 0 to 1>}, {"quiet_within": <seconds, at most 300>}'
    ' and/or {"enabled": <true or false>}'
)
# Local only: the time API Gateway would have stamped on the request (tests script several days).
LOCAL_TIME_HEADER = "x-local-time"


def _request_id() -> str:
    return base64.b64encode(os.urandom(11)).decode()[:15] + "="


def _request_time(header: str | None) -> datetime:
    """Now, or the ISO-8601 time a test put in the `x-local-time` header (the local stack only)."""
    if not header:
        return datetime.now(UTC)
    try:
        stamped = datetime.fromisoformat(header.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return stamped if stamped.tzinfo else stamped.replace(tzinfo=UTC)


def outbox() -> dict[str, Any]:
    """`GET /_local/outbox`: every mail the emulated SES has sent (digests) under `items`, and what
    the local Cognito would have mailed (invitations with their temporary password, password-reset
    codes; `local.moto_cognito`) under `cognito`, each oldest first."""
    from moto.ses.models import ses_backends

    from local.aws import REGION
    from local.moto_cognito import sent_mail

    sent = ses_backends[ACCOUNT_ID][REGION].sent_messages
    items = [
        {
            "message_id": m.id,
            "from": m.source,
            "to": m.destinations.get("ToAddresses", []),
            "subject": getattr(m, "subject", None),
            "body": getattr(m, "body", None),
        }
        for m in sent
    ]
    return {"items": items, "cognito": sent_mail()}


def _is_cors_header(name: str) -> bool:
    return name.lower().startswith("access-control-")


JobRunner = Callable[[str, str | None], Any]
# Local only: the stream pollers' status; given a fraction, first sets how many batches are redelivered.
StreamControl = Callable[..., dict[str, Any]]  # (redeliver=, quiet_within=, enabled=) -> the pollers' status


def _job_time(body: bytes) -> str | None:
    """The `time` of a local job request body; ValueError when the body is not that shape."""
    if not body.strip():
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        raise ValueError('body must be JSON: {"time": "<ISO-8601>"}') from None
    when = payload.get("time") if isinstance(payload, dict) else None
    if when is not None and not isinstance(when, str):
        raise ValueError("time must be an ISO-8601 string")
    return when


class Gateway:
    """Routes, authorizes and invokes; knows nothing about sockets so it can be tested directly."""

    def __init__(
        self,
        router: Router,
        runtime: LambdaRuntime,
        authorizers: dict[str, JwtAuthorizer],
        run_job: JobRunner | None = None,
        cors: dict[str, Any] | None = None,
        streams: StreamControl | None = None,
    ) -> None:
        self.router = router
        self.runtime = runtime
        self.authorizers = authorizers
        self.run_job = run_job
        self.cors = cors or {}
        self.streams = streams

    def handle(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
        request_id: str,
    ) -> HttpResponse:
        raw_path, _, raw_query = target.partition("?")
        lower = {k.lower(): v for k, v in headers}
        now = _request_time(lower.get(LOCAL_TIME_HEADER))
        if method == "OPTIONS" and self.cors and "access-control-request-method" in lower:
            return self._preflight(lower)
        if raw_path.startswith(JOBS_PREFIX) and self.run_job is not None:
            response = self._local_job(method, raw_path[len(JOBS_PREFIX) :], body)
        elif raw_path == OUTBOX_PATH and method == "GET":
            response = HttpResponse(
                200, [("content-type", "application/json")], json.dumps(outbox()).encode()
            )
        elif raw_path == FEED_PATH and method in ("GET", "HEAD"):
            response = feed(lower)
        elif raw_path == STREAMS_PATH and self.streams is not None:
            response = self._local_streams(method, body)
        elif raw_path.startswith(PAGES_PREFIX) and method in ("GET", "HEAD"):
            response = page(raw_path)
        elif raw_path.startswith(PROVIDERS_PREFIX):
            response = provider_fake(method, raw_path, raw_query, lower, body)
        else:
            response = self._route(method, raw_path, raw_query, headers, body, source_ip, request_id, now)
        response.headers.append(("apigw-requestid", request_id))
        if self.cors:
            # As API Gateway does when the API has CORS: the integration's own CORS headers are
            # dropped and the API's are added, so a browser never sees two Allow-Origin values.
            response.headers = [(k, v) for k, v in response.headers if not _is_cors_header(k)]
        self._add_cors(lower.get("origin"), response)
        if method == "HEAD":
            response.body = b""
        return response

    def _route(
        self,
        method: str,
        raw_path: str,
        raw_query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
        request_id: str,
        now: datetime,
    ) -> HttpResponse:
        match = self.router.match(method, raw_path)
        if match is None:
            return gateway_error(404, "Not Found")
        authorizer_ctx = None
        if match.route.authorization_type == "JWT":
            authorizer = self.authorizers.get(match.route.authorizer_id or "")
            if authorizer is None:
                log.error("route %s names an unknown authorizer", match.route.route_key)
                return gateway_error(500, "Internal Server Error")
            authorization = next((v for k, v in headers if k.lower() == "authorization"), None)
            try:
                claims = authorizer.verify(authorization, match.route.scopes)
            except Unauthorized as exc:
                challenge = f'Bearer scope="" error="invalid_token" error_description="{exc}"'
                return gateway_error(401, "Unauthorized", [("www-authenticate", challenge)])
            authorizer_ctx = JwtAuthorizer.event_authorizer(claims)
        event = build_event(
            method=method,
            raw_path=raw_path,
            raw_query=raw_query,
            headers=headers,
            body=body,
            match=match,
            source_ip=source_ip,
            request_id=request_id,
            now=now,
            authorizer=authorizer_ctx,
        )
        with capture() as output:
            response = self._invoke(match, event)
        response.output = output
        return response

    def _invoke(self, match: RouteMatch, event: dict[str, Any]) -> HttpResponse:
        try:
            return from_function_result(self.runtime.invoke(match.route.function_id, event))
        except FunctionError:
            return gateway_error(500, "Internal Server Error")
        except (TypeError, ValueError) as exc:
            log.error("%s returned a response API Gateway cannot map: %s", match.route.route_key, exc)
            return gateway_error(500, "Internal Server Error")

    def _local_job(self, method: str, job: str, body: bytes) -> HttpResponse:
        """`POST /_local/jobs/{job}` with an optional `{"time": "<ISO-8601>"}`: run the job now."""
        assert self.run_job is not None
        if method != "POST":
            return gateway_error(404, "Not Found")
        try:
            result = self.run_job(job, _job_time(body))
        except KeyError:
            return gateway_error(404, f"no scheduled job named {job!r}")
        except ValueError as exc:
            return gateway_error(400, str(exc))
        except FunctionError:
            return gateway_error(500, "Internal Server Error")
        return HttpResponse(200, [("content-type", "application/json")], json.dumps(result).encode())

    def _local_streams(self, method: str, body: bytes) -> HttpResponse:
        """`GET /_local/streams`: what the pollers delivered. `POST` `{"redeliver": <0..1>}` sets the
        fraction of batches delivered twice (Lambda's at-least-once delivery, on demand);
        `{"enabled": false}` holds the pollers (records wait on the stream), `true` lets them go on;
        `{"quiet_within": <seconds>}` answers once every stream is quiet (everything written so far
        delivered, and what that wrote too), or 503 if they were not within that time."""
        assert self.streams is not None
        options: dict[str, float | bool] = {}
        if method == "POST":
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = None
            if (
                not isinstance(payload, dict)
                or not payload
                or set(payload) - {*STREAM_OPTIONS, *STREAM_SWITCHES}
            ):
                return gateway_error(400, STREAM_OPTIONS_HELP)
            for name, value in payload.items():
                if name in STREAM_SWITCHES:
                    if not isinstance(value, bool):
                        return gateway_error(400, STREAM_OPTIONS_HELP)
                    options[name] = value
                    continue
                low, high = STREAM_OPTIONS[name]
                if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                    return gateway_error(400, STREAM_OPTIONS_HELP)
                options[name] = float(value)
        elif method != "GET":
            return gateway_error(404, "Not Found")
        answer = self.streams(**options)
        status = 503 if answer.get("quiet") is False else 200
        return HttpResponse(status, [("content-type", "application/json")], json.dumps(answer).encode())

    def _allowed_origin(self, origin: str | None) -> str | None:
        allowed = self.cors.get("AllowOrigins") or []
        if origin and ("*" in allowed or origin in allowed):
            return "*" if "*" in allowed and not self.cors.get("AllowCredentials") else origin
        return None

    def _preflight(self, headers: dict[str, str]) -> HttpResponse:
        origin = self._allowed_origin(headers.get("origin"))
        if origin is None:
            return HttpResponse(204, [], b"")
        out = [("access-control-allow-origin", origin)]
        methods = self.cors.get("AllowMethods") or []
        out.append(("access-control-allow-methods", ",".join(methods) or "*"))
        if self.cors.get("AllowHeaders"):
            out.append(("access-control-allow-headers", ",".join(self.cors["AllowHeaders"])))
        if self.cors.get("MaxAge") is not None:
            out.append(("access-control-max-age", str(self.cors["MaxAge"])))
        if self.cors.get("AllowCredentials"):
            out.append(("access-control-allow-credentials", "true"))
        return HttpResponse(204, out, b"")

    def _add_cors(self, origin: str | None, response: HttpResponse) -> None:
        allowed = self._allowed_origin(origin) if self.cors else None
        if allowed is None:
            return
        response.headers.append(("access-control-allow-origin", allowed))
        if self.cors.get("ExposeHeaders"):
            response.headers.append(("access-control-expose-headers", ",".join(self.cors["ExposeHeaders"])))
        if self.cors.get("AllowCredentials"):
            response.headers.append(("access-control-allow-credentials", "true"))


class _Handler(BaseHTTPRequestHandler):
    server_version = "advocacy-local"
    protocol_version = "HTTP/1.1"
    gateway: Gateway  # set on the subclass the server is built with

    def _serve(self) -> None:
        started = time.perf_counter()
        request_id = _request_id()
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        try:
            response = self.gateway.handle(
                self.command,
                self.path,
                list(self.headers.items()),
                body,
                self.client_address[0],
                request_id,
            )
        except Exception:
            log.exception("gateway failure")
            response = gateway_error(500, "Internal Server Error")
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        output = response.output
        line = RequestLine(
            method=self.command,
            path=self.path.partition("?")[0],  # never the query string: it may carry secrets
            status=response.status,
            ms=(time.perf_counter() - started) * 1000,
            role=output.role() if output else None,
            request_id=request_id,  # the functions' correlation_id
            error=describe_error(response.status, response.body, response.headers),
        )
        report(access_log, line, output)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    def __getattr__(self, name: str) -> Any:
        """Any other method (TRACE, QUERY, ...) is routed too, so it gets API Gateway's 404 JSON
        where no route has it, not the standard library's 501 HTML page."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr lines; the access log above replaces them."""


class GatewayServer(Background):
    """The gateway on 127.0.0.1, bound when built (to fail fast); `start` gives it its Gateway."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        class GatewayHandler(_Handler):
            """One class per server, so two gateways in one process never share a Gateway."""

        self._handler_cls: type[_Handler] = GatewayHandler
        super().__init__("gateway", GatewayHandler, port, host)

    def start(self, gateway: Gateway) -> None:
        self._handler_cls.gateway = gateway
        self.serve()
