"""The pure rules of connecting an account: the signed OAuth `state`, PKCE, the authorize URL, the
member's author id from the provider's answer, and when a connection is "expiring soon".

The `state` is `<payload>.<signature>`: the payload (base64url JSON) names the org, the member, the
network, a nonce and the expiry; the signature is HMAC-SHA256 under the stack's secret. It proves the
value came from us unchanged; the single use is the store's (the nonce's record is consumed once)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, get_args
from urllib.parse import urlencode

ApiNetwork = Literal["linkedin", "x"]
API_NETWORKS: tuple[str, ...] = get_args(ApiNetwork)
STATE_LIFETIME = timedelta(minutes=10)
REFRESH_MARGIN = timedelta(minutes=5)
"""An X access token is refreshed when it expires within this margin."""
RECONNECT_NOTICE = timedelta(days=7)
"""A LinkedIn connection expiring within this is said to need reconnecting soon (no refresh token)."""
SCOPES: dict[str, str] = {
    "linkedin": "openid profile email w_member_social",
    "x": "tweet.read tweet.write users.read offline.access",
}
PKCE_NETWORKS = frozenset({"x"})


class BadState(Exception):
    """The `state` is malformed, forged, expired or not the caller's."""


@dataclass(frozen=True)
class State:
    org_id: str
    member_id: str
    network: str
    nonce: str
    expires: int  # epoch seconds


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_state(state: State, key: bytes) -> str:
    payload = _b64(
        json.dumps(
            {
                "o": state.org_id,
                "m": state.member_id,
                "n": state.network,
                "x": state.nonce,
                "e": state.expires,
            },
            separators=(",", ":"),
        ).encode()
    )
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def read_state(value: str, key: bytes) -> State:
    """The state, if we signed it (whoever it names and however old it is)."""
    payload, _, signature = value.partition(".")
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not payload or not hmac.compare_digest(signature, expected):
        raise BadState("the state is not one this service signed")
    try:
        raw: dict[str, Any] = json.loads(_unb64(payload))
        return State(str(raw["o"]), str(raw["m"]), str(raw["n"]), str(raw["x"]), int(raw["e"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise BadState("the state is malformed") from exc


def check_state(state: State, org_id: str, member_id: str, network: str, now: datetime) -> None:
    """That a state we signed is this member's, for this network, and not expired."""
    if (state.org_id, state.member_id) != (org_id, member_id):
        raise BadState("the state belongs to another member")
    if state.network != network:
        raise BadState(f"the state is for {state.network}")
    if now.timestamp() >= state.expires:
        raise BadState("the state has expired")


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(SHA-256(verifier)) without padding."""
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


def authorize_url(
    base: str, network: str, client_id: str, redirect_uri: str, state: str, verifier: str | None
) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES[network],
        "state": state,
    }
    if verifier is not None:
        query |= {"code_challenge": pkce_challenge(verifier), "code_challenge_method": "S256"}
    return f"{base}?{urlencode(query)}"


def author_of(network: str, answer: dict[str, Any]) -> str:
    """LinkedIn's userinfo `sub` as a person URN; X's `data.id`."""
    if network == "linkedin":
        sub = str(answer.get("sub") or "")
        if not sub:
            raise ValueError("userinfo has no sub")
        return f"urn:li:person:{sub}"
    user_id = str((answer.get("data") or {}).get("id") or "")
    if not user_id:
        raise ValueError("users/me has no data.id")
    return user_id


# What the "who is the member" call asks for besides the id: X reports the account's follower count
# (`public_metrics`); LinkedIn's member API gives this app no follower count at all (decision 84).
WHO_QUERY: dict[str, str] = {"x": "user.fields=public_metrics"}


def followers_of(network: str, answer: dict[str, Any]) -> int | None:
    """The follower count the network reported for the member (X's `public_metrics.followers_count`),
    None where it reports none (LinkedIn) or sent something else."""
    if network != "x":
        return None
    metrics = (answer.get("data") or {}).get("public_metrics") or {}
    count = metrics.get("followers_count") if isinstance(metrics, dict) else None
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return None
    return count


def needs_refresh(expires_at: datetime, now: datetime) -> bool:
    return expires_at - now <= REFRESH_MARGIN


def reconnect_soon(network: str, expires_at: datetime, refreshable: bool, now: datetime) -> bool:
    """A connection that cannot refresh (LinkedIn) and ends within a week: remind the member."""
    return not refreshable and expires_at - now <= RECONNECT_NOTICE
