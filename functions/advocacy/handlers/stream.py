"""Entry point of the stream function: side effects of table changes, with partial batch responses."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.handlers import started
from advocacy.observability import logger, metrics
from advocacy.settings import Settings
from advocacy.store import tables
from advocacy.streams import Batch

settings = Settings.from_env(
    (
        "ORGS_TABLE",
        "MEMBERS_TABLE",
        "CONTENT_TABLE",
        "SHARES_TABLE",
        "CLICKS_TABLE",
        "LEDGER_TABLE",
        "SCORES_TABLE",
        "ANALYTICS_TABLE",  # a click's counters on its content's stats item
    )
)
tables.bind(settings.tables)
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    batch = Batch()
    return process_partial_response(
        event=event, record_handler=batch.handle, processor=processor, context=context
    )


started()
