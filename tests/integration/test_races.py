"""Races that must not double anything: identical shares and deductions at the same moment,
each from its own process against DynamoDB Local (see tests/support/race.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.clock import NOW
from tests.support.race import at_once, moto_server


@pytest.fixture(scope="module")
def org() -> Iterator[dict[str, Any]]:
    from advocacy.ops import bootstrap

    with moto_server("races"):
        org, admin = bootstrap.create_org("Race", "ada@race.test", "Ada", NOW, send_invitation=False)
        member = bootstrap.add_member(org["org_id"], "mo@race.test", "Mo", "member", [], NOW, False)
        yield {
            "org_id": org["org_id"],
            "admin": {"sub": admin["member_id"], "custom:org_id": org["org_id"]},
            "member": {"sub": member["member_id"], "custom:org_id": org["org_id"]},
            "member_id": member["member_id"],
        }


def _me(org: dict[str, Any]) -> dict[str, Any]:
    [(status, body)] = at_once([{"method": "GET", "path": "/me", "claims": org["member"], "now": NOW}])
    assert status == 200, body
    return dict(body)


def test_identical_shares_at_once_make_one_share_and_one_award(org: dict[str, Any]) -> None:
    [(status, content)] = at_once(
        [
            {
                "method": "POST",
                "path": "/content",
                "claims": org["admin"],
                "body": {"title": "Race", "url": "https://race.example", "status": "published", "points": 25},
                "now": NOW,
            }
        ]
    )
    assert status == 201, content
    share = {"method": "POST", "path": f"/content/{content['content_id']}/shares", "claims": org["member"],
             "body": {"network": "facebook"}, "now": NOW}  # fmt: skip
    outcomes = at_once([share] * 6)
    statuses = sorted(status for status, _ in outcomes)
    assert statuses.count(201) == 1, outcomes
    assert set(statuses) == {200, 201}, outcomes
    assert len({body["share_id"] for _, body in outcomes}) == 1
    assert _me(org)["points"]["balance"] == 25
    [(_, fresh)] = at_once(
        [{"method": "GET", "path": f"/content/{content['content_id']}", "claims": org["admin"], "now": NOW}]
    )
    assert fresh["stats"]["shares"] == 1


def test_concurrent_deductions_never_take_a_balance_below_zero(org: dict[str, Any]) -> None:
    path = f"/members/{org['member_id']}/points"
    start = _me(org)["points"]["balance"]
    grant = {
        "method": "POST",
        "path": path,
        "claims": org["admin"],
        "body": {"points": 100 - start, "reason": "top up"},
        "now": NOW,
    }
    assert at_once([grant])[0][0] == 201
    deduction = {
        "method": "POST",
        "path": path,
        "claims": org["admin"],
        "body": {"points": -30, "reason": "race"},
        "now": NOW,
    }
    outcomes = at_once([deduction] * 8)
    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [201] * 3 + [409] * 5, outcomes
    assert {body["error"]["code"] for status, body in outcomes if status == 409} == {"insufficient_points"}
    me = _me(org)
    assert me["points"]["balance"] == 10
    [(_, ledger)] = at_once(
        [
            {
                "method": "GET",
                "path": "/me/points",
                "claims": org["member"],
                "query": {"limit": "100"},
                "now": NOW,
            }
        ]
    )
    assert sum(e["points"] for e in ledger["items"]) == 10
