"""A cancelled transaction changes nothing, and leaves a streamed table's stream readable by an
iterator opened before it (the local stack's poller keeps one open for as long as it runs).

Regression: moto undid a cancelled transaction by putting back deep copies of every table it touched,
so the table, and with it the stream shard, became a new object; the poller's iterator kept reading
the old shard and never saw another record. The load bench found it: after the first redelivered
click batch (whose transaction is cancelled, as a replay must be), no click was applied any more.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from local.moto_isolation import isolate_requests

TABLE = "it-rollback"


@pytest.fixture
def ddb() -> Any:
    isolate_requests()  # as the local stack and the integration conftest do
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield client


class _Reader:
    """One shard iterator, followed from record to record as a poller does."""

    def __init__(self, ddb: Any) -> None:
        self.streams = boto3.client(
            "dynamodbstreams", region_name="us-east-1", config=Config(account_id_endpoint_mode="disabled")
        )
        arn = ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.iterator = self.streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]

    def read(self) -> list[tuple[str, str]]:
        response = self.streams.get_records(ShardIterator=self.iterator, Limit=100)
        self.iterator = response["NextShardIterator"]
        return [(r["eventName"], r["dynamodb"]["Keys"]["sk"]["S"]) for r in response["Records"]]


def _item(ddb: Any, sk: str) -> dict[str, Any] | None:
    found = ddb.get_item(TableName=TABLE, Key={"pk": {"S": "p"}, "sk": {"S": sk}}, ConsistentRead=True)
    return found.get("Item")


def test_cancelled_transaction_changes_nothing_and_the_stream_goes_on(ddb: Any) -> None:
    reader = _Reader(ddb)
    ddb.put_item(TableName=TABLE, Item={"pk": {"S": "p"}, "sk": {"S": "a"}, "n": {"N": "1"}})
    assert reader.read() == [("INSERT", "a")]

    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "p"}, "sk": {"S": "b"}}}},
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "p"}, "sk": {"S": "a"}},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "p"}, "sk": {"S": "z"}},
                        "ConditionExpression": "attribute_exists(sk)",
                    }
                },
            ]
        )
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _item(ddb, "b") is None
    assert _item(ddb, "a") == {"pk": {"S": "p"}, "sk": {"S": "a"}, "n": {"N": "1"}}

    ddb.put_item(TableName=TABLE, Item={"pk": {"S": "p"}, "sk": {"S": "c"}})
    # The same iterator sees the next write, and nothing of the cancelled transaction.
    assert reader.read() == [("INSERT", "c")]


def test_committed_transaction_is_streamed(ddb: Any) -> None:
    reader = _Reader(ddb)
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "p"}, "sk": {"S": "a"}}}},
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "p"}, "sk": {"S": "b"}}}},
        ]
    )
    assert reader.read() == [("INSERT", "a"), ("INSERT", "b")]
