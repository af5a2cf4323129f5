"""The local stack as the e2e and load tests see it: its stack.json, and small HTTP and Cognito
helpers to call it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest

from local import child

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Stack:
    """The running stack as its stack.json describes it, with helpers to call it."""

    info: dict[str, Any]
    log_path: Path

    @property
    def url(self) -> str:
        return str(self.info["api_url"])

    def now(self) -> datetime:
        """One reading of the stack's clock (a child process on this machine: the same clock as the
        test's, shifted alike under faketime). A test takes one reading and derives its dates from it."""
        return datetime.now(UTC)

    def quiet(self, within: float = 60) -> dict[str, Any]:
        """Wait until every table stream is quiet: what earlier requests wrote has been delivered to
        its function, and what those deliveries wrote too (the local stack's own signal); returns
        what the pollers report."""
        answer = self.call("POST", "/_local/streams", body={"quiet_within": within})
        assert answer.status == 200, f"the streams were not quiet within {within} s: {answer.body!r}"
        return dict(answer.json())

    def idp(self) -> Any:
        return boto3.client(
            "cognito-idp",
            endpoint_url=self.info["aws_endpoint_url"],
            region_name=self.info["region"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def dynamodb(self, key: str = "testing", region: str | None = None) -> Any:
        """A DynamoDB client for the stack's tables (DynamoDB Local answers any credentials and region
        alike: it runs with -sharedDb)."""
        return boto3.client(
            "dynamodb",
            endpoint_url=self.info["dynamodb_endpoint_url"],
            region_name=region or self.info["region"],
            aws_access_key_id=key,
            aws_secret_access_key=key,
        )

    def user(self, role: str, org_index: int = 0) -> dict[str, Any]:
        """A seeded user with `role` in the first (or second) demo org."""
        org_ids = list(dict.fromkeys(u["org_id"] for u in self.info["users"]))
        return next(u for u in self.info["users"] if u["role"] == role and u["org_id"] == org_ids[org_index])

    def login(self, email: str, password: str) -> str:
        """An ID token from the local Cognito, as the web app would get one."""
        result = self.idp().initiate_auth(
            ClientId=self.info["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        return str(result["AuthenticationResult"]["IdToken"])

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method)  # noqa: S310 - our URL
        if data is not None:
            request.add_header("content-type", "application/json")
        if token is not None:
            request.add_header("authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return Response(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers.items()), error.read())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Show a 302 to the test instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextmanager
def running(state_dir: Path, *options: str) -> Iterator[Stack]:
    """`python -m local` on free ports without its scheduler (local/child.py), its state in
    `state_dir`, the synthesized template cached between runs; stopped on leaving."""
    cache_dir = ROOT / ".build" / "e2e-template-cache"  # keyed by a digest of its sources
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        started = child.start(state_dir, "--no-scheduler", "--cache-dir", str(cache_dir), *options)
    except child.StackNotReady as exc:
        pytest.fail(str(exc))
    try:
        yield Stack(started.info, started.log_path)
    finally:
        started.stop()


def items_json(value: object) -> str:
    """Items as a boto3 client reads them, as JSON text (sorted keys): binary values (a rollup's
    sketch) as Latin-1 text, so a search of the text sees any ASCII inside them too."""
    return json.dumps(value, sort_keys=True, default=lambda raw: bytes(raw).decode("latin-1"))
