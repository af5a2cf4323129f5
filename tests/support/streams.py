"""Feeds DynamoDB stream records to a stream handler, the way an event source mapping would."""

from __future__ import annotations

import importlib
from typing import Any

import boto3
from botocore.config import Config

from tests.support.events import FakeContext


class StreamPump:
    """Reads each table's stream from where it last stopped and hands new records to the handler."""

    def __init__(
        self, table_names: list[str], handler: str = "stream", batch_size: int | None = None
    ) -> None:
        self.table_names = table_names
        self.handler = handler  # the module in advocacy.handlers
        self.batch_size = batch_size  # records per invocation (None: every new record at once)
        self.seen: set[tuple[str, str]] = set()  # (stream, sequence): each stream numbers its own

    def records(self) -> list[dict[str, Any]]:
        ddb = boto3.client("dynamodb")
        # moto's in-process mock knows the classic streams endpoint, not the account-based one.
        streams = boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
        found: list[dict[str, Any]] = []
        for name in self.table_names:
            arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
            for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
                iterator = streams.get_shard_iterator(
                    StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
                while iterator:  # every page of the shard, not only its first 1,000 records
                    page = streams.get_records(ShardIterator=iterator, Limit=1000)
                    for record in page["Records"]:
                        sequence = (arn, record["dynamodb"]["SequenceNumber"])
                        if sequence not in self.seen:
                            self.seen.add(sequence)
                            found.append({**record, "eventSourceARN": arn})
                    iterator = page.get("NextShardIterator") if page["Records"] else None
        return found

    def drain(self, replay: bool = False) -> list[dict[str, Any]]:
        """Deliver every new record (and, with `replay`, deliver the same batch a second time)."""
        module = importlib.import_module(f"advocacy.handlers.{self.handler}")
        records = self.records()
        size = self.batch_size or len(records)
        for start in range(0, len(records), max(size, 1)):
            batch = records[start : start + size]
            for _ in range(2 if replay else 1):
                result = module.handler({"Records": batch}, FakeContext(self.handler))
                assert result == {"batchItemFailures": []}, result
        return records
