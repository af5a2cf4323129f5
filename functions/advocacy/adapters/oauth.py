"""HTTP calls to the networks' OAuth endpoints: the code exchange, refresh, who the member is, revoke.

The URLs come from settings (the real APIs deployed, the local fakes in `make dev` and the tests). One
pool, short timeouts, no retries here: a failed exchange is the member's to try again, a failed
refresh leaves the stored tokens as they were. Token values are never logged or put in errors."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import urllib3
from urllib3.exceptions import HTTPError

from advocacy.settings import Provider

TIMEOUT = urllib3.Timeout(connect=2.0, read=4.0)
_pool = urllib3.PoolManager(retries=False, timeout=TIMEOUT)


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str | None


class ProviderRefused(Exception):
    """The provider answered 4xx (an invalid or used code, a revoked refresh token)."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(f"{status} {error}")
        self.status = status
        self.error = error


class ProviderUnavailable(Exception):
    """No answer, or a 5xx: the same request may work later."""


def _basic(client: Client) -> str:
    return "Basic " + base64.b64encode(f"{client.client_id}:{client.client_secret}".encode()).decode()


def _call(method: str, url: str, headers: dict[str, str], fields: dict[str, str] | None = None) -> Any:
    try:
        if fields is None:
            answer = _pool.request(method, url, headers=headers)
        else:
            answer = _pool.request_encode_body(
                method, url, fields=fields, headers=headers, encode_multipart=False
            )
    except HTTPError as exc:
        raise ProviderUnavailable(type(exc).__name__) from None
    if answer.status >= 500:
        raise ProviderUnavailable(str(answer.status))
    try:
        body = json.loads(answer.data or b"{}")
    except ValueError:
        body = {}
    if answer.status >= 400:
        error = str(body.get("error") or body.get("code") or "") if isinstance(body, dict) else ""
        raise ProviderRefused(answer.status, error[:100])
    return body


def _tokens(body: Any) -> Tokens:
    if not isinstance(body, dict) or not body.get("access_token"):
        raise ProviderUnavailable("no access token in the answer")
    refresh = body.get("refresh_token")
    return Tokens(
        str(body["access_token"]), int(body.get("expires_in") or 0), str(refresh) if refresh else None
    )


def exchange(
    provider: Provider, client: Client, code: str, redirect_uri: str, verifier: str | None
) -> Tokens:
    """The authorization code for tokens (with the PKCE verifier where the flow used one)."""
    fields = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    headers = {"Accept": "application/json"}
    if verifier is not None:  # X: a confidential client with Basic auth, plus the verifier
        fields |= {"code_verifier": verifier, "client_id": client.client_id}
        headers["Authorization"] = _basic(client)
    else:  # LinkedIn: the client's credentials in the form
        fields |= {"client_id": client.client_id, "client_secret": client.client_secret}
    return _tokens(_call("POST", provider.token_url, headers, fields))


def refresh(provider: Provider, client: Client, refresh_token: str) -> Tokens:
    fields = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client.client_id}
    headers = {"Accept": "application/json", "Authorization": _basic(client)}
    return _tokens(_call("POST", provider.token_url, headers, fields))


def who(provider: Provider, access_token: str, query: str = "") -> dict[str, Any]:
    """LinkedIn's `/v2/userinfo` or X's `/2/users/me` answer (`query` added to the URL: X's fields)."""
    url = (
        f"{provider.userinfo_url}{'&' if '?' in provider.userinfo_url else '?'}{query}"
        if query
        else provider.userinfo_url
    )
    body = _call("GET", url, {"Authorization": f"Bearer {access_token}"})
    return body if isinstance(body, dict) else {}


def revoke(provider: Provider, client: Client, token: str) -> None:
    """Revoke at the provider (only where it has an endpoint: `revoke_url`)."""
    if not provider.revoke_url:
        return
    fields = {"token": token, "token_type_hint": "access_token", "client_id": client.client_id}
    _call("POST", provider.revoke_url, {"Authorization": _basic(client)}, fields)
