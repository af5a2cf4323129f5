"""Idempotency-Key on POSTs: a retry gets the first answer and changes nothing, per caller and route."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import PutError

from advocacy.store import content_items
from advocacy.store.models import ContentModel
from tests.support.actions import grant, new_reward, publish
from tests.support.clock import NOW
from tests.support.events import FakeContext, http_event
from tests.support.faults import DynamoFaults
from tests.support.mocked import TABLES, Env

Person = dict[str, Any]
CONTENT = {"title": "Launch day", "url": "https://acme.example/blog/launch", "status": "published"}


@dataclass
class Case:
    """One POST route: who calls it, where, with which body, and another body for the same key."""

    who: Person
    path: str
    body: Any
    other: Any


def _content(aws: Env, org: dict[str, Any], now: datetime) -> Case:
    return Case(org["manager"], "/content", CONTENT, {**CONTENT, "title": "Another day"})


def _share(aws: Env, org: dict[str, Any], now: datetime) -> Case:
    item = publish(aws, org)
    return Case(
        org["members"][0], f"/content/{item['content_id']}/shares", {"network": "x"}, {"network": "email"}
    )


def _redeem(aws: Env, org: dict[str, Any], now: datetime) -> Case:
    grant(org["members"][0], 500, now)
    reward = new_reward(aws, org["admin"], stock=5)
    return Case(org["members"][0], f"/rewards/{reward['reward_id']}/redemptions", None, {"note": "twice"})


def _adjust(aws: Env, org: dict[str, Any], now: datetime) -> Case:
    path = f"/members/{org['members'][0]['member_id']}/points"
    return Case(
        org["admin"], path, {"points": 50, "reason": "Great post"}, {"points": 60, "reason": "Great post"}
    )


ROUTES: dict[str, Callable[[Env, dict[str, Any], datetime], Case]] = {
    "create content": _content,
    "share": _share,
    "redeem": _redeem,
    "adjust points": _adjust,
}


def snapshot() -> dict[str, list[str]]:
    """Every item of every table (the idempotency records included), comparable."""
    client = boto3.client("dynamodb")
    found: dict[str, list[str]] = {}
    for name in TABLES.values():
        items = [json.dumps(i, sort_keys=True) for page in client.get_paginator("scan").paginate(TableName=name)
                 for i in page["Items"]]  # fmt: skip
        found[name] = sorted(items)
    return found


def records() -> list[dict[str, Any]]:
    """Powertools' records (not the operations' first attempts, see advocacy.store.operation)."""
    items = boto3.client("dynamodb").scan(TableName=TABLES["IDEMPOTENCY_TABLE"])["Items"]
    return [item for item in items if "#attempt#" not in item["id"]["S"]]


def post(aws: Env, who: Person, path: str, body: Any, key: str | None, at: datetime | None = None) -> Any:
    headers = {} if key is None else {"idempotency-key": key}
    return aws.call("POST", path, who=who, body=body, headers=headers, now=at)


@pytest.mark.parametrize("route", list(ROUTES))
def test_same_key_replays_the_first_answer_and_another_body_is_409(
    aws: Env, org: dict[str, Any], now: datetime, route: str
) -> None:
    case = ROUTES[route](aws, org, now)
    first = post(aws, case.who, case.path, case.body, "key-1")
    assert first.status == 201, first.body
    before = snapshot()

    again = post(aws, case.who, case.path, case.body, "key-1")
    assert (again.status, again.body) == (first.status, first.body)
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    if case.body is not None:  # the same JSON document, spaced differently, is the same body
        spaced = json.dumps(case.body, indent=4, sort_keys=True)
        assert post(aws, case.who, case.path, spaced, "key-1").body == first.body

    reused = post(aws, case.who, case.path, case.other, "key-1")
    assert reused.status == 409
    assert reused.body["error"]["code"] == "idempotency_key_reused"
    assert snapshot() == before


def test_without_the_header_every_post_runs(aws: Env, org: dict[str, Any]) -> None:
    first = post(aws, org["manager"], "/content", CONTENT, None)
    second = post(aws, org["manager"], "/content", CONTENT, None)
    assert (first.status, second.status) == (201, 201)
    assert first.body["content_id"] != second.body["content_id"]
    assert records() == []


def test_keys_belong_to_the_caller_and_the_route(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: datetime
) -> None:
    callers = [org["manager"], org["admin"], other_org["admin"]]
    ids = [post(aws, who, "/content", CONTENT, "shared-key").body["content_id"] for who in callers]
    assert len(set(ids)) == 3

    mia = org["members"][0]
    grant(mia, 500, now)
    hoodie, mug = new_reward(aws, org["admin"]), new_reward(aws, org["admin"], name="Mug")
    redeemed = [
        post(aws, mia, f"/rewards/{r['reward_id']}/redemptions", None, "shared-key") for r in (hoodie, mug)
    ]
    assert [r.status for r in redeemed] == [201, 201]
    assert {r.body["reward_id"] for r in redeemed} == {hoodie["reward_id"], mug["reward_id"]}
    assert redeemed[1].body["balance"] == 300


def test_a_5xx_is_not_kept_and_the_retry_runs(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Throttled(Exception):
        response = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}

    create = content_items.create
    faults = [PutError("throttled", cause=Throttled())]

    def flaky(item: ContentModel) -> bool:
        if faults:
            raise faults.pop()
        return create(item)

    monkeypatch.setattr(content_items, "create", flaky)
    failed = post(aws, org["manager"], "/content", CONTENT, "retry-me")
    assert failed.status == 503
    assert records() == []  # the record was deleted: nothing to replay

    retried = post(aws, org["manager"], "/content", CONTENT, "retry-me")
    assert retried.status == 201, retried.body
    replayed = post(aws, org["manager"], "/content", CONTENT, "retry-me")
    assert replayed.body == retried.body
    assert len(aws.call("GET", "/content", who=org["manager"]).body["items"]) == 1


def test_refusals_are_not_kept_but_decisions_are(aws: Env, org: dict[str, Any], now: datetime) -> None:
    manager, mia = org["manager"], org["members"][0]
    bad = post(aws, manager, "/content", {**CONTENT, "url": "ftp://acme.example/x"}, "fix-me")
    assert bad.status == 422
    unknown = post(aws, manager, "/content", {**CONTENT, "colour": "red"}, "fix-me")
    assert unknown.status == 422
    fixed = post(aws, manager, "/content", CONTENT, "fix-me")
    assert fixed.status == 201, fixed.body  # a corrected body may reuse the key

    reward = new_reward(aws, org["admin"], cost=100)
    path = f"/rewards/{reward['reward_id']}/redemptions"
    poor = post(aws, mia, path, None, "redeem-1")
    assert (poor.status, poor.body["error"]["code"]) == (409, "insufficient_points")
    grant(mia, 100, now)
    assert post(aws, mia, path, None, "redeem-1").body == poor.body  # the decision is replayed
    assert aws.call("GET", "/me/redemptions", who=mia).body["items"] == []
    assert post(aws, mia, path, None, "redeem-2").status == 201  # a new attempt takes a new key


@pytest.mark.parametrize(
    ("code", "status"), [("ProvisionedThroughputExceededException", 503), ("ResourceNotFoundException", 500)]
)
def test_when_the_records_fail_the_operation_does_not_run(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch, code: str, status: int
) -> None:
    from advocacy.store import idempotency

    def failing(**kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": code, "Message": "no"}}, "PutItem")

    monkeypatch.setattr(idempotency.persistence().client, "put_item", failing)
    r = post(aws, org["manager"], "/content", CONTENT, "k")
    assert r.status == status
    assert r.body["error"]["code"] == ("unavailable" if status == 503 else "internal_error")
    assert "no" not in r.body["error"]["message"].split()
    assert aws.call("GET", "/content", who=org["manager"]).body["items"] == []


def test_keys_are_1_to_255_visible_ascii_characters(aws: Env, org: dict[str, Any]) -> None:
    before = snapshot()
    for key in ("", "a b", "é" * 3, "k" * 256, "tab\there"):
        r = post(aws, org["manager"], "/content", CONTENT, key)
        assert r.status == 422, key
        assert r.body["error"]["code"] == "validation_error"
        assert [d["field"] for d in r.body["error"]["details"]] == ["Idempotency-Key"]
    assert snapshot() == before

    key = ("".join(chr(c) for c in range(0x21, 0x7F)) * 3)[:255]  # every visible ASCII character
    first = post(aws, org["manager"], "/content", CONTENT, key)
    assert first.status == 201
    assert post(aws, org["manager"], "/content", CONTENT, key).body == first.body


class Crash(BaseException):
    """The container dies mid-request (a timeout or out of memory): nothing after it runs."""


class TimedOut(FakeContext):
    """A context whose invocation has already run out of time."""

    def get_remaining_time_in_millis(self) -> int:
        return -1000


def _crash_while_creating(monkeypatch: pytest.MonkeyPatch, org: dict[str, Any], context: FakeContext) -> None:
    from advocacy.handlers import api

    def crash(*args: Any, **kwargs: Any) -> None:
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(content_items, "create", crash)
        who = org["manager"]
        claims = {"sub": who["member_id"], "custom:org_id": who["org_id"]}
        event = http_event(
            "POST", "/content", body=CONTENT, claims=claims, headers={"idempotency-key": "k"}, now=NOW
        )
        with pytest.raises(Crash):
            api.handler(event, context)


def test_a_request_still_in_progress_is_409(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_while_creating(monkeypatch, org, FakeContext())
    (record,) = records()
    assert record["status"] == {"S": "INPROGRESS"}

    busy = post(aws, org["manager"], "/content", CONTENT, "k")
    assert busy.status == 409
    assert busy.body["error"]["code"] == "idempotency_in_progress"
    assert busy.headers["Retry-After"] == "1"
    assert aws.call("GET", "/content", who=org["manager"]).body["items"] == []


def test_a_request_whose_invocation_timed_out_can_be_retried(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_while_creating(monkeypatch, org, TimedOut())
    retried = post(aws, org["manager"], "/content", CONTENT, "k")
    assert retried.status == 201, retried.body
    assert len(aws.call("GET", "/content", who=org["manager"]).body["items"]) == 1


def test_expiry_is_checked_by_the_records_not_left_to_ttl(aws: Env, org: dict[str, Any]) -> None:
    """moto never deletes expired items (nor does DynamoDB promptly): an expired record is not replayed."""
    first = post(aws, org["manager"], "/content", CONTENT, "old-key")
    (record,) = records()
    assert record["id"]["S"].startswith(org["org"]["org_id"] + "#")  # led by the tenant, like every key
    # Powertools stamps its records by the process clock (time.time()), not by the request's time.
    assert int(record["expiration"]["N"]) - int(time.time()) > 24 * 3600 - 60
    client = boto3.client("dynamodb")
    for item in client.scan(TableName=TABLES["IDEMPOTENCY_TABLE"])["Items"]:  # the key's record and attempt
        assert int(item["expiration"]["N"]) <= int(record["expiration"]["N"])  # the attempt goes first
        client.update_item(
            TableName=TABLES["IDEMPOTENCY_TABLE"],
            Key={"id": item["id"]},
            UpdateExpression="SET expiration = :past",
            # Past for both clocks that read it: Powertools' (the process clock) and the attempt
            # record's (the request time).
            ExpressionAttributeValues={":past": {"N": str(int(min(time.time(), aws.now.timestamp())) - 1)}},
        )
    later = post(aws, org["manager"], "/content", CONTENT, "old-key", at=aws.now + timedelta(hours=25))
    assert later.status == 201
    assert later.body["content_id"] != first.body["content_id"]


def _lose_first_answer(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The route's first write (not the idempotency records') is applied, then times out: the
    caller cannot know it happened, so the request answers 503."""
    faults = DynamoFaults(
        fault="timeout_after_write",
        fail_on=("PutItem", "TransactWriteItems"),
        ignore_tables=frozenset({TABLES["IDEMPOTENCY_TABLE"]}),
        armed=True,
    )
    faults.install(monkeypatch)
    return faults.failed


def _created(aws: Env, who: Person, path: str) -> list[Any]:
    return list(aws.call("GET", path, who=who).body["items"])


LOST_ANSWERS: dict[str, tuple[str, str, Any]] = {
    # route: (caller role, path, body); what the route creates is listed by GET on the same path
    "content": ("manager", "/content", CONTENT),
    "reward": ("admin", "/rewards", {"name": "Mug", "cost": 10}),
    "group": ("admin", "/groups", {"name": "Night shift"}),
    "contest": (
        "admin",
        "/contests",
        {
            "name": "Sprint",
            "starts_at": "2026-11-02T10:00:00Z",
            "ends_at": "2026-11-09T00:00:00Z",
            "metric": "points",
        },
    ),
}


@pytest.mark.parametrize("route", list(LOST_ANSWERS))
def test_a_retry_after_a_lost_answer_finds_the_first_write(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    role, path, body = LOST_ANSWERS[route]
    who = org[role]
    before = _created(aws, who, path)
    with monkeypatch.context() as patch:
        lost = _lose_first_answer(patch)
        failed = aws.call("POST", path, who=who, body=body, headers={"idempotency-key": "k"}, now=now)
    assert lost and failed.status == 503, failed.body

    later = now + timedelta(seconds=30)
    retried = aws.call("POST", path, who=who, body=body, headers={"idempotency-key": "k"}, now=later)
    assert retried.status == 201, retried.body
    after = _created(aws, who, path)
    assert len(after) == len(before) + 1  # written once, by the first attempt
    id_field = next(name for name in retried.body if name.endswith("_id") and name != "org_id")
    assert retried.body[id_field] in {item[id_field] for item in after}
    if "created_at" in retried.body:  # the retry answers as the first attempt, at its time
        assert retried.body["created_at"].startswith("2026-11-02T09:30:00")


def test_a_redemption_whose_answer_was_lost_is_charged_once(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    mia = org["members"][0]
    grant(mia, 50, now)
    reward = new_reward(aws, org["admin"], cost=10, stock=5)
    path = f"/rewards/{reward['reward_id']}/redemptions"
    with monkeypatch.context() as patch:
        lost = _lose_first_answer(patch)
        failed = aws.call("POST", path, who=mia, headers={"idempotency-key": "k"}, now=now)
    assert lost == ["TransactWriteItems"] and failed.status == 503, failed.body

    retried = aws.call(
        "POST", path, who=mia, headers={"idempotency-key": "k"}, now=now + timedelta(minutes=1)
    )
    assert retried.status == 201, retried.body
    assert retried.body["balance"] == 40
    assert aws.call("GET", "/me", who=mia).body["points"]["balance"] == 40
    assert len(aws.call("GET", "/me/redemptions", who=mia).body["items"]) == 1
    assert aws.call("GET", f"/rewards/{reward['reward_id']}", who=mia).body["stock"] == 4


def test_an_adjustment_whose_answer_was_lost_is_applied_once(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    mia = org["members"][0]
    path = f"/members/{mia['member_id']}/points"
    body = {"points": 25, "reason": "Great post"}
    with monkeypatch.context() as patch:
        lost = _lose_first_answer(patch)
        failed = aws.call(
            "POST", path, who=org["admin"], body=body, headers={"idempotency-key": "k"}, now=now
        )
    assert lost and failed.status == 503, failed.body

    retried = aws.call(
        "POST",
        path,
        who=org["admin"],
        body=body,
        headers={"idempotency-key": "k"},
        now=now + timedelta(hours=1),
    )
    assert retried.status == 201, retried.body
    assert aws.call("GET", "/me", who=mia).body["points"]["balance"] == 25
    entries = aws.call("GET", "/me/points", who=mia).body["items"]
    assert [e["points"] for e in entries] == [25]


def test_without_a_key_a_retry_after_a_lost_answer_is_a_new_request(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why clients should send the key: without it the server cannot tell a retry from a new request."""
    with monkeypatch.context() as patch:
        _lose_first_answer(patch)
        assert aws.call("POST", "/content", who=org["manager"], body=CONTENT, now=now).status == 503
    assert aws.call("POST", "/content", who=org["manager"], body=CONTENT, now=now).status == 201
    assert len(_created(aws, org["manager"], "/content")) == 2
