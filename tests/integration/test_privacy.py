"""No raw IP address, bearer token or secret in any log line or any item; CORS for configured origins only.

The main flows run in-process (sharing, profile edits, clicks from IPv4 and IPv6 visitors behind
X-Forwarded-For chains, the stream applying them, a job, and failures that log warnings and stack
traces) while every log line is captured: Powertools' JSON output (our logger at DEBUG, stricter
than deployed) and the standard library's loggers at the deployed INFO. Then the logs and every item
of every table are searched for the raw values and their plain hashes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import ipaddress
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.actions import CHROME, LINKEDIN_BOT, click
from tests.support.clock import NOW
from tests.support.events import FakeContext, http_event, scheduled_event
from tests.support.faults import Database, DynamoFaults
from tests.support.mocked import Env

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwcml2YWN5LWNhbmFyeSJ9.c2lnbmF0dXJlLWNhbmFyeS0xMjM0NTY3ODkw"
SECRET = "k" * 64  # the click key tests/integration/conftest.py stores in Secrets Manager
VISITORS = ["198.51.100.77", "2001:db8:85a3::8a2e:370:7334", "::ffff:192.0.2.128"]
FORWARDED = ["203.0.113.195", "2001:db8::beef", "192.0.2.44"]
API_SOURCE = "203.0.113.9"  # what tests/support/events.py puts in every API event


def _forms(ip: str) -> set[str]:
    """The ways an address could be written down: as given, compressed, exploded, and plain hashes."""
    address = ipaddress.ip_address(ip)
    forms = {ip, str(address), address.exploded}
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        forms.add(str(mapped))
    hashes = {hashlib.new(name, f.encode()).hexdigest() for f in forms for name in ("sha256", "sha1", "md5")}
    return forms | hashes


def _needles() -> dict[str, str]:
    found = {form: f"ip {ip}" for ip in [*VISITORS, *FORWARDED, API_SOURCE] for form in _forms(ip)}
    found[TOKEN] = "bearer token"
    found[TOKEN.split(".")[2]] = "bearer token signature"
    found[SECRET] = "click secret"
    found[SECRET.encode().hex()] = "click secret (hex)"
    found[base64.b64encode(SECRET.encode()).decode()] = "click secret (base64)"
    return found


def _api(aws: Env, method: str, path: str, who: dict[str, str], **kwargs: Any) -> Any:
    headers = {"authorization": f"Bearer {TOKEN}", "x-forwarded-for": ", ".join(FORWARDED)}
    return aws.call(method, path, who=who, headers=headers, **kwargs)


def _click(
    aws: Env, code: str, ip: str, ua: str, method: str = "GET", at: datetime | None = None
) -> dict[str, Any]:
    """A click whose request also carries forwarding headers naming the visitor and proxies."""
    chain = ", ".join([ip, *FORWARDED])
    return click(
        aws, code, ip, ua, method, at=at, headers={"x-forwarded-for": chain, "forwarded": f'for="{ip}"'}
    )


@dataclass
class Captured:
    powertools: io.StringIO  # our logger's JSON lines, formatted as deployed
    stdlib: pytest.LogCaptureFixture  # every other logger, at the deployed INFO


@pytest.fixture
def captured(caplog: pytest.LogCaptureFixture) -> Iterator[Captured]:
    from advocacy.observability import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    level = logger.log_level
    logger.setLevel("DEBUG")
    logger._logger.addHandler(handler)
    caplog.set_level(logging.INFO)
    try:
        yield Captured(stream, caplog)
    finally:
        logger._logger.removeHandler(handler)
        logger.setLevel(level)


def test_no_raw_ip_token_or_secret_in_logs_or_tables(
    aws: Env,
    org: dict[str, Any],
    now: datetime,
    captured: Captured,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = now + timedelta(hours=1)
    mia, manager = org["members"][0], org["manager"]
    item = _api(aws, "POST", "/content", manager, now=at,
                body={"title": "Launch", "url": "https://acme.example/launch", "status": "published"})  # fmt: skip
    assert item.status == 201, item.body
    me = _api(aws, "PATCH", "/me", mia, body={"networks": {"linkedin": {"handle": "mia", "followers": 90}}})
    assert me.status == 200, me.body
    share = _api(aws, "POST", f"/content/{item.body['content_id']}/shares", mia, body={"network": "linkedin"})
    assert share.status == 201, share.body
    code = share.body["code"]

    for n, ip in enumerate(VISITORS):
        assert _click(aws, code, ip, CHROME, at=at + timedelta(minutes=n))["statusCode"] == 302
    assert _click(aws, code, VISITORS[0], LINKEDIN_BOT)["statusCode"] == 302
    assert _click(aws, code, VISITORS[1], CHROME, method="HEAD")["statusCode"] == 302
    faults = DynamoFaults()
    faults.install(monkeypatch)
    with faults.arm(2, "server_error"):  # the click is lost: logged with its stack trace
        assert _click(aws, code, VISITORS[2], CHROME)["statusCode"] == 302
    with faults.arm(1, "throttled"):  # the link cannot be read: a 503 page, a warning
        assert _click(aws, code, VISITORS[0], CHROME)["statusCode"] == 503
    with faults.arm(3, "timeout_after_write"):  # the API's 503 path
        busy = _api(aws, "POST", f"/content/{item.body['content_id']}/shares", mia, body={"network": "x"})
        assert busy.status == 503
    aws.streams.drain()

    stats = _api(aws, "GET", f"/content/{item.body['content_id']}", manager, now=at + timedelta(hours=1)).body
    assert stats["stats"]["unique_clicks"] == len(VISITORS)  # the visitors were told apart, by keyed hash
    from advocacy.handlers import jobs

    jobs.handler(scheduled_event("leaderboards", "2026-11-02T11:00:00Z"), FakeContext("jobs"))

    out, err = capfd.readouterr()
    records = [
        " ".join(str(x) for x in (r.getMessage(), r.__dict__, r.exc_text)) for r in captured.stdlib.records
    ]
    ours = captured.powertools.getvalue()
    logs = "\n".join([ours, out, err, captured.stdlib.text, *records])
    # The failures above were logged, with their stack traces, and so was the job.
    for expected in (
        '"message":"click not recorded"',
        '"message":"link not read"',
        "Traceback",
        "job finished",
    ):
        assert expected in ours, expected
    items = json.dumps(Database().snapshot())
    leaks = [(what, where) for needle, what in _needles().items()
             for where, text in (("logs", logs), ("tables", items)) if needle in text]  # fmt: skip
    assert not leaks, leaks


@pytest.fixture
def cors_app() -> Iterator[Any]:
    """Builds resolvers with CORS; the routers then belong to the last one built, so the api
    handler's own app is rebuilt afterwards for the tests that follow in this process."""
    from advocacy.api.app import build_app
    from advocacy.handlers import api

    try:
        yield build_app
    finally:
        api.app = build_app(api.settings.cors_origins)


def _resolve(app: Any, method: str, origin: str) -> dict[str, str]:
    headers = {"origin": origin}
    if method == "OPTIONS":
        headers["access-control-request-method"] = "GET"
    result = app.resolve(http_event(method, "/health", headers=headers, now=NOW), FakeContext())
    return {k.lower(): v for k, v in (result.get("headers") or {}).items()}


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_the_resolver_answers_cors_only_for_configured_origins(aws: Env, method: str, cors_app: Any) -> None:
    allowed = ("https://app.example.com", "https://admin.example.com")
    app = cors_app(allowed)
    for origin in allowed:
        assert _resolve(app, method, origin).get("access-control-allow-origin") == origin
    for stranger in ("https://evil.example", "https://app.example.com.evil.example", "null"):
        assert "access-control-allow-origin" not in _resolve(app, method, stranger)
    assert "access-control-allow-origin" not in _resolve(cors_app(()), method, "https://app.example.com")
