"""Dead-letter queues: encrypted, TLS-only, kept 14 days so a failure can be inspected and replayed."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.nag import acknowledge


def dead_letter_queue(scope: Construct, construct_id: str, *, purpose: str, retain: bool) -> sqs.Queue:
    """A DLQ is the end of the line: it needs no DLQ of its own (AwsSolutions-SQS3 acknowledged)."""
    queue = sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=Duration.days(14),
        removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
    )
    acknowledge(
        queue,
        "SQS3",
        f"This queue is itself the dead-letter queue for {purpose}; an alarm fires on its first message.",
    )
    return queue
