"""Configuration from environment variables, read and validated once per container at cold start.

Plain dataclasses (no Pydantic) so the lean redirect function can load them cheaply.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field


class ConfigError(RuntimeError):
    """A required variable is missing or malformed: the function refuses to start."""


def _require(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"environment variable {name} is required")
    return value


NETWORKS_WITH_API = ("linkedin", "x")
"""The networks whose APIs post on a member's behalf (Facebook has no API for personal profiles)."""


# The tables a share writes or reads (services.sharing), its content's counters on the analytics table
# among them: the API's and the poster's, which both record shares, read every one of them.
SHARE_TABLES = (
    "ORGS_TABLE",
    "MEMBERS_TABLE",
    "LINKS_TABLE",
    "CONTENT_TABLE",
    "SHARES_TABLE",
    "LEDGER_TABLE",
    "SCORES_TABLE",
    "CONTESTS_TABLE",
    "ANALYTICS_TABLE",
)


@dataclass(frozen=True)
class Provider:
    """One network's OAuth client and endpoints: the real APIs in AWS, the local fakes in `make dev`.

    `secret_arn` names a Secrets Manager secret holding `{"client_id", "client_secret"}`; a network
    without it is not offered. `revoke_url` is empty where the network cannot revoke a token."""

    network: str
    secret_arn: str
    authorize_url: str
    token_url: str
    userinfo_url: str
    api_base: str
    revoke_url: str = ""


def _url(env: Mapping[str, str], name: str, required: bool = True) -> str:
    value = (_require(env, name) if required else env.get(name, "").strip()).rstrip("/")
    if value and not value.startswith(("https://", "http://")):
        raise ConfigError(f"{name} must be an http(s) URL")
    return value


def _providers(env: Mapping[str, str]) -> dict[str, Provider]:
    """Each network whose `PROVIDER_<NETWORK>_SECRET_ARN` is set, with its endpoints (all required then)."""
    found: dict[str, Provider] = {}
    for network in NETWORKS_WITH_API:
        prefix = f"PROVIDER_{network.upper()}_"
        secret_arn = env.get(prefix + "SECRET_ARN", "").strip()
        if not secret_arn:
            continue
        found[network] = Provider(
            network=network,
            secret_arn=secret_arn,
            authorize_url=_url(env, prefix + "AUTHORIZE_URL"),
            token_url=_url(env, prefix + "TOKEN_URL"),
            userinfo_url=_url(env, prefix + "USERINFO_URL"),
            api_base=_url(env, prefix + "API_BASE"),
            revoke_url=_url(env, prefix + "REVOKE_URL", required=False),
        )
    return found


DEFAULT_LINKEDIN_VERSION = "202601"
DEFAULT_MAX_RECEIVES = 5


def _linkedin_version(env: Mapping[str, str]) -> str:
    value = env.get("LINKEDIN_VERSION", "").strip() or DEFAULT_LINKEDIN_VERSION
    if len(value) != 6 or not value.isdigit():
        raise ConfigError("LINKEDIN_VERSION must be a LinkedIn API version, YYYYMM")
    return value


DEFAULT_CLICK_RETENTION_DAYS = 30


def _click_retention_days(env: Mapping[str, str]) -> int:
    value = env.get("CLICK_RETENTION_DAYS", "").strip()
    if not value:
        return DEFAULT_CLICK_RETENTION_DAYS
    if not value.isdigit() or int(value) < 3:
        raise ConfigError("CLICK_RETENTION_DAYS must be a whole number of days, at least 3")
    return int(value)


@dataclass(frozen=True)
class Settings:
    """What a function needs to know about its deployment; each handler asks for its own subset."""

    stage: str
    tables: dict[str, str] = field(default_factory=dict)
    user_pool_id: str = ""
    cors_origins: tuple[str, ...] = ()
    public_base_url: str = ""
    click_secret_arn: str = ""
    digest_sender: str = ""
    web_url: str = ""
    """The web app's address (digests link to its feed, invitations to sign-in); required with
    `digest_sender` or `needs_web_url`."""
    exports_bucket: str = ""
    allow_loopback_fetch: bool = False
    """Whether a fetched URL may be on 127.0.0.1 (the local stack's fake pages); never deployed."""
    providers: dict[str, Provider] = field(default_factory=dict)
    """The networks members may connect, by name (`providers["linkedin"].api_base`)."""
    connections_key_id: str = ""
    """The KMS key that seals connected accounts' tokens (required when a provider is configured)."""
    oauth_state_secret_arn: str = ""
    """The HMAC key of OAuth `state` values (required when a provider is configured)."""
    oauth_redirect_url: str = ""
    """The web app's callback route the networks send the member back to (registered with each app)."""
    linkedin_version: str = DEFAULT_LINKEDIN_VERSION
    """The `LinkedIn-Version` (YYYYMM) of posts: LinkedIn sunsets each version after a year (426)."""
    autoshare_queue_url: str = ""
    """The poster's SQS queue (the jobs function sends to it, the poster puts messages back on it)."""
    autoshare_max_receives: int = DEFAULT_MAX_RECEIVES
    """The queue's maxReceiveCount: on that delivery a post still told to wait fails, then goes to the DLQ."""
    click_retention_days: int = DEFAULT_CLICK_RETENTION_DAYS
    """How long a click event lives (its TTL) and so the visitor marks it moves (CDK context)."""

    @classmethod
    def from_env(
        cls,
        table_envs: tuple[str, ...],
        needs_user_pool: bool = False,
        env: Mapping[str, str] | None = None,
        needs_click_secret: bool = False,
        needs_digest_sender: bool = False,
        needs_exports_bucket: bool = False,
        needs_autoshare_queue: bool = False,
        needs_web_url: bool = False,
    ) -> Settings:
        env = os.environ if env is None else env
        tables = {name: _require(env, name) for name in table_envs}
        user_pool_id = _require(env, "USER_POOL_ID") if needs_user_pool else env.get("USER_POOL_ID", "")
        origins = tuple(o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip())
        for origin in origins:
            if not origin.startswith(("https://", "http://")):
                raise ConfigError(f"CORS_ORIGINS entry {origin!r} is not an http(s) origin")
        public_base_url = env.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
        if public_base_url and not public_base_url.startswith(("https://", "http://")):
            raise ConfigError("PUBLIC_BASE_URL must be an http(s) URL")
        click_secret_arn = _require(env, "CLICK_SECRET_ARN") if needs_click_secret else ""
        digest_sender = _require(env, "DIGEST_SENDER") if needs_digest_sender else ""
        if digest_sender and "@" not in digest_sender:
            raise ConfigError("DIGEST_SENDER must be an email address (a verified SES identity)")
        # Where a digest's links land, and where an invitation asks the member to sign in.
        web_url = _url(env, "WEB_URL") if needs_digest_sender or needs_web_url else ""
        exports_bucket = (
            _require(env, "EXPORTS_BUCKET") if needs_exports_bucket else env.get("EXPORTS_BUCKET", "").strip()
        )
        allow_loopback_fetch = env.get("ALLOW_LOOPBACK_FETCH", "").strip().lower() in {"1", "true", "yes"}
        providers = _providers(env)
        queue_url = (
            _url(env, "AUTOSHARE_QUEUE_URL") if needs_autoshare_queue else env.get("AUTOSHARE_QUEUE_URL", "")
        )
        receives = env.get("AUTOSHARE_MAX_RECEIVES", "").strip() or str(DEFAULT_MAX_RECEIVES)
        if not receives.isdigit() or int(receives) < 1:
            raise ConfigError("AUTOSHARE_MAX_RECEIVES must be a positive whole number")
        connections = {
            "connections_key_id": _require(env, "CONNECTIONS_KEY_ID") if providers else "",
            "oauth_state_secret_arn": _require(env, "OAUTH_STATE_SECRET_ARN") if providers else "",
            "oauth_redirect_url": _url(env, "OAUTH_REDIRECT_URL") if providers else "",
        }
        return cls(
            autoshare_queue_url=queue_url,
            autoshare_max_receives=int(receives),
            providers=providers,
            linkedin_version=_linkedin_version(env),
            click_retention_days=_click_retention_days(env),
            **connections,
            allow_loopback_fetch=allow_loopback_fetch,
            click_secret_arn=click_secret_arn,
            digest_sender=digest_sender,
            web_url=web_url,
            exports_bucket=exports_bucket,
            stage=env.get("STAGE", "dev"),
            public_base_url=public_base_url,
            tables=tables,
            user_pool_id=user_pool_id,
            cors_origins=origins,
        )
