"""API Gateway's HTTP API payload format 2.0: the event a request becomes, and the function's answer
(or the gateway's own `{"message": ...}` error) as the HTTP response."""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from local.capture import FunctionOutput
from local.routing import RouteMatch
from local.template import ACCOUNT_ID

API_ID = "local"
# Content types API Gateway passes to the function as text; anything else arrives base64-encoded.
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "+json", "+xml")


def _is_text(content_type: str) -> bool:
    ct = content_type.lower()
    return any(t in ct for t in _TEXT_TYPES)


def build_event(
    *,
    method: str,
    raw_path: str,
    raw_query: str,
    headers: list[tuple[str, str]],
    body: bytes,
    match: RouteMatch,
    source_ip: str,
    request_id: str,
    now: datetime,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    """An API Gateway HTTP API payload v2.0 event for this request."""
    merged: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        lname = name.lower()
        if lname == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        merged[lname] = f"{merged[lname]},{value}" if lname in merged else value
    query: dict[str, str] = {}
    for name, value in urllib.parse.parse_qsl(raw_query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": match.route.route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": merged,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": merged.get("host", "127.0.0.1"),
            "domainPrefix": merged.get("host", "127.0.0.1").split(".", 1)[0],
            "http": {
                "method": method,
                "path": urllib.parse.unquote(raw_path),
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": merged.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": match.route.route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if match.path_parameters:
        event["pathParameters"] = match.path_parameters
    if authorizer is not None:
        event["requestContext"]["authorizer"] = authorizer
    if body:
        text: str | None = None
        if _is_text(merged.get("content-type", "text/plain")):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        if text is None:
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        else:
            event["body"] = text
    return event


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    output: FunctionOutput | None = None  # what the function printed meanwhile (for the console)


def gateway_error(status: int, message: str, extra: Sequence[tuple[str, str]] = ()) -> HttpResponse:
    body = json.dumps({"message": message}, separators=(",", ":")).encode()
    return HttpResponse(status, [("content-type", "application/json"), *extra], body)


def from_function_result(result: Any) -> HttpResponse:
    """Turn a handler's return value into HTTP as payload v2.0 does (a bare value becomes a 200 JSON body)."""
    if not isinstance(result, dict) or "statusCode" not in result:
        return HttpResponse(200, [("content-type", "application/json")], json.dumps(result).encode())
    headers: list[tuple[str, str]] = [(str(k), str(v)) for k, v in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((str(name), str(v)) for v in values)
    headers.extend(("set-cookie", str(c)) for c in result.get("cookies") or [])
    raw = result.get("body")
    if raw is None:
        body = b""
    elif result.get("isBase64Encoded"):
        body = base64.b64decode(raw)
    else:
        body = str(raw).encode("utf-8")
    if not any(k.lower() == "content-type" for k, _ in headers) and body:
        headers.append(("content-type", "application/json"))
    return HttpResponse(int(result["statusCode"]), headers, body)
