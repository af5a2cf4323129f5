"""Auto-share's queue: the dispatch job sends due auto-posts to it, the poster function consumes it.

Encrypted (SSE-SQS), TLS only, with its own dead-letter queue after `MAX_RECEIVES` deliveries (the
poster fails the auto-post on the last one, so a message there is only for inspection; the
observability construct alarms on it). The poster reports partial batch failures, and a post a
network asked to wait for changes its own message's visibility; the event source mapping's maximum
concurrency keeps at most two posters calling the networks at once (decision 81)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.queues import dead_letter_queue
from infra.scan import skip

MAX_RECEIVES = 5  # the poster's AUTOSHARE_MAX_RECEIVES: the same number
BATCH_SIZE = 5
MAX_CONCURRENCY = 2  # the smallest an SQS event source allows


class AutoShare(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        jobs: lambda_.Function,
        poster: lambda_.Function,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dlq: sqs.Queue = dead_letter_queue(
            self, "DeadLetterQueue", purpose="the auto-share queue", retain=config.is_prod
        )
        self.queue = sqs.Queue(
            self,
            "Queue",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            # Six times the poster's timeout, as AWS advises for a Lambda event source.
            visibility_timeout=Duration.seconds(poster.timeout.to_seconds() * 6)
            if poster.timeout
            else Duration.minutes(6),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dlq, max_receive_count=MAX_RECEIVES),
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        skip(
            self.queue,
            "CKV_AWS_27",
            "Encrypted with SQS-managed keys (SqsManagedSseEnabled), which this check does not read; a "
            "message names an auto-post (org and key), never a token or a post's text.",
        )
        self.queue.grant_send_messages(jobs)
        jobs.add_environment("AUTOSHARE_QUEUE_URL", self.queue.queue_url)
        poster.add_environment("AUTOSHARE_QUEUE_URL", self.queue.queue_url)
        poster.add_environment("AUTOSHARE_MAX_RECEIVES", str(MAX_RECEIVES))
        # The event source grants receive, delete and change visibility on this queue only.
        poster.add_event_source(
            sources.SqsEventSource(
                self.queue,
                batch_size=BATCH_SIZE,
                report_batch_item_failures=True,
                max_concurrency=MAX_CONCURRENCY,
            )
        )
