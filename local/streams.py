"""Feeds table streams to the stream function as a Lambda event source mapping would.

Per mapping: read the stream shard in order, hand batches of up to BatchSize records to the
function, and on failure retry from the first failed record (ReportBatchItemFailures), split
the batch on a function error when BisectBatchOnFunctionError is set, and after
MaximumRetryAttempts park the batch in `<state dir>/stream-failures.jsonl`, standing in for the
on-failure destination. The shard is blocked while a batch is retried, as in AWS.

Lambda delivers stream records at least once. `redeliver` (a fraction, 0 by default) makes that
visible locally: a delivered batch is, with that probability, handed to the function once more
after the next poll, as a duplicate delivery would be. `status()` reports what the poller did
(`GET /_local/streams`), and `wait_quiet()` waits until every poller has read its shard to the end
and delivered everything (`POST /_local/streams {"quiet_within": seconds}`), so that a test or a
load run knows the side effects of what it did have all happened, without sleeping.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from local.aws import REGION, client
from local.capture import capture
from local.console import BatchLine, report
from local.lambdas import FunctionError, LambdaRuntime, park
from local.template import StreamMappingSpec

log = logging.getLogger("local.streams")

# GetRecords errors that mean "open a new iterator", not "the stream is unreadable".
_STALE_ITERATOR = {"TrimmedDataAccessException", "ExpiredIteratorException"}


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda delivers it (epoch creation time, `eventSourceARN`)."""
    ddb = dict(record["dynamodb"])
    created = ddb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        ddb["ApproximateCreationDateTime"] = int(created.timestamp())
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,  # the stack's region (DynamoDB Local stamps its own, "ddblocal")
        "dynamodb": ddb,
        "eventSourceARN": stream_arn,
    }


_STRING_RULES = {
    "prefix": lambda v, arg: v.startswith(arg),
    "suffix": lambda v, arg: v.endswith(arg),
    "equals-ignore-case": lambda v, arg: v.lower() == str(arg).lower(),
}


def _rule_matches(rule: Any, values: list[Any], present: bool) -> bool:
    """One entry of a pattern's value list (a literal, or a prefix/suffix/anything-but/exists rule)."""
    if not isinstance(rule, dict):
        return present and rule in values
    if "exists" in rule:
        return bool(rule["exists"]) == present
    ((name, arg),) = rule.items()
    if name in _STRING_RULES:
        return present and any(isinstance(v, str) and _STRING_RULES[name](v, arg) for v in values)
    if name == "anything-but":
        excluded = arg if isinstance(arg, list) else [arg]
        return present and all(v not in excluded for v in values)
    log.warning("filter rule %s is not supported locally; treated as no match", rule)
    return False


def filter_matches(pattern: dict[str, Any], event: Any) -> bool:
    """Lambda event filtering (EventBridge pattern syntax) for the rules stream filters use."""
    if not isinstance(event, dict):
        return False
    for key, sub in pattern.items():
        if isinstance(sub, dict):
            if not filter_matches(sub, event.get(key, {})):
                return False
        else:
            value = event.get(key)
            values = value if isinstance(value, list) else [value]
            if not any(_rule_matches(rule, values, key in event) for rule in sub):
                return False
    return True


def first_failure(result: Any, batch: list[dict[str, Any]]) -> int | None:
    """Index of the record to retry from, per the partial batch response; None if all succeeded.

    As in Lambda, a malformed response or an unknown/blank item identifier fails the whole batch.
    """
    if result is None:
        return None
    if not isinstance(result, dict):
        return 0
    failures = result.get("batchItemFailures")
    if not failures:
        return None
    if not isinstance(failures, list):
        return 0
    positions = {r["dynamodb"]["SequenceNumber"]: i for i, r in enumerate(batch)}
    indexes = []
    for failure in failures:
        ident = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not ident or ident not in positions:
            return 0
        indexes.append(positions[ident])
    return min(indexes)


class StreamPoller(threading.Thread):
    """One event source mapping: a table stream to a function."""

    def __init__(
        self,
        mapping: StreamMappingSpec,
        stream_arn: str,
        endpoint_url: str,
        runtime: LambdaRuntime,
        state_dir: Path,
        poll_interval_s: float = 0.5,
        streams_client: Any = None,
        redeliver: float = 0.0,
        label: str | None = None,
    ) -> None:
        if not 0.0 <= redeliver <= 1.0:
            raise ValueError("redeliver is a fraction of batches, from 0 to 1")
        super().__init__(name=f"stream-{mapping.logical_id}", daemon=True)
        self.mapping = mapping
        self.label = label or mapping.function_id  # the function, as the console names it
        self.stream_arn = stream_arn
        self._streams = streams_client or client("dynamodbstreams", endpoint_url)
        self._runtime = runtime
        self._failures = state_dir / "stream-failures.jsonl"
        self._interval = poll_interval_s
        self._stop_event = threading.Event()
        self._wake = threading.Event()  # set to poll at once instead of after the interval
        self._polled = threading.Condition()  # notified after every poll
        self._started_polls = 0  # polls begun so far
        self._last_quiet = 0  # the number of the last poll that found nothing and left nothing due
        self._shard_id = ""
        self._checkpoint: str | None = None  # the sequence number of the last record read
        self._iterator: str | None = self._start_iterator()
        self.redeliver = redeliver
        # False as an event source mapping disabled: records wait on the stream (bench.burst's backlog).
        self.enabled = True
        self._rng = random.Random(mapping.logical_id)  # repeatable choice of duplicated batches
        self._again: list[list[dict[str, Any]]] = []  # batches to hand over once more
        self._lock = threading.Lock()
        self._stats = {
            "polls": 0,
            "quiet_polls": 0,  # consecutive polls that found no record and had nothing to redeliver
            "batches": 0,
            "records": 0,
            "redelivered_batches": 0,
            "redelivered_records": 0,
            "parked_records": 0,
            # Time inside the function for first deliveries, and their records: its cost per record
            # (bench.burst's serial apply time per click), duplicates aside.
            "first_delivery_ms": 0,
            "first_delivery_records": 0,
        }

    def status(self) -> dict[str, Any]:
        """What this mapping has done so far (counts of deliveries, duplicates, parked records)."""
        with self._lock:
            return {
                "mapping": self.mapping.logical_id,
                "function": self.mapping.function_id,
                "redeliver": self.redeliver,
                "pending_redeliveries": len(self._again),
                "enabled": self.enabled,
                **self._stats,
            }

    def _count(self, **increments: int) -> None:
        with self._lock:
            for name, value in increments.items():
                self._stats[name] += value

    def _start_iterator(self) -> str:
        shards = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        position = "LATEST" if self.mapping.starting_position == "LATEST" else "TRIM_HORIZON"
        # TRIM_HORIZON: the oldest shard; LATEST: the open one (the last, without an ending number).
        shard = shards[0] if position == "TRIM_HORIZON" else shards[-1]
        self._shard_id = str(shard["ShardId"])
        return self._iterator_at(position)

    def _iterator_at(self, position: str) -> str:
        return str(
            self._streams.get_shard_iterator(
                StreamArn=self.stream_arn, ShardId=self._shard_id, ShardIteratorType=position
            )["ShardIterator"]
        )

    def _read(self) -> dict[str, Any]:
        """One GetRecords from the current iterator (none while a closed shard's child is awaited).

        An iterator that went stale is replaced by one just after the last record read (Lambda's
        checkpoint), or at the shard's start when none was read yet, and read at once: DynamoDB
        Local refuses an iterator it handed out on an empty shard once a record arrives
        (TrimmedDataAccessException), and an iterator left unused for 15 minutes expires."""
        if self._iterator is None:
            self._iterator = self._next_shard()
            if self._iterator is None:
                return {"Records": []}
        try:
            return dict(
                self._streams.get_records(ShardIterator=self._iterator, Limit=self.mapping.batch_size)
            )
        except Exception as exc:
            if getattr(exc, "response", {}).get("Error", {}).get("Code") not in _STALE_ITERATOR:
                raise
        if self._checkpoint is None:
            self._iterator = self._iterator_at("TRIM_HORIZON")
        else:
            self._iterator = str(
                self._streams.get_shard_iterator(
                    StreamArn=self.stream_arn,
                    ShardId=self._shard_id,
                    ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                    SequenceNumber=self._checkpoint,
                )["ShardIterator"]
            )
        return dict(self._streams.get_records(ShardIterator=self._iterator, Limit=self.mapping.batch_size))

    def _next_shard(self) -> str | None:
        """An iterator at the start of the closed shard's child (DynamoDB rolls a stream's shard over
        now and then; moto never does), or None while the child does not exist yet."""
        shards = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        child = next((s for s in shards if s.get("ParentShardId") == self._shard_id), None)
        if child is None:
            return None
        self._shard_id, self._checkpoint = str(child["ShardId"]), None
        return self._iterator_at("TRIM_HORIZON")

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            if not self.poll_once():
                self._wake.wait(self._interval)
                self._wake.clear()

    def mark(self) -> tuple[int, int]:
        """(polls begun, records delivered) now: a quiet poll begun after this mark proves that
        everything written to the table before it has been delivered."""
        with self._polled, self._lock:
            return self._started_polls, self._stats["records"] + self._stats["redelivered_records"]

    def quiet_since(self, mark: tuple[int, int]) -> bool:
        with self._polled:
            return self._last_quiet > mark[0]

    def poke(self) -> None:
        """Poll now rather than at the end of the interval."""
        self._wake.set()

    def poll_once(self) -> bool:
        """Read once from the shard and deliver what passes the filters, then any duplicates due.

        Returns whether the shard had records (if not, the caller waits before polling again);
        a disabled mapping reads nothing and counts no poll.
        """
        if not self.enabled:
            return False
        with self._polled:
            self._started_polls += 1
            number = self._started_polls
        due, self._again = self._again, []  # duplicates of earlier batches go after the next poll
        try:
            response = self._read()
        except Exception as exc:
            self._again = due + self._again
            if not self._stop_event.is_set():
                log.warning("stream %s: get_records failed: %s", self.mapping.logical_id, exc)
            with self._polled:
                self._polled.notify_all()
            return False
        if self._iterator is not None:
            self._iterator = response.get("NextShardIterator")  # absent: the shard is closed
        raw = response.get("Records", [])
        if raw:
            self._checkpoint = str(raw[-1]["dynamodb"]["SequenceNumber"])
        records = [lambda_record(r, self.stream_arn) for r in raw]
        if self.mapping.filters:  # as in Lambda, records no filter matches are dropped
            records = [r for r in records if any(filter_matches(f, r) for f in self.mapping.filters)]
        if records:
            self._deliver(records)
            self._count(batches=1, records=len(records))
            if self.redeliver and self._rng.random() < self.redeliver:
                self._again.append(records)
        for batch in due:
            self._deliver(batch, again=True)
            self._count(redelivered_batches=1, redelivered_records=len(batch))
        with self._lock:
            self._stats["polls"] += 1
            quiet = not raw and not due and not self._again
            self._stats["quiet_polls"] = self._stats["quiet_polls"] + 1 if quiet else 0
        with self._polled:
            if quiet:
                self._last_quiet = number
            self._polled.notify_all()
        return bool(raw)

    def wait_polled(self, timeout: float) -> None:
        """Block until the next poll ends (or `timeout` seconds pass)."""
        with self._polled:
            self._polled.wait(timeout)

    def _invoke(self, records: list[dict[str, Any]], again: bool) -> tuple[int | None, str | None]:
        """Hand `records` to the function once, with a console line: (the index to retry from, or
        None when all succeeded; the function's error, or None when it answered)."""
        error: str | None = None
        with capture() as output:
            try:
                result = self._runtime.invoke(self.mapping.function_id, {"Records": records})
                failed = first_failure(result, records) if self.mapping.report_item_failures else None
            except FunctionError as exc:
                failed, error = 0, str(exc)
        done = len(records) if failed is None else failed
        if not again:
            self._count(first_delivery_ms=round(output.ms), first_delivery_records=len(records))
        report(log, BatchLine(self.label, len(records), len(records) - done, output.ms, again), output)
        return failed, error

    def _deliver(self, batch: list[dict[str, Any]], again: bool = False) -> None:
        """Invoke until the batch succeeds, is bisected, or runs out of retries."""
        attempt = 0
        remaining = batch
        while remaining and not self._stop_event.is_set():
            failed, error = self._invoke(remaining, again)
            reason = error or "batchItemFailures"
            if error is not None and self.mapping.bisect_on_error and len(remaining) > 1:
                half = len(remaining) // 2
                log.warning(
                    "stream %s: function error, bisecting %d records", self.mapping.logical_id, len(remaining)
                )
                self._deliver(remaining[:half], again)
                self._deliver(remaining[half:], again)
                return
            if failed is None:
                return
            remaining = remaining[failed:]
            attempt += 1
            if 0 <= self.mapping.max_retries < attempt:
                self._park(remaining, reason, attempt)
                return
            log.warning(
                "stream %s: %d record(s) failed (%s), retry %d from sequence %s",
                self.mapping.logical_id,
                len(remaining),
                reason,
                attempt,
                remaining[0]["dynamodb"]["SequenceNumber"],
            )
            self._stop_event.wait(min(0.2 * 2**attempt, 10.0))

    def _park(self, records: list[dict[str, Any]], reason: str, attempts: int) -> None:
        self._count(parked_records=len(records))
        park(
            self._failures,
            {
                "mapping": self.mapping.logical_id,
                "function": self.mapping.function_id,
                "condition": "RetryAttemptsExhausted",
                "reason": reason,
                "attempts": attempts,
                "records": records,
            },
        )
        log.error(
            "stream %s: parked %d record(s) after %d attempts in %s",
            self.mapping.logical_id,
            len(records),
            attempts,
            self._failures,
        )


def wait_quiet(pollers: Sequence[StreamPoller], timeout: float) -> bool:
    """Wait until every poller has read its shard to the end and has nothing left to deliver, with
    nothing delivered by any of them meanwhile (a delivery can write to another poller's table):
    True once that holds, False if it did not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        marks = [(p, p.mark()) for p in pollers]
        for poller in pollers:
            poller.poke()
        for poller, mark in marks:
            while not poller.quiet_since(mark):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                poller.poke()
                poller.wait_polled(min(left, 0.5))
        if all(p.mark()[1] == mark[1] for p, mark in marks):
            return True
