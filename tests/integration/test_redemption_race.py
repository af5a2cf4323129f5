"""Fifty members redeem a reward with ten left, at the same moment, against a real moto server.

Each caller is its own process (forked), as each concurrent Lambda invocation is its own container:
the Powertools resolver keeps the current event in a class attribute (`BaseRouter.current_event`),
so two requests resolved at once by threads of one process would read each other's event. The
processes meet at a barrier, then all call the api handler; the concurrency the test is about is
in the store, where the moto server handles the fifty TransactWriteItems on its own threads.

moto's DynamoDB backend does not isolate concurrent requests: TransactWriteItems deep-copies each
table it touches, applies its items one by one and, when one fails, puts the copies back, with no
lock. A transaction cancelled at the same time as another one can so bring back a write the other
had already rolled back (or undo one that committed), and a copy taken while another thread writes
fails with "dictionary changed size during iteration" (a 500). DynamoDB itself applies each request
atomically and transactions in a serializable order, so the server here does the same by handling
one DynamoDB request at a time (`serialized_dynamodb`); requests still arrive interleaved. Set
RACE_UNSERIALIZED_MOTO=1 to watch moto without it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from pynamodb.transactions import TransactWrite

from tests.support.events import FakeContext, http_event

MEMBERS = 50
STOCK = 10
COST = 100
START = 150
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _fresh_clients() -> None:
    """Forget every cached client, so the next call makes one for the endpoint and tables set now."""
    from advocacy.ops import bootstrap
    from advocacy.store import identity, tables
    from advocacy.store.models import TABLE_ENV

    for model in TABLE_ENV:
        model._connection = None
    tables.connection.cache_clear()
    identity._client.cache_clear()
    bootstrap._bound.cache_clear()


@contextmanager
def serialized_dynamodb() -> Iterator[None]:
    """One DynamoDB request at a time in moto, as DynamoDB's own isolation guarantees."""
    from moto.dynamodb.responses import DynamoHandler

    if os.environ.get("RACE_UNSERIALIZED_MOTO") == "1":
        yield
        return
    lock = threading.Lock()
    original = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with lock:
            return original(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    try:
        yield
    finally:
        DynamoHandler.call_action = original  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    """A moto server on 127.0.0.1 with this module's own tables and user pool; everything the
    other tests rely on (environment, table bindings, clients, api settings) is put back afterwards."""
    from moto.server import ThreadedMotoServer

    from advocacy.api import deps
    from advocacy.handlers import api  # noqa: F401 - imported (and bound) before the environment changes
    from advocacy.settings import Settings
    from advocacy.store import tables
    from advocacy.store.models import TABLE_ENV

    saved_env = dict(os.environ)
    saved_models = {model: (model.Meta.table_name, model.Meta.region) for model in TABLE_ENV}
    saved_settings = deps._settings
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        names = {env: f"race-{env.removesuffix('_TABLE').lower()}" for env in sorted(set(TABLE_ENV.values()))}
        os.environ.update({**names, "AWS_ENDPOINT_URL": f"http://{host}:{port}"})
        _fresh_clients()
        tables.bind(names)
        for model in {m for m in TABLE_ENV}:
            if not model.exists():
                model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
        pool = boto3.client("cognito-idp").create_user_pool(
            PoolName="race",
            UsernameAttributes=["email"],
            Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": False}],
        )
        os.environ["USER_POOL_ID"] = pool["UserPool"]["Id"]
        deps.configure(Settings.from_env(tuple(names), needs_user_pool=True))
        with serialized_dynamodb():
            yield {"endpoint": os.environ["AWS_ENDPOINT_URL"]}
    finally:
        moto.stop()
        os.environ.clear()
        os.environ.update(saved_env)
        for model, (name, region) in saved_models.items():
            model.Meta.table_name, model.Meta.region = name, region
        _fresh_clients()
        if saved_settings is not None:
            deps.configure(saved_settings)


def _grant(org_id: str, member_id: str, points: int) -> None:
    from advocacy.domain.ids import new_id
    from advocacy.store import ledger
    from advocacy.store.tables import connection

    item = ledger.entry(org_id, member_id, new_id(), "adjustment", points, NOW, {"reason": "race"})
    with TransactWrite(connection=connection()) as tx:
        ledger.add_award(tx, item, org_id, member_id)


def _redeem(member: dict[str, str], reward_id: str, barrier: Any, results: Any) -> None:
    """One Lambda container: its own clients, one request, sent when every caller is ready."""
    from advocacy.handlers import api

    _fresh_clients()  # never share the parent's pooled sockets
    claims = {"sub": member["member_id"], "custom:org_id": member["org_id"]}
    event = http_event("POST", f"/rewards/{reward_id}/redemptions", claims=claims, now=NOW)
    try:
        barrier.wait(timeout=60)
        response = api.handler(event, FakeContext())
        results.put((member["member_id"], response["statusCode"], json.loads(response.get("body") or "null")))
    except BaseException as exc:  # report, never hang the parent
        results.put((member["member_id"], -1, repr(exc)))


def test_fifty_members_race_for_ten_units(server: dict[str, Any]) -> None:
    from advocacy.ops import bootstrap
    from advocacy.store.models import LedgerModel, MemberModel, RewardModel

    org, admin = bootstrap.create_org("Race", "ada@race.test", "Ada", NOW, send_invitation=False)
    org_id = org["org_id"]
    members = []
    for n in range(MEMBERS):
        member = bootstrap.add_member(org_id, f"m{n}@race.test", f"M{n}", "member", [], NOW, False)
        member["org_id"] = org_id
        _grant(org_id, member["member_id"], START)
        members.append(member)
    admin["org_id"] = org_id
    from advocacy.handlers import api

    created = api.handler(
        http_event("POST", "/rewards", body={"name": "Last ten", "cost": COST, "stock": STOCK},
                   claims={"sub": admin["member_id"], "custom:org_id": org_id}, now=NOW),
        FakeContext(),
    )  # fmt: skip
    assert created["statusCode"] == 201, created
    reward_id = json.loads(created["body"])["reward_id"]

    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(MEMBERS)
    results = ctx.Queue()
    workers = [ctx.Process(target=_redeem, args=(m, reward_id, barrier, results)) for m in members]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    _fresh_clients()

    statuses = sorted(status for _, status, _ in outcomes)
    assert statuses.count(201) == STOCK, outcomes
    assert statuses.count(409) == MEMBERS - STOCK, outcomes
    assert {body["error"]["code"] for _, status, body in outcomes if status == 409} == {"out_of_stock"}
    winners = {member_id for member_id, status, _ in outcomes if status == 201}
    assert all(body["balance"] == START - COST for _, status, body in outcomes if status == 201)

    assert int(RewardModel.get(org_id, f"reward#{reward_id}", consistent_read=True).stock) == 0
    balances = {m.member_id: int(m.balance) for m in MemberModel.query(org_id) if m.role == "member"}
    assert len(balances) == MEMBERS
    assert all(balance >= 0 for balance in balances.values()), balances
    assert {k for k, v in balances.items() if v == START - COST} == winners
    assert all(v == START for k, v in balances.items() if k not in winners)
    redemption_entries = [
        entry
        for m in members
        for entry in LedgerModel.query(f"{org_id}#{m['member_id']}", consistent_read=True)
        if entry.type == "redemption"
    ]
    assert len(redemption_entries) == STOCK
    assert {e.owner.split("#", 1)[1] for e in redemption_entries} == winners
    redemptions = list(
        RewardModel.query(org_id, RewardModel.sk.startswith("redemption#"), consistent_read=True)
    )
    assert len(redemptions) == STOCK
    quotas = list(RewardModel.query(org_id, RewardModel.sk.startswith("quota#"), consistent_read=True))
    assert sum(int(q.redeemed) for q in quotas) == STOCK
