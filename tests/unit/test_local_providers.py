"""The local fakes of LinkedIn and X (local/providers.py): their wire formats, errors and faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from advocacy.domain.connections import pkce_challenge
from local import providers
from local.payload import HttpResponse

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    providers.reset()
    yield
    providers.reset()


def _call(
    method: str, path: str, headers: dict[str, str] | None = None, body: Any = None, query: str = ""
) -> HttpResponse:
    raw = b"" if body is None else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
    return providers.handle(method, f"/_local/providers/{path}", query, headers or {}, raw)


def _token(network: str) -> dict[str, Any]:
    verifier = "v" * 43
    query = f"response_type=code&client_id=c&redirect_uri=https://app/cb&state=s1&code_challenge={pkce_challenge(verifier)}&code_challenge_method=S256"
    location = dict(_call("GET", f"{network}/authorize", query=query).headers)["location"]
    code = parse_qs(urlsplit(location).query)["code"][0]
    form = f"grant_type=authorization_code&code={code}&redirect_uri=https://app/cb&client_id=c&client_secret=s&code_verifier={verifier}"
    path = "linkedin/oauth/v2/accessToken" if network == "linkedin" else "x/2/oauth2/token"
    answer = _call("POST", path, FORM, form)
    assert answer.status == 200, answer.body
    return dict(json.loads(answer.body))


def _li_post(token: str, version: str = "202601", author: str | None = None) -> HttpResponse:
    headers = {
        **JSON,
        "authorization": f"Bearer {token}",
        "linkedin-version": version,
        "x-restli-protocol-version": "2.0.0",
    }
    if author is None:
        me = json.loads(_call("GET", "linkedin/v2/userinfo", {"authorization": f"Bearer {token}"}).body)[
            "sub"
        ]
        author = f"urn:li:person:{me}"
    body = {"author": author, "commentary": "Hi", "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED"}, "lifecycleState": "PUBLISHED"}  # fmt: skip
    return _call("POST", "linkedin/rest/posts", headers, body)


def test_linkedin_posts_answer_201_with_the_restli_id_and_its_errors() -> None:
    token = _token("linkedin")
    assert "refresh_token" not in token and token["expires_in"] == 60 * 24 * 3600
    created = _li_post(token["access_token"])
    assert created.status == 201 and dict(created.headers)["x-restli-id"].startswith("urn:li:share:")
    assert _li_post(token["access_token"], version="209901").status == 426
    assert json.loads(_li_post(token["access_token"], version="209901").body)["code"] == "NONEXISTENT_VERSION"
    denied = _li_post(token["access_token"], author="urn:li:person:someone-else")
    assert (denied.status, json.loads(denied.body)["code"]) == (403, "ACCESS_DENIED")
    assert _li_post("not-a-token", author="urn:li:person:x").status == 401
    assert len(json.loads(_call("GET", "linkedin/posts").body)["items"]) == 1


def test_x_posts_refuse_duplicates_and_faults_answer_with_their_headers() -> None:
    token = _token("x")["access_token"]
    auth = {**JSON, "authorization": f"Bearer {token}"}
    first = _call("POST", "x/2/tweets", auth, {"text": "hello"})
    assert first.status == 201 and json.loads(first.body)["data"]["text"] == "hello"
    assert "x-rate-limit-remaining" in dict(first.headers)
    assert _call("POST", "x/2/tweets", auth, {"text": "hello"}).status == 403
    fault = {"status": 429, "headers": {"x-rate-limit-reset": "1790000000"}, "count": 2}
    assert _call("POST", "x/faults", JSON, fault).status == 200
    for _ in range(2):
        limited = _call("POST", "x/2/tweets", auth, {"text": "again"})
        assert (limited.status, dict(limited.headers)["x-rate-limit-reset"]) == (429, "1790000000")
    assert _call("POST", "x/2/tweets", auth, {"text": "again"}).status == 201


def test_x_checks_pkce_and_rotates_refresh_tokens() -> None:
    query = f"response_type=code&client_id=c&redirect_uri=https://app/cb&state=s&code_challenge={pkce_challenge('v' * 43)}&code_challenge_method=S256"
    code = parse_qs(urlsplit(dict(_call("GET", "x/authorize", query=query).headers)["location"]).query)[
        "code"
    ][0]
    wrong = f"grant_type=authorization_code&code={code}&redirect_uri=https://app/cb&client_id=c&client_secret=s&code_verifier={'w' * 43}"
    assert _call("POST", "x/2/oauth2/token", FORM, wrong).status == 400
    refresh = _token("x")["refresh_token"]
    form = f"grant_type=refresh_token&refresh_token={refresh}&client_id=c&client_secret=s"
    assert _call("POST", "x/2/oauth2/token", FORM, form).status == 200
    assert _call("POST", "x/2/oauth2/token", FORM, form).status == 400  # used once


def test_x_users_me_reports_the_follower_count_when_asked_for_public_metrics() -> None:
    token = {"authorization": f"Bearer {_token('x')['access_token']}"}
    plain = json.loads(_call("GET", "x/2/users/me", token).body)["data"]
    assert "public_metrics" not in plain
    asked = json.loads(_call("GET", "x/2/users/me", token, query="user.fields=public_metrics").body)["data"]
    assert asked["public_metrics"]["followers_count"] == providers.X_FOLLOWERS
    assert _call("POST", "x/followers", JSON, {"count": 42}).status == 200
    asked = json.loads(_call("GET", "x/2/users/me", token, query="user.fields=public_metrics").body)["data"]
    assert asked["public_metrics"]["followers_count"] == 42
    assert _call("POST", "x/followers", JSON, {"count": "many"}).status == 400
    providers.reset()  # the next test finds the fake as it starts
