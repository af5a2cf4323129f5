"""Stage configuration read once from CDK context, so every construct sees the same validated values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from constructs import Node

ROOT = Path(__file__).resolve().parents[1]
"""The repository root: assets and docs are resolved from here, not from the working directory."""

_STAGE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# An address SNS can mail: one @, no spaces, a dot in the domain (the mail confirms the rest).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

DEFAULT_CLICK_RETENTION_DAYS = 30
# A visitor mark must outlive the 24 hours in which the visitor's next click is not unique, and a click
# event the rollups job's last recompute of its day, up to two days after that day (decision 97).
MIN_CLICK_RETENTION_DAYS, MAX_CLICK_RETENTION_DAYS = 3, 3650

# The networks' real endpoints; the `providers` context may override any of them (a staging fake).
PROVIDER_ENDPOINTS: dict[str, dict[str, str]] = {
    "linkedin": {
        "authorize_url": "https://www.linkedin.com/oauth/v2/authorization",
        "token_url": "https://www.linkedin.com/oauth/v2/accessToken",
        "userinfo_url": "https://api.linkedin.com/v2/userinfo",
        "api_base": "https://api.linkedin.com",
    },
    "x": {
        "authorize_url": "https://x.com/i/oauth2/authorize",
        "token_url": "https://api.x.com/2/oauth2/token",
        "userinfo_url": "https://api.x.com/2/users/me",
        "api_base": "https://api.x.com",
        "revoke_url": "https://api.x.com/2/oauth2/revoke",
    },
}


@dataclass(frozen=True)
class ProviderConfig:
    """A network members may connect: its app's client id and secret are in the Secrets Manager
    secret `secret_name` (JSON `{"client_id", "client_secret"}`, created by the operator)."""

    network: str
    secret_name: str
    endpoints: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StageConfig:
    """What differs between stages; `prod` keeps data on delete and protects tables from deletion."""

    stage: str
    web_origins: tuple[str, ...] = ()
    throttle_rate_limit: float = 100.0
    throttle_burst_limit: int = 200
    redirect_rate_limit: float = 2000.0
    """The short links' own stage throttle (context `redirect_throttle_rate_limit`, and `..._burst_limit`):
    above the API's, since one share gone viral is that many visitors, each owed a redirect."""
    redirect_burst_limit: int = 5000
    log_retention_days: int = 30
    openapi_path: Path = ROOT / "docs" / "openapi.json"
    public_base_url: str = ""
    digest_sender: str = "digest@advocacy.example"
    web_dist: Path = ROOT / "web" / "dist"
    providers: tuple[ProviderConfig, ...] = ()
    """The networks members may connect (context `providers`); none by default: the app hides them."""
    alarm_emails: tuple[str, ...] = ()
    """Addresses subscribed to the alarms topic (context `alarm_emails`); each confirms by email."""
    click_retention_days: int = DEFAULT_CLICK_RETENTION_DAYS
    """How long a click event and a visitor mark (a keyed hash of a visitor) live before DynamoDB's TTL
    deletes them (context `click_retention_days`); the daily rollups are not personal and stay."""

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"

    @classmethod
    def from_node(cls, node: Node, stage: str) -> StageConfig:
        """Read the optional context keys (see cdk.json) and validate them before any resource exists."""
        if not stage or not set(stage) <= _STAGE_CHARS:
            raise ValueError(f"stage {stage!r} must be lower-case letters, digits and '-'")
        origins = _origins(node.try_get_context("web_origins"))
        openapi = Path(str(node.try_get_context("openapi_path") or "docs/openapi.json"))
        web_dist = Path(str(node.try_get_context("web_dist") or "web/dist"))
        return cls(
            stage=stage,
            web_origins=origins,
            throttle_rate_limit=float(node.try_get_context("api_throttle_rate_limit") or 100),
            throttle_burst_limit=int(node.try_get_context("api_throttle_burst_limit") or 200),
            redirect_rate_limit=float(node.try_get_context("redirect_throttle_rate_limit") or 2000),
            redirect_burst_limit=int(node.try_get_context("redirect_throttle_burst_limit") or 5000),
            log_retention_days=int(
                node.try_get_context("log_retention_days") or (90 if stage == "prod" else 30)
            ),
            openapi_path=openapi if openapi.is_absolute() else ROOT / openapi,
            public_base_url=_public_base(node.try_get_context("public_base_url")),
            digest_sender=_sender(node.try_get_context("digest_sender")),
            web_dist=web_dist if web_dist.is_absolute() else ROOT / web_dist,
            providers=_providers(node.try_get_context("providers")),
            click_retention_days=_click_retention(node.try_get_context("click_retention_days")),
            alarm_emails=_emails(node.try_get_context("alarm_emails")),
        )


def _emails(value: Any) -> tuple[str, ...]:
    emails = _listed(value)
    for email in emails:
        if not _EMAIL.fullmatch(email):
            raise ValueError(f"alarm_emails: {email!r} is not an email address")
    return emails


def _click_retention(value: Any) -> int:
    """Whole days between 2 (a visitor mark must outlive the 24 hours it decides) and ten years."""
    if value is None or value == "":
        return DEFAULT_CLICK_RETENTION_DAYS
    days = int(value) if str(value).strip().isdigit() else -1
    if not MIN_CLICK_RETENTION_DAYS <= days <= MAX_CLICK_RETENTION_DAYS:
        raise ValueError(
            f"click_retention_days {value!r} must be whole days from {MIN_CLICK_RETENTION_DAYS} "
            f"to {MAX_CLICK_RETENTION_DAYS}"
        )
    return days


def _providers(value: Any) -> tuple[ProviderConfig, ...]:
    """`{"linkedin": {"secret_name": "...", "api_base": "..."}, "x": {...}}`: a secret name each, and
    optionally other endpoints than the real ones (https only)."""
    if not value:
        return ()
    if not isinstance(value, dict):
        raise ValueError("providers must map a network to its settings")
    found = []
    for network, given in value.items():
        if network not in PROVIDER_ENDPOINTS:
            raise ValueError(f"providers: {network!r} is not one of {sorted(PROVIDER_ENDPOINTS)}")
        secret_name = str((given or {}).get("secret_name") or "").strip()
        if not secret_name:
            raise ValueError(f"providers.{network}.secret_name is required")
        endpoints = {**PROVIDER_ENDPOINTS[network]}
        for name in endpoints.keys() | {"revoke_url"}:
            url = str(given.get(name) or endpoints.get(name) or "").strip().rstrip("/")
            if url and not url.startswith("https://"):
                raise ValueError(f"providers.{network}.{name} {url!r} must be an https URL")
            if url:
                endpoints[name] = url
        found.append(ProviderConfig(network, secret_name, tuple(sorted(endpoints.items()))))
    return tuple(sorted(found, key=lambda p: p.network))


def _sender(value: Any) -> str:
    """The address digests come from: it must be a verified SES identity in the stack's region."""
    sender = str(value or "digest@advocacy.example").strip()
    if "@" not in sender or " " in sender:
        raise ValueError(f"digest_sender {sender!r} must be an email address")
    return sender


def _public_base(value: Any) -> str:
    """The URL short links are served from (a custom domain); empty means the API's own URL."""
    url = str(value or "").strip().rstrip("/")
    if url and not url.startswith("https://"):
        raise ValueError(f"public_base_url {url!r} must be an https URL")
    return url


def _listed(value: Any) -> tuple[str, ...]:
    """A context list: JSON in cdk.json, or a comma-separated string (`-c key=a,b`)."""
    if value is None or value == "":
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(str(item).strip() for item in items if str(item).strip())


def _origins(value: Any) -> tuple[str, ...]:
    origins = tuple(origin.rstrip("/") for origin in _listed(value))
    for origin in origins:
        if not origin.startswith(("https://", "http://")):
            raise ValueError(f"web_origins entry {origin!r} is not an http(s) origin")
    return origins
