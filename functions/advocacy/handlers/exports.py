"""Entry point of the exports function: the exports table's stream (new pending exports, and exports
handed over by an invocation that ran short of time), one record per invocation, partial batch
responses so a failed build is retried by the event source mapping."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.handlers import started
from advocacy.observability import logger, metrics
from advocacy.services import exports
from advocacy.settings import Settings
from advocacy.store import tables

settings = Settings.from_env(
    (
        "SHARES_TABLE",
        "MEMBERS_TABLE",
        "CONTENT_TABLE",
        "EXPORTS_TABLE",
        # a member's own data (decision 87)
        "ORGS_TABLE",
        "CLICKS_TABLE",
        "LEDGER_TABLE",
        "SCORES_TABLE",
        "REWARDS_TABLE",
        "CONTESTS_TABLE",
        "SUGGESTIONS_TABLE",
        "CONNECTIONS_TABLE",
        "LINKS_TABLE",  # the text a share went out with is kept on its link
    ),
    needs_exports_bucket=True,
)
tables.bind(settings.tables)
# A failed build is reported (ReportBatchItemFailures) for the mapping to retry, not raised as a crash.
processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=_record, processor=processor, context=context)


def _record(record: DynamoDBRecord, lambda_context: LambdaContext) -> None:
    change = record.dynamodb
    image = change.new_image if change is not None else {}  # plain values (numbers are Decimal)
    if image.get("status") != "pending":
        return  # the mapping's filter sends only pending exports; anything else is not ours
    export_id = str(image["export_id"])
    outcome = exports.build(
        str(image["org_id"]),
        export_id,
        int(image.get("run", 0)),
        settings.exports_bucket,
        lambda_context.get_remaining_time_in_millis,
    )
    logger.info("export run", extra={"export_id": export_id, "outcome": outcome})


started()
