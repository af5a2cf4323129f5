"""Dead-letter queues: encrypted, TLS-only, kept 14 days so a failure can be inspected and replayed."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.nag import acknowledge
from infra.scan import skip


def dead_letter_queue(scope: Construct, construct_id: str, *, purpose: str, retain: bool) -> sqs.Queue:
    """A DLQ is the end of the line: it needs no DLQ of its own (AwsSolutions-SQS3 acknowledged).

    Its encryption is stated in the template (SSE-SQS); checkov's CKV_AWS_27 counts only KMS keys.
    """
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
    skip(
        queue,
        "CKV_AWS_27",
        "Encrypted with SQS-managed keys (SqsManagedSseEnabled), which this check does not read; an "
        "AWS-managed KMS key cannot be granted to EventBridge, which delivers the jobs' failed events.",
    )
    return queue
