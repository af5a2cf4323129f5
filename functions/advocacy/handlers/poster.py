"""Entry point of the poster function: auto-posts from the queue, with partial batch responses.

A message the network asked to wait for is put back with that wait (its visibility changed) and
reported failed, so only it is delivered again; on the queue's last allowed delivery the auto-post
fails with the reason and the message goes on to the dead-letter queue (decision 81)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.handlers import started
from advocacy.observability import logger, metrics
from advocacy.services import autopost, connection_settings, posting
from advocacy.settings import SHARE_TABLES, Settings
from advocacy.store import autoshare_queue, tables

settings = Settings.from_env(
    (*SHARE_TABLES, "CONNECTIONS_TABLE"),
    needs_autoshare_queue=True,
)
tables.bind(settings.tables)
connection_settings.configure(settings)
# A batch whose every message must wait is still a partial answer (each message its own visibility),
# not an error that would make the whole batch visible again at once.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def endpoints(config: Settings) -> dict[str, posting.Endpoint]:
    return {
        n: posting.Endpoint(p.api_base, config.public_base_url, config.linkedin_version)
        for n, p in config.providers.items()
    }


def clock() -> datetime:
    """The time a post is made at (tests replace it with theirs)."""
    return datetime.now(UTC)


def post_one(record: SQSRecord, config: Settings | None = None) -> str:
    config = config or settings
    body: dict[str, Any] = json.loads(record.body)
    receives = int(record.attributes.approximate_receive_count or 1)
    now = clock()
    org_id, sk = str(body["org_id"]), str(body["sk"])
    last = receives >= config.autoshare_max_receives
    try:
        return autopost.deliver(org_id, sk, receives, now, endpoints(config))
    except autopost.Later as later:
        if last:
            autopost.give_up(org_id, sk, later.reason, now)
        else:
            autoshare_queue.delay(config.autoshare_queue_url, record.receipt_handle, later.seconds)
        raise
    except Exception:
        if last:  # failing on every delivery (DynamoDB down, a bug): say so before the DLQ takes it
            autopost.give_up(org_id, sk, "error", now)
        raise


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=post_one, processor=processor, context=context
    )


started()
