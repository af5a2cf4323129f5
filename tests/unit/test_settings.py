from __future__ import annotations

import pytest

from advocacy.settings import ConfigError, Settings


def test_reads_tables_pool_and_origins() -> None:
    env = {
        "A_TABLE": "a",
        "USER_POOL_ID": "pool",
        "CORS_ORIGINS": "https://app.example, http://localhost:5173",
    }
    s = Settings.from_env(("A_TABLE",), needs_user_pool=True, env=env)
    assert s.tables == {"A_TABLE": "a"}
    assert s.user_pool_id == "pool"
    assert s.cors_origins == ("https://app.example", "http://localhost:5173")


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"A_TABLE": "  "},
        {"A_TABLE": "a"},
        {"A_TABLE": "a", "USER_POOL_ID": "p", "CORS_ORIGINS": "ftp://x"},
    ],
)
def test_missing_or_malformed_configuration_fails_at_cold_start(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(("A_TABLE",), needs_user_pool=True, env=env)


def test_the_exports_bucket_is_required_where_a_function_needs_it() -> None:
    with pytest.raises(ConfigError, match="EXPORTS_BUCKET"):
        Settings.from_env((), env={}, needs_exports_bucket=True)
    assert Settings.from_env((), env={"EXPORTS_BUCKET": "b"}, needs_exports_bucket=True).exports_bucket == "b"


def test_the_digests_sender_comes_with_the_web_apps_address_its_links_open() -> None:
    sender = {"DIGEST_SENDER": "digest@acme.example"}
    with pytest.raises(ConfigError, match="WEB_URL"):
        Settings.from_env((), env=sender, needs_digest_sender=True)
    with pytest.raises(ConfigError, match="WEB_URL must be an http"):
        Settings.from_env((), env={**sender, "WEB_URL": "app.acme.example"}, needs_digest_sender=True)
    s = Settings.from_env(
        (), env={**sender, "WEB_URL": "https://app.acme.example/"}, needs_digest_sender=True
    )
    assert (s.digest_sender, s.web_url) == ("digest@acme.example", "https://app.acme.example")


def test_loopback_fetches_only_when_the_environment_says_so() -> None:
    assert Settings.from_env((), env={}).allow_loopback_fetch is False
    assert Settings.from_env((), env={"ALLOW_LOOPBACK_FETCH": "0"}).allow_loopback_fetch is False
    assert Settings.from_env((), env={"ALLOW_LOOPBACK_FETCH": "1"}).allow_loopback_fetch is True


def test_click_retention_from_the_environment() -> None:
    assert Settings.from_env((), env={}).click_retention_days == 30
    assert Settings.from_env((), env={"CLICK_RETENTION_DAYS": "400"}).click_retention_days == 400
    for bad in ("0", "1", "2", "-3", "soon"):
        with pytest.raises(ConfigError, match="CLICK_RETENTION_DAYS"):
            Settings.from_env((), env={"CLICK_RETENTION_DAYS": bad})
