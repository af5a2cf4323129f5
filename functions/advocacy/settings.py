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
    exports_bucket: str = ""
    allow_loopback_fetch: bool = False
    """Whether a fetched URL may be on 127.0.0.1 (the local stack's fake pages); never deployed."""

    @classmethod
    def from_env(
        cls,
        table_envs: tuple[str, ...],
        needs_user_pool: bool = False,
        env: Mapping[str, str] | None = None,
        needs_click_secret: bool = False,
        needs_digest_sender: bool = False,
        needs_exports_bucket: bool = False,
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
        exports_bucket = (
            _require(env, "EXPORTS_BUCKET") if needs_exports_bucket else env.get("EXPORTS_BUCKET", "").strip()
        )
        allow_loopback_fetch = env.get("ALLOW_LOOPBACK_FETCH", "").strip().lower() in {"1", "true", "yes"}
        return cls(
            allow_loopback_fetch=allow_loopback_fetch,
            click_secret_arn=click_secret_arn,
            digest_sender=digest_sender,
            exports_bucket=exports_bucket,
            stage=env.get("STAGE", "dev"),
            public_base_url=public_base_url,
            tables=tables,
            user_pool_id=user_pool_id,
            cors_origins=origins,
        )
