"""The same Idempotency-Key sent by several callers at once: the operation runs once.

Each request is its own process against DynamoDB Local (tests/support/race.py). A redemption has
no natural key (every call is a new one), so only the Idempotency-Key stands between concurrent
retries and several redemptions.
"""

from __future__ import annotations

from tests.support.clock import NOW
from tests.support.race import at_once, moto_server

CALLS = 4


def test_concurrent_retries_with_one_key_redeem_once() -> None:
    from advocacy.domain.ids import new_id
    from advocacy.ops import bootstrap
    from advocacy.store import ledger
    from advocacy.store.models import MemberModel, RewardModel
    from advocacy.store.tables import transaction

    with moto_server("idem"):
        org, admin = bootstrap.create_org("Race", "ada@race.test", "Ada", NOW, send_invitation=False)
        org_id = org["org_id"]
        member = bootstrap.add_member(org_id, "mia@race.test", "Mia", "member", [], NOW, False)
        member_id = member["member_id"]
        entry = ledger.entry(org_id, member_id, new_id(), "adjustment", 1000, NOW, {"reason": "race"})
        with transaction() as tx:
            ledger.add_award(tx, entry, org_id, member_id)
        [(status, reward)] = at_once(
            [
                {
                    "method": "POST",
                    "path": "/rewards",
                    "body": {"name": "Mug", "cost": 100},
                    "claims": {"sub": admin["member_id"], "custom:org_id": org_id},
                    "now": NOW,
                }
            ]
        )
        assert status == 201, reward

        request = {
            "method": "POST",
            "path": f"/rewards/{reward['reward_id']}/redemptions",
            "claims": {"sub": member_id, "custom:org_id": org_id},
            "headers": {"idempotency-key": "one-mug"},
            "now": NOW,
        }
        outcomes = at_once([request] * CALLS)

        created = [body for status, body in outcomes if status == 201]
        assert created, outcomes
        assert all(body == created[0] for body in created), outcomes  # later ones are replays
        busy = [body for status, body in outcomes if status != 201]
        assert all(body["error"]["code"] == "idempotency_in_progress" for body in busy), outcomes
        redemptions = RewardModel.query(
            org_id, RewardModel.sk.startswith("redemption#"), consistent_read=True
        )
        assert len(list(redemptions)) == 1
        assert int(MemberModel.get(org_id, member_id, consistent_read=True).balance) == 900
