"""Click events carry a TTL from the stack's `click_retention_days` (the redirect's
`CLICK_RETENTION_DAYS`), and the visitor mark a click moves lives exactly as long as that click:
a visitor's keyed hash is gone once their last click is. Rollups have no TTL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.support.actions import click, publish, run_rollups, share
from tests.support.mocked import Env


def _items(prefix: str) -> list[Any]:
    from advocacy.store.models import ClickModel

    return [item for item in ClickModel.scan() if item.sk.startswith(prefix)]


def test_click_events_and_visitor_marks_expire_after_the_configured_retention(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.handlers import redirect
    from advocacy.settings import DEFAULT_CLICK_RETENTION_DAYS
    from advocacy.store.models import RollupModel

    content = publish(aws, org)
    code = share(aws, org["members"][0], content["content_id"], "linkedin")

    assert timedelta(days=DEFAULT_CLICK_RETENTION_DAYS) == redirect.KEEP_CLICKS
    assert click(aws, code, ip="198.51.100.1")["statusCode"] == 302
    (event,) = _items("click#")
    assert event.expires == event.at + timedelta(days=DEFAULT_CLICK_RETENTION_DAYS)

    # A stack deployed with `click_retention_days: 30`.
    monkeypatch.setattr(redirect, "KEEP_CLICKS", timedelta(days=30))
    later = aws.now + timedelta(hours=1)
    assert click(aws, code, ip="198.51.100.2", at=later)["statusCode"] == 302
    aws.streams.drain()

    newest = max(_items("click#"), key=lambda item: item.at)
    assert newest.expires == later + timedelta(days=30)
    marks = {mark.last_unique_at: mark.expires for mark in _items("visitor#")}
    assert marks == {
        aws.now: aws.now + timedelta(days=DEFAULT_CLICK_RETENTION_DAYS),
        later: later + timedelta(days=30),
    }
    # The day's count of rewarded clicks lives on the share (no visitor in it: its tags name keyed
    # networks of the day), and no counter item of the link outlives the clicks.
    assert _items("day#") == []
    run_rollups(later)
    rollups = list(RollupModel.scan())
    assert rollups and not any(getattr(item, "expires", None) for item in rollups)
