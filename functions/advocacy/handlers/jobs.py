"""Entry point of the scheduled jobs: the EventBridge event names the job and its `time` is "now"."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.handlers import started
from advocacy.jobs import run_job, scheduled_time
from advocacy.observability import logger, metrics
from advocacy.settings import Settings
from advocacy.store import tables

settings = Settings.from_env(
    (
        "ORGS_TABLE",
        "MEMBERS_TABLE",
        "CONTENT_TABLE",
        "LEDGER_TABLE",
        "SCORES_TABLE",
        "BOARDS_TABLE",
        "REWARDS_TABLE",
        "CONTESTS_TABLE",
        "CONNECTIONS_TABLE",
        "SHARES_TABLE",
        "CLICKS_TABLE",
        "ANALYTICS_TABLE",
    ),
    needs_digest_sender=True,
    needs_autoshare_queue=True,
)
tables.bind(settings.tables)


@logger.inject_lambda_context(correlation_id_path="id")
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    scheduled = EventBridgeEvent(event)
    detail = scheduled.get("detail") or {}  # (`scheduled.detail` would raise on an event without one)
    return run_job(str(detail.get("job", "")), scheduled_time(event), context.get_remaining_time_in_millis)


started()
