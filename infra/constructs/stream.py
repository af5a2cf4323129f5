"""Table streams feed the stream function: partial batch failures, bisect, bounded retries.

The orgs stream carries group deletions; the clicks stream carries click events (new `click#`
items only: visitor marks and day counters written by the function itself are filtered out).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.queues import dead_letter_queue
from infra.nag import acknowledge

BATCH_SIZE = 100
RETRY_ATTEMPTS = 5
# Records older than this are dropped, not retried: the rollups job recomputes a day once after (decision 99).
MAX_RECORD_AGE = Duration.days(1)
# Batches of one stream shard processed at once. Records with the same key (one link's clicks) stay in
# order, one after another; other links' clicks of the shard go on beside them (docs/scale.md).
PARALLELIZATION = 10

# Which records each streamed table sends (None: all of them).
FILTERS: dict[str, list[Mapping[str, Any]] | None] = {
    "ORGS_TABLE": None,
    "CLICKS_TABLE": [
        lambda_.FilterCriteria.filter(
            {
                "eventName": lambda_.FilterRule.is_equal("INSERT"),
                "dynamodb": {"Keys": {"sk": {"S": lambda_.FilterRule.begins_with("click#")}}},
            }
        )
    ],
}


class StreamProcessing(Construct):
    """A record that still fails after retries is sent (as a pointer) to the on-failure queue."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        tables: Mapping[str, dynamodb.ITable],
        function: lambda_.Function,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dlq: sqs.Queue = dead_letter_queue(
            self, "OnFailureQueue", purpose="the stream event source mapping", retain=config.is_prod
        )
        for env_name, table in tables.items():
            function.add_event_source(
                sources.DynamoEventSource(
                    table,
                    starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                    batch_size=BATCH_SIZE,
                    parallelization_factor=PARALLELIZATION,
                    max_batching_window=Duration.seconds(1),
                    bisect_batch_on_error=True,
                    report_batch_item_failures=True,
                    retry_attempts=RETRY_ATTEMPTS,
                    max_record_age=MAX_RECORD_AGE,
                    on_failure=sources.SqsDlq(self.dlq),
                    filters=FILTERS[env_name],
                )
            )
        if function.role is not None:
            acknowledge(
                function.role.node.find_child("DefaultPolicy"),
                "IAM5[Resource::*]",
                "dynamodb:ListStreams cannot be scoped to a resource (IAM requires '*'); the record "
                "reads (GetRecords, GetShardIterator, DescribeStream) are scoped to the streamed tables' stream ARNs.",
            )
