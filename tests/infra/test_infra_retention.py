"""Retention of visitors' data: click events (and the visitor marks they move) expire by TTL after the
`click_retention_days` context, which the redirect function is given; the rollups have no TTL."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from infra.config import DEFAULT_CLICK_RETENTION_DAYS, StageConfig
from tests.support.cfn import TABLE, env, properties, table_id


def _config(**context: object) -> StageConfig:
    return StageConfig.from_node(cdk.App(context=dict(context)).node, "dev")


def test_click_events_expire_by_ttl_after_the_configured_days(dev: Template) -> None:
    clicks = properties(dev, TABLE, table_id(dev, "CLICKS_TABLE"))
    assert clicks["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    assert env(dev, "redirect")["CLICK_RETENTION_DAYS"] == str(DEFAULT_CLICK_RETENTION_DAYS)
    # Aggregates are not personal data: the daily rollups are kept.
    assert "TimeToLiveSpecification" not in properties(dev, TABLE, table_id(dev, "ANALYTICS_TABLE"))


def test_retention_from_context() -> None:
    assert _config().click_retention_days == DEFAULT_CLICK_RETENTION_DAYS == 30
    assert _config(click_retention_days=30).click_retention_days == 30
    assert _config(click_retention_days="60").click_retention_days == 60


@pytest.mark.parametrize("days", [0, 1, 2, -5, "a year", 3651, 2.5])
def test_retention_must_be_whole_days_outliving_a_visitor_mark(days: object) -> None:
    with pytest.raises(ValueError, match="click_retention_days"):
        _config(click_retention_days=days)
