"""Stream batches and jobs that fail: partial batch responses, redelivery applied once, jobs that raise.

The stream handler is called as the event source mapping calls it. A batch with a poison record
reports that record alone (so Lambda retries from it, bisects, and finally parks it in the on-failure
queue) while the good records are applied; delivering the same batch again, as Lambda does after a
partial failure, applies nothing twice.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest
from pynamodb.exceptions import PynamoDBException

from tests.support.actions import adjust, click, create_contest, publish, run_job
from tests.support.events import FakeContext, scheduled_event
from tests.support.faults import Database, DynamoFaults, changes
from tests.support.mocked import Env

Org = dict[str, Any]


def _shared(aws: Env, org: Org, at: datetime) -> dict[str, Any]:
    item = publish(aws, org, at=at)
    r = aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=org["members"][0], body={"network": "x"}
    )
    assert r.status == 201, r.body
    return dict(r.body)


def _clicks(aws: Env, code: str, at: datetime, visitors: int) -> list[dict[str, Any]]:
    """One human click per visitor (distinct IPs), then the stream records they made."""
    for n in range(visitors):
        assert click(aws, code, ip=f"198.51.100.{n + 1}", request_id=f"visit-{n}", at=at)["statusCode"] == 302
    return [r for r in aws.streams.records() if r["dynamodb"]["Keys"]["sk"]["S"].startswith("click#")]


def _poison(record: dict[str, Any]) -> dict[str, Any]:
    """A click event no code can apply: its time is not a time."""
    bad = copy.deepcopy(record)
    bad["dynamodb"]["Keys"]["sk"]["S"] = bad["dynamodb"]["NewImage"]["sk"]["S"] = "click#poison"
    bad["dynamodb"]["NewImage"]["at"] = {"S": "not a time"}
    bad["dynamodb"]["SequenceNumber"] = record["dynamodb"]["SequenceNumber"] + "5"
    bad["eventID"] = "poison"
    return bad


def _deliver(records: list[dict[str, Any]]) -> list[str]:
    """Hand the batch to the stream function; the sequence numbers it reports as failed."""
    from advocacy.handlers import stream

    result = stream.handler({"Records": records}, FakeContext("stream"))
    return [f["itemIdentifier"] for f in result["batchItemFailures"]]


def _stats(aws: Env, org: Org, share: dict[str, Any]) -> tuple[int, int, int]:
    shares = aws.call("GET", "/me/shares", who=org["members"][0]).body["items"]
    (mine,) = [s for s in shares if s["share_id"] == share["share_id"]]
    balance = aws.call("GET", "/me", who=org["members"][0]).body["points"]["balance"]
    return mine["clicks"], mine["unique_clicks"], balance


def test_a_poison_record_is_the_only_failure_and_a_redelivery_applies_nothing_twice(
    aws: Env, org: Org, now: datetime
) -> None:
    at = now + timedelta(hours=1)
    share = _shared(aws, org, at)
    good = _clicks(aws, share["code"], at, visitors=3)
    assert len(good) == 3
    poison = _poison(good[1])
    batch = [good[0], good[1], poison, good[2]]
    _, _, balance_before = _stats(aws, org, share)

    assert _deliver(batch) == [poison["dynamodb"]["SequenceNumber"]]
    clicks, unique, balance = _stats(aws, org, share)
    assert (clicks, unique) == (3, 3)
    assert balance == balance_before + 3 * 2  # the org's click points, within the daily cap

    db = Database()
    applied = db.snapshot()
    # Lambda retries from the failed record on (and bisects on errors): the good records around it
    # come again, and so does the whole batch if the function itself failed.
    assert _deliver(batch[2:]) == [poison["dynamodb"]["SequenceNumber"]]
    assert _deliver(batch) == [poison["dynamodb"]["SequenceNumber"]]
    assert changes(applied, db.snapshot()) == {}


@pytest.mark.parametrize("fault", ["throttled", "timeout_after_write"])
def test_a_record_whose_write_fails_fails_alone_and_its_redelivery_applies_it_once(
    aws: Env, org: Org, now: datetime, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = now + timedelta(hours=1)
    share = _shared(aws, org, at)
    batch = _clicks(aws, share["code"], at, visitors=3)
    _, _, balance_before = _stats(aws, org, share)
    faults = DynamoFaults()
    faults.install(monkeypatch)
    with faults.arm():
        assert _deliver(batch[:1]) == []
    per_record = len(faults.calls)  # the org, the visitor mark, the day counter, the transaction
    assert faults.calls[-1] == "TransactWriteItems"

    # The first record's transaction fails: only that record is reported, the next one is applied.
    with faults.arm(fail_at=per_record, fault=fault):
        assert _deliver(batch[1:]) == [batch[1]["dynamodb"]["SequenceNumber"]]
    assert faults.calls[-1] == "TransactWriteItems"
    assert _deliver(batch) == []  # the whole batch again: each click applied once
    assert _stats(aws, org, share) == (3, 3, balance_before + 3 * 2)


@pytest.mark.parametrize("fault", ["throttled", "server_error", "timeout_after_write"])
def test_a_job_whose_write_fails_raises_and_its_rerun_converges(
    aws: Env, org: Org, now: datetime, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that fails must raise (Lambda reports the failure, retries, then dead-letters it); run
    again for the same time, it finishes what the failed run left, once."""
    from advocacy.handlers import jobs

    def stamp(t: datetime) -> str:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")

    publish(aws, org, at=now, status="scheduled", publish_at=stamp(now + timedelta(minutes=5)),
            expires_at=stamp(now + timedelta(days=7)))  # fmt: skip
    event = scheduled_event("publish-due", stamp(now + timedelta(minutes=10)))
    faults = DynamoFaults()
    faults.install(monkeypatch)
    with faults.arm(fail_at=2, fault=fault), pytest.raises(PynamoDBException):
        jobs.handler(event, FakeContext("jobs"))
    assert faults.calls == ["Query", "TransactWriteItems"]  # the content and its stats item's status
    again = jobs.handler(event, FakeContext("jobs"))
    assert again["published"] == (0 if fault == "timeout_after_write" else 1)
    feed = aws.call("GET", "/feed", who=org["members"][0], now=now + timedelta(minutes=10))
    assert len(feed.body["items"]) == 1


def test_a_throttled_prize_is_not_taken_for_an_awarded_one(
    aws: Env, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contests job must not skip a prize whose transaction was throttled (as if already written):
    the run fails, and the rerun awards it once and closes the contest."""
    mia = org["members"][0]
    start = aws.now
    end = start + timedelta(days=7)
    contest = create_contest(aws, org, start, end, prizes=[{"place": 1, "points": 100}])
    adjust(aws, org, mia, 30, start + timedelta(hours=1))
    faults = DynamoFaults()
    faults.install(monkeypatch)
    with faults.arm(fault="throttled", fail_on="TransactWriteItems"), pytest.raises(PynamoDBException):
        run_job("contests", end + timedelta(hours=1))  # the first transaction of the run is the prize
    again = run_job("contests", end + timedelta(hours=1))
    assert (again["closed"], again["prizes"]) == (1, 1)
    ledger = aws.call("GET", "/me/points", who=mia).body["items"]
    assert [e["type"] for e in ledger].count("prize") == 1
    closed = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia).body
    assert closed["status"] == "closed"
