"""The one transaction helper: how a cancellation is read and which failures are tried again.

Each transaction is built on a real PynamoDB TransactWrite (its commit replaced), so the order in which
PynamoDB sends operations, which DynamoDB's cancellation reasons follow, is PynamoDB's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import pytest
from pynamodb.connection import Connection
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
from pynamodb.transactions import TransactWrite

from advocacy.domain.errors import Unavailable
from advocacy.store import transactions
from advocacy.store.models import LedgerModel, MemberModel, RewardModel
from advocacy.store.transactions import Cancelled, Retry, retrying, writing

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _cancelled(*codes: str | None) -> TransactWriteError:
    """What PynamoDB raises when DynamoDB cancels a transaction with these reasons, one per item."""
    cause = VerboseClientError(
        {"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
        "TransactWriteItems",
        cancellation_reasons=[CancellationReason(code=c) if c else None for c in codes],
    )
    return TransactWriteError("Failed to write transaction items", cause=cause)


@pytest.fixture
def commit(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Replace the commit of every transaction: each item of the list is raised on the next commit
    in turn (None commits)."""
    outcomes: list[Any] = []

    def fake_commit(self: TransactWrite) -> None:
        outcome = outcomes.pop(0) if outcomes else None
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(TransactWrite, "_commit", fake_commit)
    monkeypatch.setattr(
        transactions, "transaction", lambda: TransactWrite(connection=Connection(region="us-east-1"))
    )
    yield outcomes


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(transactions.time, "sleep", slept.append)
    return slept


def _redeem(tx: TransactWrite) -> None:
    """Items added in another order than PynamoDB sends them: update, put, condition check."""
    tx.update(MemberModel(org_id="o", member_id="m"), actions=[MemberModel.balance.add(-5)])
    tx.save(
        LedgerModel(owner="o#m", entry_key="k", entry_id="e", type="redemption", points=-5, created_at=AT)
    )
    tx.condition_check(RewardModel, "o", "reward#r", RewardModel.sk.exists())


def test_a_cancellation_names_each_failed_item_by_table_and_key(commit: list[Any]) -> None:
    # PynamoDB sends condition checks, deletes, puts, then updates: the reasons follow that order.
    commit.append(_cancelled("ConditionalCheckFailed", None, "TransactionConflict"))
    with pytest.raises(Cancelled) as raised, writing() as tx:
        _redeem(tx)
    exc = raised.value
    assert exc.condition_failed(RewardModel, "reward#")
    assert not exc.condition_failed(RewardModel, "quota#")
    assert not exc.condition_failed(LedgerModel)
    assert not exc.condition_failed(MemberModel)  # its reason is a conflict, not a condition
    assert exc.conflict and not exc.throttled
    assert [(f.table, f.reason) for f in exc.failures] == [
        (RewardModel.Meta.table_name, "ConditionalCheckFailed"),
        (MemberModel.Meta.table_name, "TransactionConflict"),
    ]
    assert isinstance(exc, TransactWriteError)  # answered as any DynamoDB failure when nobody handles it


def test_throttling_is_classified_and_an_error_without_reasons_passes_through(commit: list[Any]) -> None:
    commit.append(_cancelled(None, "ThrottlingError", None))
    with pytest.raises(Cancelled) as raised, writing() as tx:
        _redeem(tx)
    assert raised.value.throttled and not raised.value.conflict
    timeout = TransactWriteError("no answer")
    commit.append(timeout)
    with pytest.raises(TransactWriteError) as plain, writing() as tx:
        _redeem(tx)
    assert plain.value is timeout and not isinstance(plain.value, Cancelled)


def test_a_conflict_or_a_moved_read_is_tried_again_after_growing_pauses(
    commit: list[Any], pauses: list[float]
) -> None:
    commit.extend([_cancelled(None, None, "TransactionConflict"), None])
    reads: list[int] = []

    def attempt() -> str:
        reads.append(1)
        if len(reads) == 1:
            raise Retry()  # what it read moved
        with writing() as tx:
            _redeem(tx)
        return "written"

    assert retrying(attempt) == "written"
    assert len(reads) == 3
    assert len(pauses) == 2 and pauses[1] > pauses[0] > 0


def test_a_failed_condition_or_throttling_is_not_retried(commit: list[Any], pauses: list[float]) -> None:
    calls: list[int] = []

    def attempt() -> None:
        calls.append(1)
        with writing() as tx:
            _redeem(tx)

    for reasons in (("ConditionalCheckFailed", None, None), (None, "ThrottlingError", None)):
        commit.append(_cancelled(*reasons))
        with pytest.raises(Cancelled):
            retrying(attempt)
    assert calls == [1, 1]
    assert pauses == []


def test_attempts_are_bounded_and_end_in_the_callers_error(pauses: list[float]) -> None:
    calls: list[int] = []

    def attempt() -> None:
        calls.append(1)
        raise Retry()

    with pytest.raises(Unavailable):
        retrying(attempt, attempts=3)
    assert len(calls) == 3 and len(pauses) == 2

    class GaveUp(Exception):
        pass

    with pytest.raises(GaveUp):
        retrying(attempt, attempts=2, exhausted=GaveUp)


def test_every_pause_is_longer_than_the_one_before_whatever_the_jitter_draws(pauses: list[float]) -> None:
    def attempt() -> None:
        raise Retry()

    for _ in range(200):
        pauses.clear()
        with pytest.raises(Unavailable):
            retrying(attempt, attempts=5)
        assert len(pauses) == 4
        assert all(later > earlier > 0 for earlier, later in pairwise(pauses))
    assert max(pauses) < 1.0  # four pauses stay well under a Lambda's patience
