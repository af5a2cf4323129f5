"""The rewards catalog, redemptions and their decisions: points, stock and quotas move exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.actions import grant, new_reward
from tests.support.mocked import Env

Person = dict[str, Any]


def redeem(aws: Env, who: Person, reward_id: str, at: datetime | None = None) -> Any:
    return aws.call("POST", f"/rewards/{reward_id}/redemptions", who=who, now=at)


def points(aws: Env, who: Person) -> dict[str, int]:
    return aws.call("GET", "/me", who=who).body["points"]


def ledger_of(aws: Env, who: Person) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = aws.call("GET", "/me/points", who=who, query=query).body
        entries += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return entries


def reward(aws: Env, admin: Person, reward_id: str) -> dict[str, Any]:
    r = aws.call("GET", f"/rewards/{reward_id}", who=admin)
    assert r.status == 200, r.body
    return r.body


def error_code(r: Any) -> str:
    return str(r.body["error"]["code"])


def test_admin_manages_the_catalog_and_members_see_active_rewards(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    hoodie = new_reward(aws, admin, description="Warm", stock=5, per_member_limit=1)
    assert hoodie == {
        "reward_id": hoodie["reward_id"],
        "name": "Hoodie",
        "description": "Warm",
        "cost": 100,
        "stock": 5,
        "per_member_limit": 1,
        "active": True,
        "created_at": hoodie["created_at"],
    }
    mug = new_reward(aws, admin, at=now + timedelta(seconds=1), name="Mug", cost=30)
    assert (mug["stock"], mug["per_member_limit"], mug["description"]) == (None, None, None)
    hidden = new_reward(aws, admin, at=now + timedelta(seconds=2), name="Secret", cost=1, active=False)

    admin_view = aws.call("GET", "/rewards", who=admin).body
    assert {i["reward_id"] for i in admin_view["items"]} == {
        hoodie["reward_id"],
        mug["reward_id"],
        hidden["reward_id"],
    }
    member_view = aws.call("GET", "/rewards", who=mia).body
    assert {i["reward_id"] for i in member_view["items"]} == {hoodie["reward_id"], mug["reward_id"]}
    assert aws.call("GET", f"/rewards/{hidden['reward_id']}", who=mia).status == 404
    assert aws.call("GET", f"/rewards/{hidden['reward_id']}", who=admin).status == 200

    r = aws.call(
        "PATCH",
        f"/rewards/{hoodie['reward_id']}",
        who=admin,
        body={"cost": 120, "stock": None, "per_member_limit": 3, "description": None, "name": "Big hoodie"},
    )
    assert r.status == 200, r.body
    assert {k: r.body[k] for k in ("name", "description", "cost", "stock", "per_member_limit", "active")} == {
        "name": "Big hoodie",
        "description": None,
        "cost": 120,
        "stock": None,
        "per_member_limit": 3,
        "active": True,
    }
    r = aws.call("PATCH", f"/rewards/{hidden['reward_id']}", who=admin, body={"active": True})
    assert r.body["active"] is True
    assert len(aws.call("GET", "/rewards", who=mia).body["items"]) == 3

    seen: list[str] = []
    cursor = None
    while True:
        page = aws.call(
            "GET", "/rewards", who=admin, query={"limit": "1", **({"cursor": cursor} if cursor else {})}
        )
        assert page.status == 200, page.body
        seen += [i["reward_id"] for i in page.body["items"]]
        cursor = page.body["next_cursor"]
        if not cursor:
            break
    assert seen == [hidden["reward_id"], mug["reward_id"], hoodie["reward_id"]]  # newest first


def test_catalog_and_decisions_are_admin_only(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, manager, mia = org["admin"], org["manager"], org["members"][0]
    for who in (manager, mia):
        assert aws.call("POST", "/rewards", who=who, body={"name": "X", "cost": 1}).status == 403
    item = new_reward(aws, admin)
    grant(mia, 100, now)
    redemption = redeem(aws, mia, item["reward_id"]).body
    rid = redemption["redemption_id"]
    for who in (manager, mia):
        assert aws.call("PATCH", f"/rewards/{item['reward_id']}", who=who, body={"cost": 1}).status == 403
        assert aws.call("GET", "/redemptions", who=who).status == 403
        assert aws.call("POST", f"/redemptions/{rid}/approve", who=who).status == 403
        r = aws.call("POST", f"/redemptions/{rid}/reject", who=who, body={})
        assert r.status == 403
        assert error_code(r) == "forbidden"
    assert aws.call("GET", f"/redemptions/{rid}", who=mia).status == 200
    assert aws.call("GET", f"/redemptions/{rid}", who=org["members"][1]).status == 404
    assert aws.call("GET", "/rewards").status == 401


def test_another_orgs_rewards_and_redemptions_are_404(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    gus, gia = other_org["admin"], other_org["member"]
    item = new_reward(aws, admin, cost=10)
    grant(mia, 50, now)
    grant(gia, 50, now)
    rid = redeem(aws, mia, item["reward_id"]).body["redemption_id"]

    r = redeem(aws, gia, item["reward_id"])
    assert r.status == 404
    assert error_code(r) == "not_found"
    assert aws.call("GET", f"/rewards/{item['reward_id']}", who=gus).status == 404
    assert aws.call("PATCH", f"/rewards/{item['reward_id']}", who=gus, body={"cost": 1}).status == 404
    assert aws.call("GET", "/rewards", who=gus).body["items"] == []
    assert aws.call("GET", f"/redemptions/{rid}", who=gus).status == 404
    assert aws.call("POST", f"/redemptions/{rid}/approve", who=gus).status == 404
    assert aws.call("POST", f"/redemptions/{rid}/reject", who=gus).status == 404
    assert aws.call("GET", "/redemptions", who=gus).body["items"] == []
    assert points(aws, gia)["balance"] == 50
    assert aws.call("GET", f"/redemptions/{rid}", who=admin).body["status"] == "pending"
    assert reward(aws, admin, item["reward_id"])["cost"] == 10


def test_invalid_input_is_422_with_field_details(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    r = aws.call(
        "POST", "/rewards", who=admin, body={"name": "", "cost": 0, "stock": -1, "per_member_limit": 0}
    )
    assert r.status == 422
    assert {d["field"] for d in r.body["error"]["details"]} == {"name", "cost", "stock", "per_member_limit"}
    r = aws.call("POST", "/rewards", who=admin, body={"name": "A", "cost": 5, "colour": "red"})
    assert r.status == 422
    assert [d["field"] for d in r.body["error"]["details"]] == ["colour"]
    assert aws.call("POST", "/rewards", who=admin, body={"name": "A"}).status == 422
    item = new_reward(aws, admin)
    r = aws.call("PATCH", f"/rewards/{item['reward_id']}", who=admin, body={"name": None, "cost": None})
    assert r.status == 422
    assert {d["field"] for d in r.body["error"]["details"]} == {"name", "cost"}
    r = aws.call("PATCH", f"/rewards/{item['reward_id']}", who=admin, body={"stock": "many"})
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "stock"
    assert aws.call("PATCH", "/rewards/nope", who=admin, body={"cost": 3}).status == 404
    r = aws.call("GET", "/redemptions", who=admin, query={"status": "lost"})
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "status"
    r = aws.call("GET", "/rewards", who=admin, query={"cursor": "not-a-cursor"})
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "cursor"
    r = aws.call("POST", "/redemptions/whatever/reject", who=admin, body={"note": "x", "extra": 1})
    assert r.status == 422
    r = aws.call("POST", "/rewards", who=admin, body="{not json")
    assert r.status == 400


def test_a_redemption_takes_points_and_stock_once(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 500, now - timedelta(days=1))
    item = new_reward(aws, admin, cost=200, stock=3)

    r = redeem(aws, mia, item["reward_id"], at=now)
    assert r.status == 201, r.body
    body = r.body
    assert {k: body[k] for k in ("reward_id", "member_id", "status", "cost", "balance", "reward_name")} == {
        "reward_id": item["reward_id"],
        "member_id": mia["member_id"],
        "status": "pending",
        "cost": 200,
        "balance": 300,
        "reward_name": "Hoodie",
    }
    assert body["created_at"].startswith("2026-11-02T09:30:00")
    assert points(aws, mia) == {"balance": 300, "lifetime": 500}
    assert reward(aws, admin, item["reward_id"])["stock"] == 2
    entries = ledger_of(aws, mia)
    assert [(e["type"], e["points"]) for e in entries] == [("redemption", -200), ("adjustment", 500)]
    assert entries[0]["ref"] == {"reward_id": item["reward_id"], "redemption_id": body["redemption_id"]}

    mine = aws.call("GET", "/me/redemptions", who=mia).body["items"]
    assert [m["redemption_id"] for m in mine] == [body["redemption_id"]]
    pending = aws.call("GET", "/redemptions", who=admin, query={"status": "pending"}).body["items"]
    assert [p["redemption_id"] for p in pending] == [body["redemption_id"]]
    assert aws.call("GET", "/redemptions", who=admin, query={"status": "approved"}).body["items"] == []
    assert aws.call("GET", "/me/redemptions", who=org["members"][1]).body["items"] == []


def test_insufficient_points_is_409_and_changes_nothing(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 150, now)
    item = new_reward(aws, admin, cost=200, stock=4, per_member_limit=1)

    r = redeem(aws, mia, item["reward_id"])
    assert r.status == 409
    assert error_code(r) == "insufficient_points"
    assert points(aws, mia) == {"balance": 150, "lifetime": 150}
    assert reward(aws, admin, item["reward_id"])["stock"] == 4
    assert [e["type"] for e in ledger_of(aws, mia)] == ["adjustment"]
    assert aws.call("GET", "/me/redemptions", who=mia).body["items"] == []
    assert aws.call("GET", "/redemptions", who=admin).body["items"] == []

    grant(mia, 50, now)  # exactly the cost: the quota was not used up by the failed attempt
    r = redeem(aws, mia, item["reward_id"])
    assert r.status == 201, r.body
    assert r.body["balance"] == 0
    assert reward(aws, admin, item["reward_id"])["stock"] == 3


def test_out_of_stock(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia, noa = org["admin"], org["members"][0], org["members"][1]
    for who in (mia, noa):
        grant(who, 100, now)
    item = new_reward(aws, admin, cost=40, stock=1)
    assert redeem(aws, mia, item["reward_id"]).status == 201
    r = redeem(aws, noa, item["reward_id"])
    assert r.status == 409
    assert error_code(r) == "out_of_stock"
    assert points(aws, noa)["balance"] == 100
    assert reward(aws, admin, item["reward_id"])["stock"] == 0

    empty = new_reward(aws, admin, name="Sold out", cost=1, stock=0)
    r = redeem(aws, noa, empty["reward_id"])
    assert (r.status, error_code(r)) == (409, "out_of_stock")
    aws.call("PATCH", f"/rewards/{empty['reward_id']}", who=admin, body={"stock": 2})
    assert redeem(aws, noa, empty["reward_id"]).status == 201


def test_limit_reached(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia, noa = org["admin"], org["members"][0], org["members"][1]
    grant(mia, 1000, now)
    grant(noa, 1000, now)
    item = new_reward(aws, admin, cost=10, per_member_limit=2)
    assert [redeem(aws, mia, item["reward_id"]).status for _ in range(2)] == [201, 201]
    r = redeem(aws, mia, item["reward_id"])
    assert r.status == 409
    assert error_code(r) == "limit_reached"
    assert points(aws, mia)["balance"] == 980
    assert redeem(aws, noa, item["reward_id"]).status == 201
    aws.call("PATCH", f"/rewards/{item['reward_id']}", who=admin, body={"per_member_limit": None})
    assert redeem(aws, mia, item["reward_id"]).status == 201


def test_inactive_or_unknown_rewards_are_404(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=10, active=False)
    r = redeem(aws, mia, item["reward_id"])
    assert (r.status, error_code(r)) == (404, "not_found")
    assert redeem(aws, mia, "no-such-reward").status == 404
    assert redeem(aws, admin, item["reward_id"]).status == 404  # inactive for admins too
    assert points(aws, mia)["balance"] == 100


def test_approve_decides_once(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=60, stock=2)
    rid = redeem(aws, mia, item["reward_id"]).body["redemption_id"]

    later = now + timedelta(hours=2)
    r = aws.call("POST", f"/redemptions/{rid}/approve", who=admin, now=later)
    assert r.status == 200, r.body
    assert r.body["status"] == "approved"
    assert r.body["decided_by"] == admin["member_id"]
    assert r.body["decided_at"].startswith("2026-11-02T11:30:00")

    again = aws.call("POST", f"/redemptions/{rid}/approve", who=admin)
    assert (again.status, error_code(again)) == (409, "conflict")
    rejected = aws.call("POST", f"/redemptions/{rid}/reject", who=admin, body={"note": "too late"})
    assert (rejected.status, error_code(rejected)) == (409, "conflict")
    assert points(aws, mia)["balance"] == 40
    assert reward(aws, admin, item["reward_id"])["stock"] == 1
    assert aws.call("GET", "/me/redemptions", who=mia).body["items"][0]["status"] == "approved"
    approved = aws.call("GET", "/redemptions", who=admin, query={"status": "approved"}).body["items"]
    assert [a["redemption_id"] for a in approved] == [rid]
    assert aws.call("POST", "/redemptions/unknown/approve", who=admin).status == 404


def test_reject_refunds_exactly_once(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=70, stock=1, per_member_limit=1)
    rid = redeem(aws, mia, item["reward_id"]).body["redemption_id"]
    assert points(aws, mia)["balance"] == 30

    r = aws.call("POST", f"/redemptions/{rid}/reject", who=admin, body={"note": "Out of sizes"})
    assert r.status == 200, r.body
    assert (r.body["status"], r.body["note"], r.body["decided_by"]) == (
        "rejected",
        "Out of sizes",
        admin["member_id"],
    )
    # A second decision, a moment later (at the same instant it would be this one's own retry).
    later = now + timedelta(seconds=1)
    again = aws.call("POST", f"/redemptions/{rid}/reject", who=admin, body={"note": "again"}, now=later)
    assert (again.status, error_code(again)) == (409, "conflict")
    assert aws.call("POST", f"/redemptions/{rid}/approve", who=admin, now=later).status == 409

    assert points(aws, mia) == {"balance": 100, "lifetime": 100}  # a refund earns no lifetime points
    entries = ledger_of(aws, mia)
    assert sorted((e["type"], e["points"]) for e in entries) == [
        ("adjustment", 100),
        ("redemption", -70),
        ("refund", 70),
    ]
    refund = next(e for e in entries if e["type"] == "refund")
    assert refund["ref"] == {"reward_id": item["reward_id"], "redemption_id": rid}
    assert reward(aws, admin, item["reward_id"])["stock"] == 1
    assert aws.call("GET", f"/redemptions/{rid}", who=mia).body["note"] == "Out of sizes"
    assert redeem(aws, mia, item["reward_id"]).status == 201  # the quota came back with the stock


def test_a_reject_without_a_body_and_of_an_unlimited_reward(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    grant(mia, 10, now)
    item = new_reward(aws, admin, cost=10)
    rid = redeem(aws, mia, item["reward_id"]).body["redemption_id"]
    aws.call("PATCH", f"/rewards/{item['reward_id']}", who=admin, body={"active": False})
    r = aws.call("POST", f"/redemptions/{rid}/reject", who=admin)
    assert r.status == 200, r.body
    assert (r.body["status"], r.body["note"]) == ("rejected", None)
    assert points(aws, mia)["balance"] == 10
    assert reward(aws, admin, item["reward_id"])["stock"] is None


def test_a_reject_that_lost_the_race_refunds_nothing(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two rejects that both read `pending`: the transaction's condition, not the read, decides."""
    from advocacy.store import reward_records as store

    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=100, stock=5)
    rid = redeem(aws, mia, item["reward_id"]).body["redemption_id"]
    stale = store.find_redemption(mia["org_id"], rid)  # what the slower reject read: still pending

    assert aws.call("POST", f"/redemptions/{rid}/reject", who=admin).status == 200
    monkeypatch.setattr(store, "find_redemption", lambda org_id, redemption_id: stale)
    late = aws.call("POST", f"/redemptions/{rid}/reject", who=admin, now=now + timedelta(seconds=1))
    assert (late.status, error_code(late)) == (409, "conflict")
    monkeypatch.undo()

    assert points(aws, mia)["balance"] == 100
    assert [e["type"] for e in ledger_of(aws, mia)].count("refund") == 1
    assert reward(aws, admin, item["reward_id"])["stock"] == 5


def test_a_price_change_between_read_and_write_charges_the_new_price(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The redemption is conditional on the reward as read, so an edit in between is read again."""
    from advocacy.store import reward_records as store

    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=10, stock=3)
    stale = store.find_reward(mia["org_id"], item["reward_id"])
    aws.call("PATCH", f"/rewards/{item['reward_id']}", who=admin, body={"cost": 25})
    real = store.find_reward
    reads = iter([stale])
    monkeypatch.setattr(
        store, "find_reward", lambda org_id, reward_id: next(reads, None) or real(org_id, reward_id)
    )
    r = redeem(aws, mia, item["reward_id"])
    assert r.status == 201, r.body
    assert (r.body["cost"], r.body["balance"]) == (25, 75)
    monkeypatch.undo()
    assert reward(aws, admin, item["reward_id"])["stock"] == 2


def test_balance_always_equals_the_sum_of_the_ledger(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia, noa = org["admin"], org["members"][0], org["members"][1]
    grant(mia, 300, now)
    grant(noa, 80, now)
    cheap = new_reward(aws, admin, name="Sticker", cost=15, per_member_limit=3)
    dear = new_reward(aws, admin, name="Bike", cost=250, stock=1)
    redemptions: list[str] = []
    for who, target in [
        (mia, cheap),
        (mia, dear),
        (noa, dear),
        (noa, cheap),
        (mia, cheap),
        (mia, cheap),
        (mia, cheap),
    ]:
        r = redeem(aws, who, target["reward_id"])
        assert r.status in (201, 409), r.body
        if r.status == 201:
            redemptions.append(r.body["redemption_id"])
    assert len(redemptions) == 5  # noa: bike out of stock; mia: the fourth sticker over the limit
    aws.call("POST", f"/redemptions/{redemptions[0]}/approve", who=admin)
    aws.call("POST", f"/redemptions/{redemptions[1]}/reject", who=admin, body={"note": "no bikes"})
    aws.call("POST", f"/redemptions/{redemptions[1]}/reject", who=admin)
    grant(noa, 5, now)
    r = redeem(aws, noa, dear["reward_id"])
    assert (r.status, error_code(r)) == (409, "insufficient_points")
    aws.call("POST", f"/redemptions/{redemptions[3]}/reject", who=admin)

    for who, lifetime in ((mia, 300), (noa, 85)):
        entries = ledger_of(aws, who)
        mine = points(aws, who)
        assert mine["balance"] == sum(e["points"] for e in entries)
        assert mine["balance"] >= 0
        assert mine["lifetime"] == lifetime
    assert points(aws, mia)["balance"] == 300 - 15 * 2  # one sticker approved, one pending
    assert points(aws, noa)["balance"] == 85 - 15


def test_a_write_retried_after_its_answer_was_lost_is_answered_as_done(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SDK retries a request whose answer it lost; the retry must not turn our own commit into a 409
    (moto ignores TransactWriteItems' ClientRequestToken, and UpdateItem has none)."""
    from advocacy.services import rewards

    admin, mia = org["admin"], org["members"][0]
    grant(mia, 100, now)
    item = new_reward(aws, admin, cost=30, stock=5)
    monkeypatch.setattr(rewards, "sortable_id", lambda at: "0000fixedid")
    first = redeem(aws, mia, item["reward_id"], at=now)
    retried = redeem(aws, mia, item["reward_id"], at=now)  # the same transaction, sent again
    assert (first.status, retried.status) == (201, 201), retried.body
    assert retried.body["redemption_id"] == first.body["redemption_id"] == "0000fixedid"
    assert points(aws, mia)["balance"] == 70
    assert reward(aws, admin, item["reward_id"])["stock"] == 4

    later = now + timedelta(minutes=5)
    path = "/redemptions/0000fixedid/reject"
    assert aws.call("POST", path, who=admin, body={"note": "n"}, now=later).status == 200
    again = aws.call("POST", path, who=admin, body={"note": "n"}, now=later)
    assert (again.status, again.body["status"]) == (200, "rejected")
    assert aws.call("POST", path, who=admin, now=later + timedelta(seconds=1)).status == 409
    assert points(aws, mia)["balance"] == 100
    assert [e["type"] for e in ledger_of(aws, mia)].count("refund") == 1
    assert reward(aws, admin, item["reward_id"])["stock"] == 5
