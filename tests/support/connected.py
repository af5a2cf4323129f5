"""Connected accounts for the integration tier: local/providers.py (the fakes of LinkedIn's and X's
OAuth and posting endpoints) served on 127.0.0.1, the KMS key, client secrets and state key made in
the test's mocked account, and the connections service configured to use them all.

`connect(env, who, network)` runs the whole OAuth flow as the app does and returns the fake's user."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import urllib3

from local import providers
from tests.support.mocked import TABLES, Env

REDIRECT_URL = "https://app.acme.test/connections/callback"
KEY_ALIAS = "alias/it-connections"
CLIENTS = {"linkedin": "it-linkedin-client", "x": "it-x-client"}
STATE_SECRET = "it-oauth-state"
_http = urllib3.PoolManager(retries=False)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: Any) -> None:
        return

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = providers.handle(self.command, path, query, headers, body)
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("content-length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = do_POST = _serve


@contextmanager
def serving() -> Iterator[str]:
    """The fakes on a free port of 127.0.0.1; yields the origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def env_for(origin: str, networks: tuple[str, ...] = ("linkedin", "x")) -> dict[str, str]:
    """The functions' variables for the fakes at `origin`, offering `networks`."""
    env = providers.endpoints(origin)
    for network in networks:
        env[f"PROVIDER_{network.upper()}_SECRET_ARN"] = CLIENTS[network]
    return env | {
        "CONNECTIONS_KEY_ID": KEY_ALIAS,
        "OAUTH_STATE_SECRET_ARN": STATE_SECRET,
        "OAUTH_REDIRECT_URL": REDIRECT_URL,
    }


def configure(aws: Env, origin: str, networks: tuple[str, ...] = ("linkedin", "x")) -> None:
    """Make the key, secrets and settings in this test's mocked account (secrets by name, with the same
    values in every test, since a container reads each once)."""
    from advocacy.api import deps
    from advocacy.services import connection_settings
    from advocacy.settings import Settings

    providers.reset()
    kms = boto3.client("kms")
    key_id = kms.create_key(Description="it connections")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=key_id)
    sm = boto3.client("secretsmanager")
    for name in CLIENTS.values():
        sm.create_secret(Name=name, SecretString=json.dumps({"client_id": name, "client_secret": "s3cret"}))
    sm.create_secret(Name=STATE_SECRET, SecretString="state-key-" + "k" * 54)
    env = {**os.environ, "USER_POOL_ID": aws.user_pool_id, **env_for(origin, networks)}
    settings = Settings.from_env(tuple(TABLES), env=env)
    deps.configure(settings)
    connection_settings.configure(settings)


def authorize(url: str) -> dict[str, str]:
    """Follow the authorize URL as the browser would: the fake consents and redirects; the code and
    state the app's callback route would receive."""
    answer = _http.request("GET", url, redirect=False)
    assert answer.status == 302, answer.data
    location = answer.headers["location"]
    assert location.startswith(REDIRECT_URL)
    query = parse_qs(urlsplit(location).query)
    return {"code": query["code"][0], "state": query["state"][0]}


def connect(aws: Env, who: dict[str, str], network: str) -> dict[str, Any]:
    """Start, consent and finish; the finished connection's answer."""
    started = aws.call("POST", f"/me/connections/{network}", who)
    assert started.status == 200, started.body
    finished = aws.call(
        "POST", f"/me/connections/{network}/callback", who, body=authorize(started.body["authorize_url"])
    )
    assert finished.status == 200, finished.body
    return dict(finished.body)


def posts(origin: str, network: str) -> dict[str, Any]:
    answer = _http.request("GET", f"{origin}/_local/providers/{network}/posts")
    return dict(json.loads(answer.data))
