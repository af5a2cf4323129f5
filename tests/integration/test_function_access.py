"""The recording behind the `granted_access` fixture (tests.support.access) sees what a handler sends,
under the handler's function, and names a use the grants would refuse: were a botocore upgrade to route
calls around what it wraps, these fail instead of every test passing unchecked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support import access
from tests.support.actions import click, publish, share
from tests.support.mocked import TABLES, Env


def test_each_handler_s_calls_are_recorded_under_its_function(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    content_id = publish(aws, org)["content_id"]
    with access.recorded() as uses:
        code = share(aws, org["members"][0], content_id, "linkedin")
        click(aws, code)
    seen = {(use.function, use.action, use.table) for use in uses}
    # The share's transaction is recorded as the action each of its items needs.
    assert ("api", "PutItem", TABLES["SHARES_TABLE"]) in seen
    assert ("api", "UpdateItem", TABLES["ANALYTICS_TABLE"]) in seen  # the content's counters
    assert ("redirect", "GetItem", TABLES["LINKS_TABLE"]) in seen
    assert ("redirect", "PutItem", TABLES["CLICKS_TABLE"]) in seen
    assert access.refused(uses, TABLES) == []


def test_a_use_outside_the_grants_is_named() -> None:
    uses = [
        access.Use("redirect", "UpdateItem", TABLES["LINKS_TABLE"]),
        access.Use("redirect", "GetItem", TABLES["LEDGER_TABLE"]),
        access.Use("redirect", "GetItem", TABLES["LINKS_TABLE"]),
    ]
    assert access.refused(uses, TABLES) == [
        "redirect sends UpdateItem to LINKS_TABLE, granted read only",
        "redirect sends GetItem to LEDGER_TABLE, which it is not granted",
    ]
