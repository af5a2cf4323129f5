"""Fifty members redeem a reward with ten left, at the same moment, against DynamoDB Local.

Each caller is its own forked process; the tables are on DynamoDB Local, AWS's own engine, which
isolates the redemptions' transactions as DynamoDB does (see tests/support/race.py; where Java 17+
is missing they are on a moto server made to handle one request at a time, local/moto_isolation.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.clock import NOW
from tests.support.race import at_once, moto_server

MEMBERS = 50
STOCK = 10
COST = 100
START = 150


def _grant(org_id: str, member_id: str, points: int) -> None:
    from advocacy.domain.ids import new_id
    from advocacy.store import ledger
    from advocacy.store.tables import transaction

    item = ledger.entry(org_id, member_id, new_id(), "adjustment", points, NOW, {"reason": "race"})
    with transaction() as tx:
        ledger.add_award(tx, item, org_id, member_id)


@pytest.fixture(scope="module")
def org() -> Iterator[dict[str, Any]]:
    """An org with an admin and fifty members holding START points each."""
    from advocacy.ops import bootstrap

    with moto_server("redeem"):
        org, admin = bootstrap.create_org("Race", "ada@race.test", "Ada", NOW, send_invitation=False)
        org_id = org["org_id"]
        members = []
        for n in range(MEMBERS):
            member = bootstrap.add_member(org_id, f"m{n}@race.test", f"M{n}", "member", [], NOW, False)
            _grant(org_id, member["member_id"], START)
            members.append(member["member_id"])
        yield {"org_id": org_id, "admin_id": admin["member_id"], "members": members}


def test_fifty_members_race_for_ten_units(org: dict[str, Any]) -> None:
    from advocacy.store.models import LedgerModel, MemberModel, RewardModel

    org_id = org["org_id"]
    [(status, created)] = at_once(
        [
            {
                "method": "POST",
                "path": "/rewards",
                "body": {"name": "Last ten", "cost": COST, "stock": STOCK},
                "claims": {"sub": org["admin_id"], "custom:org_id": org_id},
                "now": NOW,
            }
        ]
    )
    assert status == 201, created
    reward_id = created["reward_id"]

    requests = [
        {
            "method": "POST",
            "path": f"/rewards/{reward_id}/redemptions",
            "claims": {"sub": member_id, "custom:org_id": org_id},
            "now": NOW,
        }
        for member_id in org["members"]
    ]
    outcomes = list(zip(org["members"], at_once(requests), strict=True))

    statuses = sorted(status for _, (status, _) in outcomes)
    assert statuses.count(201) == STOCK, outcomes
    assert statuses.count(409) == MEMBERS - STOCK, outcomes
    assert {body["error"]["code"] for _, (status, body) in outcomes if status == 409} == {"out_of_stock"}
    winners = {member_id for member_id, (status, _) in outcomes if status == 201}
    assert all(body["balance"] == START - COST for _, (status, body) in outcomes if status == 201)

    assert int(RewardModel.get(org_id, f"reward#{reward_id}", consistent_read=True).stock) == 0
    balances = {m.member_id: int(m.balance) for m in MemberModel.query(org_id, consistent_read=True)}
    assert all(balance >= 0 for balance in balances.values()), balances
    assert {member_id for member_id, balance in balances.items() if balance == START - COST} == winners
    assert all(balances[member_id] == START for member_id in org["members"] if member_id not in winners)
    entries = [
        entry
        for member_id in org["members"]
        for entry in LedgerModel.query(f"{org_id}#{member_id}", consistent_read=True)
        if entry.type == "redemption"
    ]
    assert len(entries) == STOCK
    assert {entry.owner.split("#", 1)[1] for entry in entries} == winners
    redemptions = RewardModel.query(org_id, RewardModel.sk.startswith("redemption#"), consistent_read=True)
    assert sorted(str(r.member_id) for r in redemptions) == sorted(winners)
    quotas = RewardModel.query(org_id, RewardModel.sk.startswith("quota#"), consistent_read=True)
    assert sum(int(q.redeemed) for q in quotas) == STOCK
