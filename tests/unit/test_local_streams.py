"""The local stream poller honours partial batch responses, retries and bisection like Lambda."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from local.lambdas import FunctionError
from local.streams import StreamPoller, first_failure, lambda_record, wait_quiet
from local.template import StreamMappingSpec


def _record(seq: int) -> dict[str, Any]:
    return {
        "eventID": f"e{seq}",
        "eventName": "INSERT",
        "dynamodb": {"SequenceNumber": str(seq), "Keys": {"pk": {"S": str(seq)}}},
    }


def test_first_failure() -> None:
    batch = [_record(1), _record(2), _record(3)]
    assert first_failure(None, batch) is None
    assert first_failure({"batchItemFailures": []}, batch) is None
    assert (
        first_failure({"batchItemFailures": [{"itemIdentifier": "3"}, {"itemIdentifier": "2"}]}, batch) == 1
    )
    assert first_failure({"batchItemFailures": [{"itemIdentifier": ""}]}, batch) == 0  # whole batch
    assert first_failure({"batchItemFailures": [{"itemIdentifier": "99"}]}, batch) == 0
    assert first_failure("oops", batch) == 0


def test_lambda_record_shape() -> None:
    record = lambda_record(_record(1), "arn:stream")
    assert record["eventSourceARN"] == "arn:stream"
    assert record["eventSource"] == "aws:dynamodb"


class _Streams:
    def describe_stream(self, StreamArn: str) -> dict[str, Any]:
        return {"StreamDescription": {"Shards": [{"ShardId": "s1"}]}}

    def get_shard_iterator(self, **kwargs: Any) -> dict[str, Any]:
        return {"ShardIterator": "it"}


class _Runtime:
    def __init__(self, behaviour: Any) -> None:
        self.behaviour = behaviour
        self.batches: list[list[str]] = []

    def invoke(self, function_id: str, event: dict[str, Any]) -> Any:
        seqs = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
        self.batches.append(seqs)
        return self.behaviour(seqs)


def _poller(runtime: _Runtime, tmp_path: Path, retries: int = 2, bisect: bool = False) -> StreamPoller:
    mapping = StreamMappingSpec("M", "T", "Fn", 10, retries, bisect, True, "TRIM_HORIZON", True)
    poller = StreamPoller(mapping, "arn", "http://unused", runtime, tmp_path, streams_client=_Streams())  # type: ignore[arg-type]
    poller._stop_event.wait = lambda timeout=None: False  # type: ignore[method-assign]  # no backoff in tests
    return poller


def test_retries_from_the_first_failed_record(tmp_path: Path) -> None:
    attempts = iter([{"batchItemFailures": [{"itemIdentifier": "2"}]}, None])
    runtime = _Runtime(lambda seqs: next(attempts))
    _poller(runtime, tmp_path)._deliver([_record(1), _record(2), _record(3)])
    assert runtime.batches == [["1", "2", "3"], ["2", "3"]]
    assert not (tmp_path / "stream-failures.jsonl").exists()


def test_parks_after_max_retries(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: {"batchItemFailures": [{"itemIdentifier": seqs[0]}]})
    _poller(runtime, tmp_path, retries=2)._deliver([_record(1), _record(2)])
    assert runtime.batches == [["1", "2"]] * 3
    (line,) = (tmp_path / "stream-failures.jsonl").read_text().splitlines()
    parked = json.loads(line)
    assert parked["attempts"] == 3 and len(parked["records"]) == 2


def test_bisects_on_function_error(tmp_path: Path) -> None:
    def behaviour(seqs: list[str]) -> Any:
        if "2" in seqs:
            raise FunctionError("boom")
        return None

    runtime = _Runtime(behaviour)
    _poller(runtime, tmp_path, retries=0, bisect=True)._deliver(
        [_record(1), _record(2), _record(3), _record(4)]
    )
    assert ["1"] in runtime.batches and ["3", "4"] in runtime.batches
    parked = [json.loads(x) for x in (tmp_path / "stream-failures.jsonl").read_text().splitlines()]
    assert [[r["dynamodb"]["SequenceNumber"] for r in p["records"]] for p in parked] == [["2"]]


def test_filter_criteria() -> None:
    from local.streams import filter_matches

    pattern = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"sk": {"S": [{"prefix": "click#"}]}}}}
    record = {"eventName": "INSERT", "dynamodb": {"Keys": {"sk": {"S": "click#1"}}}}
    assert filter_matches(pattern, record)
    assert not filter_matches(pattern, {**record, "eventName": "MODIFY"})
    assert not filter_matches(pattern, {"eventName": "INSERT", "dynamodb": {"Keys": {"sk": {"S": "day#1"}}}})
    assert filter_matches({"dynamodb": {"NewImage": {"x": [{"exists": False}]}}}, record)
    assert filter_matches({"eventName": [{"anything-but": ["REMOVE"]}]}, record)


class _Shard(_Streams):
    """A shard that hands out the given pages of records, then nothing."""

    def __init__(self, pages: list[list[dict[str, Any]]]) -> None:
        self.pages = list(pages)

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        return {"NextShardIterator": "it", "Records": self.pages.pop(0) if self.pages else []}


def _polling(
    runtime: _Runtime,
    tmp_path: Path,
    pages: list[list[dict[str, Any]]],
    redeliver: float,
    interval: float = 0.5,
) -> StreamPoller:
    mapping = StreamMappingSpec("M", "T", "Fn", 10, 2, False, True, "TRIM_HORIZON", True)
    return StreamPoller(
        mapping,
        "arn",
        "http://unused",
        runtime,
        tmp_path,
        poll_interval_s=interval,
        streams_client=_Shard(pages),
        redeliver=redeliver,  # type: ignore[arg-type]
    )


def test_no_duplicate_deliveries_by_default(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: None)
    poller = _polling(runtime, tmp_path, [[_record(1)], [_record(2)]], redeliver=0.0)
    while poller.poll_once():
        pass
    poller.poll_once()
    assert runtime.batches == [["1"], ["2"]]
    status = poller.status()
    assert (status["batches"], status["records"], status["redelivered_batches"]) == (2, 2, 0)
    assert status["quiet_polls"] == 2


def test_a_disabled_mapping_holds_its_records_and_times_first_deliveries(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: None)
    poller = _polling(runtime, tmp_path, [[_record(1), _record(2)], [_record(3)]], redeliver=0.0)
    poller.enabled = False
    assert poller.poll_once() is False
    assert runtime.batches == []
    assert (poller.status()["polls"], poller.status()["enabled"]) == (0, False)
    poller.enabled = True
    while poller.poll_once():
        pass
    assert runtime.batches == [["1", "2"], ["3"]]
    status = poller.status()
    assert status["first_delivery_records"] == 3
    assert status["first_delivery_ms"] >= 0


def test_redelivers_batches_after_the_next_poll(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: None)
    poller = _polling(runtime, tmp_path, [[_record(1), _record(2)], [_record(3)]], redeliver=1.0)
    while poller.poll_once():
        assert poller.status()["quiet_polls"] == 0
    # The last poll found nothing new but handed over the duplicate of the last batch: not quiet.
    assert runtime.batches == [["1", "2"], ["3"], ["1", "2"], ["3"]]
    assert poller.status()["quiet_polls"] == 0
    poller.poll_once()
    status = poller.status()
    assert (status["redelivered_batches"], status["redelivered_records"], status["pending_redeliveries"]) == (
        2,
        3,
        0,
    )
    assert status["quiet_polls"] == 1


def test_redeliver_is_a_fraction(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(ValueError, match="fraction"):
        _polling(_Runtime(lambda seqs: None), tmp_path, [], redeliver=1.5)


def test_wait_quiet_returns_once_everything_written_before_it_is_delivered(tmp_path: Path) -> None:
    """A running poller: the wait ends only after the records already in the shard were delivered."""
    runtime = _Runtime(lambda seqs: None)
    # Polls an hour apart: only the wait's own pokes make it poll again in time.
    poller = _polling(runtime, tmp_path, [[_record(1)], [_record(2), _record(3)]], 0.0, interval=3600)
    poller.start()
    try:
        assert wait_quiet([poller], timeout=30)
        assert runtime.batches == [["1"], ["2", "3"]]
    finally:
        poller.stop()
        poller.join(timeout=5)


def test_wait_quiet_says_so_when_the_streams_are_not_quiet_in_time(tmp_path: Path) -> None:
    """Records wait in the shard and nobody polls (the poller is not running): not quiet in time.
    A timeout of 0 tests the answer without waiting on the clock."""
    runtime = _Runtime(lambda seqs: None)
    poller = _polling(runtime, tmp_path, [[_record(1)]], redeliver=0.0)
    assert not wait_quiet([poller], timeout=0)
    assert runtime.batches == []


class _RollingStream:
    """A stream whose first shard closes after one page (no NextShardIterator, as DynamoDB answers for
    a closed shard); its child appears on the second look, with one page of its own."""

    def __init__(self) -> None:
        self.described = 0
        self.pages = {"it-s1": [[_record(1)]], "it-s2": [[_record(2)]]}

    def describe_stream(self, StreamArn: str) -> dict[str, Any]:
        self.described += 1
        shards = [{"ShardId": "s1"}]
        if self.described > 2:
            shards.append({"ShardId": "s2", "ParentShardId": "s1"})
        return {"StreamDescription": {"Shards": shards}}

    def get_shard_iterator(self, StreamArn: str, ShardId: str, ShardIteratorType: str) -> dict[str, Any]:
        assert ShardIteratorType == "TRIM_HORIZON"
        return {"ShardIterator": f"it-{ShardId}"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        pages = self.pages[ShardIterator.split("#", maxsplit=1)[0]]
        if pages:
            return {"NextShardIterator": f"{ShardIterator}#", "Records": pages.pop(0)}
        if ShardIterator.startswith("it-s1"):
            return {"Records": []}  # closed: read to its end
        return {"NextShardIterator": ShardIterator, "Records": []}


def test_a_closed_shard_is_followed_by_its_child(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: None)
    mapping = StreamMappingSpec("M", "T", "Fn", 10, 2, False, True, "TRIM_HORIZON", True)
    poller = StreamPoller(mapping, "arn", "http://unused", runtime, tmp_path, streams_client=_RollingStream())  # type: ignore[arg-type]
    for _ in range(6):
        poller.poll_once()
    assert runtime.batches == [["1"], ["2"]]
    assert poller.status()["records"] == 2


class _StaleError(Exception):
    """What botocore raises for a refused iterator (only its `response` is read)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


class _StaleAfterEmpty:
    """DynamoDB Local's way: an iterator read while the shard was empty is refused once records
    arrive, and so is every iterator handed out before the last record; a new one is honoured."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.opened: list[tuple[str, str | None]] = []

    def describe_stream(self, StreamArn: str) -> dict[str, Any]:
        return {"StreamDescription": {"Shards": [{"ShardId": "s1"}]}}

    def get_shard_iterator(
        self, ShardIteratorType: str, SequenceNumber: str | None = None, **_: Any
    ) -> dict[str, Any]:
        self.opened.append((ShardIteratorType, SequenceNumber))
        start = 0 if SequenceNumber is None else int(SequenceNumber)
        return {"ShardIterator": f"{start}@{len(self.records)}"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        start, known = (int(part) for part in ShardIterator.split("@"))
        if known < len(self.records):
            raise _StaleError("TrimmedDataAccessException")
        page = [r for r in self.records if int(r["dynamodb"]["SequenceNumber"]) > start]
        end = int(page[-1]["dynamodb"]["SequenceNumber"]) if page else start
        return {"NextShardIterator": f"{end}@{len(self.records)}", "Records": page}


def test_a_refused_iterator_is_reopened_after_the_last_record_read(tmp_path: Path) -> None:
    runtime = _Runtime(lambda seqs: None)
    streams = _StaleAfterEmpty()
    mapping = StreamMappingSpec("M", "T", "Fn", 10, 2, False, True, "TRIM_HORIZON", True)
    poller = StreamPoller(mapping, "arn", "http://unused", runtime, tmp_path, streams_client=streams)  # type: ignore[arg-type]
    poller.poll_once()  # the shard is empty
    streams.records.append(_record(1))
    poller.poll_once()
    streams.records += [_record(2), _record(3)]
    poller.poll_once()
    poller.poll_once()
    assert runtime.batches == [["1"], ["2", "3"]]  # each record once, none lost
    assert streams.opened == [("TRIM_HORIZON", None), ("TRIM_HORIZON", None), ("AFTER_SEQUENCE_NUMBER", "1")]
