"""The OAuth state's signature, binding and expiry, PKCE S256, and the providers' settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from advocacy.domain import connections as rules
from advocacy.settings import ConfigError, Settings

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
KEY = b"k" * 32


def verify(value: str, key: bytes, org_id: str, member_id: str, network: str, now: datetime) -> rules.State:
    """What the callback checks of a state: our signature, then the caller, the network, the expiry."""
    state = rules.read_state(value, key)
    rules.check_state(state, org_id, member_id, network, now)
    return state


def _state(expires: datetime = NOW + rules.STATE_LIFETIME) -> rules.State:
    return rules.State("org1", "mem1", "x", "nonce1", int(expires.timestamp()))


def test_a_signed_state_verifies_for_its_member_until_it_expires() -> None:
    signed = rules.sign_state(_state(), KEY)
    assert verify(signed, KEY, "org1", "mem1", "x", NOW + timedelta(minutes=9)) == _state()
    with pytest.raises(rules.BadState, match="expired"):
        verify(signed, KEY, "org1", "mem1", "x", NOW + timedelta(minutes=10))


@pytest.mark.parametrize(
    ("org_id", "member_id", "key"),
    [("org1", "mem2", KEY), ("org2", "mem1", KEY), ("org1", "mem1", b"another key")],
)
def test_a_state_for_another_member_or_signed_with_another_key_is_refused(
    org_id: str, member_id: str, key: bytes
) -> None:
    with pytest.raises(rules.BadState):
        verify(rules.sign_state(_state(), key=KEY), key, org_id, member_id, "x", NOW)


def test_a_state_for_another_network_is_refused() -> None:
    with pytest.raises(rules.BadState, match="is for x"):
        verify(rules.sign_state(_state(), KEY), KEY, "org1", "mem1", "linkedin", NOW)


@pytest.mark.parametrize("value", ["", ".", "abc", "abc.def", "e30.x"])
def test_malformed_states_are_refused(value: str) -> None:
    with pytest.raises(rules.BadState):
        verify(value, KEY, "org1", "mem1", "x", NOW)


def test_an_altered_payload_breaks_the_signature() -> None:
    signature = rules.sign_state(_state(NOW + timedelta(days=1)), KEY).partition(".")[2]
    forged = rules.sign_state(rules.State("org1", "mem1", "x", "nonce1", 2_000_000_000), b"guess")
    with pytest.raises(rules.BadState):
        verify(forged.partition(".")[0] + "." + signature, KEY, "org1", "mem1", "x", NOW)


def test_pkce_s256_matches_rfc_7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert rules.pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_the_authorize_url_asks_each_network_for_its_scopes() -> None:
    x = rules.authorize_url("https://x.example/authorize", "x", "cid", "https://app/cb", "st", "v" * 43)
    assert "code_challenge_method=S256" in x and "offline.access" in x.replace("+", " ")
    li = rules.authorize_url(
        "https://li.example/authorization", "linkedin", "cid", "https://app/cb", "st", None
    )
    assert "code_challenge" not in li and "w_member_social" in li


def test_the_author_is_linkedins_person_urn_or_xs_user_id() -> None:
    assert rules.author_of("linkedin", {"sub": "782bbtaQ"}) == "urn:li:person:782bbtaQ"
    assert rules.author_of("x", {"data": {"id": "2244994945"}}) == "2244994945"
    with pytest.raises(ValueError):
        rules.author_of("x", {"data": {}})


PROVIDER_ENV = {
    "PROVIDER_X_SECRET_ARN": "arn:x",
    "PROVIDER_X_AUTHORIZE_URL": "https://x.com/i/oauth2/authorize",
    "PROVIDER_X_TOKEN_URL": "https://api.x.com/2/oauth2/token",
    "PROVIDER_X_USERINFO_URL": "https://api.x.com/2/users/me",
    "PROVIDER_X_API_BASE": "https://api.x.com/",
    "PROVIDER_X_REVOKE_URL": "https://api.x.com/2/oauth2/revoke",
    "CONNECTIONS_KEY_ID": "key",
    "OAUTH_STATE_SECRET_ARN": "arn:state",
    "OAUTH_REDIRECT_URL": "https://app.example/connections/callback",
}


def test_a_network_is_offered_only_with_its_secret_and_every_endpoint() -> None:
    settings = Settings.from_env((), env=PROVIDER_ENV)
    assert list(settings.providers) == ["x"]
    assert settings.providers["x"].api_base == "https://api.x.com"
    assert Settings.from_env((), env={}).providers == {}
    with pytest.raises(ConfigError, match="PROVIDER_X_TOKEN_URL"):
        Settings.from_env((), env={k: v for k, v in PROVIDER_ENV.items() if k != "PROVIDER_X_TOKEN_URL"})
    with pytest.raises(ConfigError, match="CONNECTIONS_KEY_ID"):
        Settings.from_env((), env={k: v for k, v in PROVIDER_ENV.items() if k != "CONNECTIONS_KEY_ID"})
    with pytest.raises(ConfigError, match="must be an http"):
        Settings.from_env((), env={**PROVIDER_ENV, "PROVIDER_X_API_BASE": "ftp://api.x.com"})
