"""The local JWT authorizer denies exactly what API Gateway's would."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from local.auth import JwtAuthorizer, Unauthorized, flatten_claim

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
CLIENT = "client-1"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Jwks:
    """The pool's JWKS without a socket: one RSA key, kid "k1"."""

    def __init__(self) -> None:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
        jwk.update(kid="k1", alg="RS256", use="sig")
        self.keys = {"k1": jwt.PyJWK(jwk)}

    def get_signing_key(self, kid: str) -> jwt.PyJWK:
        if kid not in self.keys:
            raise jwt.PyJWKClientError(f"Unable to find a signing key that matches: {kid!r}")
        return self.keys[kid]


def _authorizer() -> JwtAuthorizer:
    return JwtAuthorizer("http://unused/jwks.json", ISSUER, [CLIENT], jwks=_Jwks())


def _token(key: Any = KEY, kid: str = "k1", **overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "u1", "token_use": "id", "iat": now, "exp": now + 600}
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_valid_token_with_or_without_bearer_prefix() -> None:
    auth = _authorizer()
    assert auth.verify(f"Bearer {_token()}")["sub"] == "u1"
    assert auth.verify(_token())["sub"] == "u1"


def test_client_id_stands_in_for_a_missing_aud() -> None:
    assert _authorizer().verify(_token(aud=None, client_id=CLIENT))["sub"] == "u1"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (lambda: "", "no token"),
        (lambda: "not-a-jwt", "malformed"),
        (lambda: _token(key=OTHER_KEY), "invalid"),
        (lambda: _token(kid="unknown"), "kid"),
        (lambda: _token(iss="https://cognito-idp.us-east-1.amazonaws.com/other"), "issuer"),
        (lambda: _token(aud="another-client"), "audience"),
        (lambda: _token(aud=None, client_id="another-client"), "audience"),
        (lambda: _token(exp=int(time.time()) - 5), "expired"),
        (lambda: _token(nbf=int(time.time()) + 300), "not valid yet"),
        (lambda: _token(exp=None), "invalid"),
        (
            lambda: jwt.encode(
                {"iss": ISSUER, "aud": CLIENT}, "a-shared-secret-of-at-least-32-bytes", algorithm="HS256"
            ),
            "RSA",
        ),
    ],
)
def test_denied(token: Any, reason: str) -> None:
    with pytest.raises(Unauthorized, match=reason):
        _authorizer().verify(token())


def test_route_scopes() -> None:
    auth = _authorizer()
    assert auth.verify(_token(scope="a b"), scopes=["b"])
    with pytest.raises(Unauthorized, match="scope"):
        auth.verify(_token(scope="a"), scopes=["b"])


def test_claims_reach_the_event_as_strings() -> None:
    ctx = JwtAuthorizer.event_authorizer(
        {"sub": "u1", "exp": 5, "email_verified": True, "cognito:groups": ["a", "b"]}
    )
    assert ctx["jwt"]["claims"] == {
        "sub": "u1",
        "exp": "5",
        "email_verified": "true",
        "cognito:groups": "[a b]",
    }
    assert ctx["jwt"]["scopes"] is None
    assert flatten_claim({"a": 1}) == '{"a":1}'
