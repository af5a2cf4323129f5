"""Stage configuration from context: validation and CORS (no synth needed)."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest

from infra.config import ROOT, StageConfig
from infra.constructs.api import Api


def _config(stage: str = "dev", **context: object) -> StageConfig:
    return StageConfig.from_node(cdk.App(context=dict(context)).node, stage)


def test_defaults_per_stage() -> None:
    dev, prod = _config("dev"), _config("prod")
    assert not dev.is_prod and prod.is_prod
    assert dev.web_origins == ()
    assert prod.log_retention_days >= dev.log_retention_days


def test_web_origins_from_list_or_comma_string() -> None:
    assert _config(web_origins=["https://app.example.com/"]).web_origins == ("https://app.example.com",)
    assert _config(web_origins="https://a.example.com, http://localhost:5173").web_origins == (
        "https://a.example.com",
        "http://localhost:5173",
    )
    with pytest.raises(ValueError, match="origin"):
        _config(web_origins=["app.example.com"])


def test_alarm_emails_are_addresses() -> None:
    assert _config().alarm_emails == ()
    assert _config(alarm_emails="a@acme.example, b@acme.example").alarm_emails == (
        "a@acme.example",
        "b@acme.example",
    )
    with pytest.raises(ValueError, match="not an email address"):
        _config(alarm_emails=["oncall"])


def test_stage_names_are_validated() -> None:
    with pytest.raises(ValueError, match="stage"):
        _config("Prod Stage")


def test_web_dist_from_context_relative_to_the_repository() -> None:
    assert _config().web_dist == ROOT / "web" / "dist"
    assert _config(web_dist="build/app").web_dist == ROOT / "build" / "app"
    assert _config(web_dist="/srv/app").web_dist == Path("/srv/app")


def test_cors_only_for_the_given_origins() -> None:
    """The stack passes the web app's distribution origin and the `web_origins` context."""
    assert Api._cors(()) is None
    cors = Api._cors(_config(web_origins=["https://app.example.com"]).web_origins)
    assert cors is not None
    assert cors.allow_origins == ["https://app.example.com"]
    assert "authorization" in (cors.allow_headers or [])
