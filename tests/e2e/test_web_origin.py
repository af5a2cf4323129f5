"""The web app's local origin as a browser uses it: the stack's `web_url` serves the build (app
routes get index.html) and a config.json naming this stack; from that origin, the app signs in
against Cognito (moto, across origins) with the flow config.json names, and calls the API, whose
CORS allows the origin."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.stack import Response, Stack
from tests.support.web import INDEX_HTML, SCRIPT

pytestmark = pytest.mark.e2e


@dataclass
class Seen(Response):
    """An answer with its header names lower-cased, and every Access-Control-Allow-Origin it carried
    (a browser refuses two)."""

    allowed_origins: list[str] = field(default_factory=list)


def _fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None, body: Any = None) -> Seen:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310 - local
    try:
        answer = urllib.request.urlopen(request, timeout=30)  # noqa: S310 - the local stack
    except urllib.error.HTTPError as error:
        answer = error
    with answer:
        message = answer.headers
        return Seen(
            answer.status,
            {k.lower(): v for k, v in message.items()},
            answer.read(),
            message.get_all("access-control-allow-origin") or [],
        )


@pytest.fixture(scope="module")
def config(stack: Stack) -> dict[str, Any]:
    answer = _fetch(f"{stack.info['web_url']}/config.json")
    assert answer.status == 200
    assert answer.headers["cache-control"] == "no-store"
    return dict(answer.json())


def test_web_url_serves_the_app_on_its_own_origin(stack: Stack) -> None:
    web = str(stack.info["web_url"])
    assert web.startswith("http://127.0.0.1:") and web != stack.url
    for path in ("/", "/feed", "/leaderboards/week"):
        answer = _fetch(web + path)
        assert answer.status == 200, path
        assert answer.body.decode() == INDEX_HTML
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert answer.headers["cache-control"] == "no-store"
    script = _fetch(f"{web}/{SCRIPT}")
    assert script.status == 200 and "immutable" in script.headers["cache-control"]
    assert _fetch(f"{web}/assets/gone-00000000.js").status == 404


def test_config_json_names_this_stack(stack: Stack, config: dict[str, Any]) -> None:
    assert config == {
        "apiUrl": stack.url,
        "region": stack.info["region"],
        "userPoolId": stack.info["user_pool_id"],
        "clientId": stack.info["user_pool_client_id"],
        "authFlow": "password",
        "cognitoEndpoint": stack.info["aws_endpoint_url"],
    }


def test_the_csp_lets_the_app_call_only_its_api_and_cognito(stack: Stack, config: dict[str, Any]) -> None:
    csp = _fetch(str(stack.info["web_url"])).headers["content-security-policy"]
    (connect,) = [d.split() for d in csp.split(";") if d.strip().startswith("connect-src")]
    assert connect == ["connect-src", "'self'", config["apiUrl"], config["cognitoEndpoint"]]


def test_from_the_web_origin_the_app_signs_in_and_calls_the_api(stack: Stack, config: dict[str, Any]) -> None:
    origin = str(stack.info["web_url"])
    cognito = str(config["cognitoEndpoint"])
    # Cognito's JSON API across origins: the preflight, then InitiateAuth as the app sends it.
    preflight = _fetch(
        cognito,
        "OPTIONS",
        {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target,x-amz-user-agent",
        },
    )
    assert preflight.status == 200 and preflight.allowed_origins == [origin]
    assert "x-amz-target" in preflight.headers["access-control-allow-headers"].lower()
    member = stack.user("member")
    headers = {
        "Origin": origin,
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
    }

    def sign_in(password: str) -> Seen:
        body = {
            "ClientId": config["clientId"],
            "AuthFlow": "USER_PASSWORD_AUTH",  # config.json's "password" flow
            "AuthParameters": {"USERNAME": member["email"], "PASSWORD": password},
        }
        return _fetch(cognito, "POST", headers, body)

    refused = sign_in(member["password"] + "-wrong")
    assert refused.status == 400 and refused.json()["__type"] == "NotAuthorizedException"
    signed_in = sign_in(member["password"])
    assert signed_in.status == 200 and signed_in.allowed_origins == [origin]
    token = signed_in.json()["AuthenticationResult"]["IdToken"]
    # The API: its preflight and the call, each with one Access-Control-Allow-Origin, the web origin.
    api = str(config["apiUrl"])
    api_preflight = _fetch(
        f"{api}/me",
        "OPTIONS",
        {
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert api_preflight.status == 204 and api_preflight.allowed_origins == [origin]
    assert "authorization" in api_preflight.headers["access-control-allow-headers"]
    bearer = {"Authorization": f"Bearer {token}"}
    me = _fetch(f"{api}/me", headers={**bearer, "Origin": origin})
    assert me.status == 200 and me.allowed_origins == [origin]
    assert me.json()["email"] == member["email"]
    stranger = _fetch(f"{api}/me", headers={**bearer, "Origin": "https://evil.example"})
    assert stranger.status == 200 and stranger.allowed_origins == []
