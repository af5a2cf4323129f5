"""Export builds: the exports table's stream feeds the exports function, one record per invocation.

Only pending exports pass the filter: a new export (INSERT) and one handed over to a new invocation
by a build that ran short of time (MODIFY back to pending). The builder's own progress writes
(building, checkpoints, ready, failed) and TTL deletions never invoke it. A failed build is retried a
bounded number of times (the builder gives up on its third claim of a run) and then goes to the
on-failure queue, which alarms.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.queues import dead_letter_queue
from infra.nag import acknowledge

BATCH_SIZE = 1  # one export per invocation: each may use the function's whole 15 minutes
RETRY_ATTEMPTS = 2  # with the first delivery, the builder's MAX_ATTEMPTS (advocacy/exports.py)

FILTERS = [
    lambda_.FilterCriteria.filter(
        {
            "eventName": lambda_.FilterRule.or_("INSERT", "MODIFY"),
            "dynamodb": {"NewImage": {"status": {"S": lambda_.FilterRule.is_equal("pending")}}},
        }
    )
]


class ExportBuilds(Construct):
    """The event source mapping from the exports table's stream to the exports function."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        table: dynamodb.ITable,
        function: lambda_.Function,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dlq: sqs.Queue = dead_letter_queue(
            self, "OnFailureQueue", purpose="the export builds' event source mapping", retain=config.is_prod
        )
        function.add_event_source(
            sources.DynamoEventSource(
                table,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=BATCH_SIZE,
                bisect_batch_on_error=True,
                report_batch_item_failures=True,
                retry_attempts=RETRY_ATTEMPTS,
                max_record_age=Duration.days(1),
                on_failure=sources.SqsDlq(self.dlq),
                filters=FILTERS,
            )
        )
        if function.role is not None:
            acknowledge(
                function.role.node.find_child("DefaultPolicy"),
                "IAM5[Resource::*]",
                "dynamodb:ListStreams cannot be scoped to a resource (IAM requires '*'); the record "
                "reads (GetRecords, GetShardIterator, DescribeStream) are scoped to the exports table's stream ARN.",
            )
