"""Verifies bearer tokens the way API Gateway's HTTP API JWT authorizer does.

Per the authorizer's documented workflow: the identity source holds the token, optionally
prefixed with `Bearer `; the signature must verify with an RSA key from the issuer's JWKS
whose `kid` matches; `iss` must equal the configured issuer; `aud` (or `client_id` when there
is no `aud`) must be one of the configured audiences; `exp` must be in the future and `nbf`
in the past; a route with scopes needs one of them in `scope`. Claims reach the integration as
strings, the way API Gateway flattens them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import jwt

RSA_ALGORITHMS = ["RS256", "RS384", "RS512"]


class Unauthorized(Exception):
    """The request is denied; the message becomes the `www-authenticate` error description."""


def flatten_claim(value: Any) -> str:
    """A claim as API Gateway hands it to the integration (lists as "[a b]", numbers as text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(flatten_claim(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


class JwtAuthorizer:
    """One JWT authorizer: a JWKS URL (fetched and cached), an issuer and the accepted audiences."""

    def __init__(self, jwks_url: str, issuer: str, audiences: Sequence[str], jwks: Any = None) -> None:
        """`jwks` (with PyJWKClient's `get_signing_key(kid)`) stands in for fetching `jwks_url` in tests."""
        self.issuer = issuer
        self.audiences = frozenset(audiences)
        self._jwks = jwks or jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300)

    def verify(self, authorization: str | None, scopes: Sequence[str] = ()) -> dict[str, Any]:
        """The token's claims, or Unauthorized with API Gateway's reason."""
        if not authorization or not authorization.strip():
            raise Unauthorized("no token")
        token = authorization.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("the token is malformed") from exc
        if header.get("alg") not in RSA_ALGORITHMS:
            raise Unauthorized("the token is not signed with an RSA algorithm")
        try:
            key = self._jwks.get_signing_key(str(header.get("kid")))
        except jwt.PyJWKClientError as exc:
            raise Unauthorized("the token's kid matches no key of the issuer") from exc
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=RSA_ALGORITHMS,
                issuer=self.issuer,
                options={"verify_aud": False, "require": ["exp", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("the token has expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise Unauthorized("the token is not valid yet") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthorized("the token does not have a valid issuer") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the token is invalid ({type(exc).__name__})") from exc
        audience = claims.get("aud", claims.get("client_id"))  # aud wins when both are present
        audiences = {audience} if isinstance(audience, str) else set(audience or [])
        if not audiences & self.audiences:
            raise Unauthorized("the token does not have a valid audience")
        granted = str(claims.get("scope", "")).split()
        if scopes and not set(scopes) & set(granted):
            raise Unauthorized("the token does not have the required scope")
        return claims

    @staticmethod
    def event_authorizer(claims: dict[str, Any]) -> dict[str, Any]:
        """`requestContext.authorizer` as the integration receives it."""
        scopes = str(claims["scope"]).split() if "scope" in claims else None
        return {"jwt": {"claims": {k: flatten_claim(v) for k, v in claims.items()}, "scopes": scopes}}
