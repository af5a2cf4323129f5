"""What each table change sets off. Every effect is safe to repeat: a redelivered record is a no-op.

The records of one delivery are handled by one `Batch`, which reads each org once for all its clicks
(its point rules, time zone and running contests), not once per click.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from advocacy.observability import logger, metrics
from advocacy.services import clicks
from advocacy.services.members import get_org
from advocacy.store import click_records, member_records
from advocacy.store.groups import GROUP_PREFIX
from advocacy.store.models import OrgModel


class Batch:
    """One delivery of stream records, handled in order by `handle`."""

    def __init__(self) -> None:
        self._orgs: dict[str, OrgModel] = {}

    def org(self, org_id: str) -> OrgModel:
        """The org as first read in this batch: a batch spans moments, and a click is applied with
        the rules in force when it is processed, not when it was made, either way."""
        if org_id not in self._orgs:
            self._orgs[org_id] = get_org(org_id)
        return self._orgs[org_id]

    def handle(self, record: DynamoDBRecord) -> None:
        handle_record(record, self)


def handle_record(record: DynamoDBRecord, batch: Batch) -> None:
    change = record.dynamodb
    if change is None:
        return
    keys = change.keys or {}
    if "link" in keys:
        if record.event_name == DynamoDBRecordEventName.INSERT and str(keys.get("sk", "")).startswith(
            click_records.CLICK_PREFIX
        ):
            _click(record, batch)
        return
    sk = str(keys.get("sk", ""))
    if record.event_name == DynamoDBRecordEventName.REMOVE and sk.startswith(GROUP_PREFIX):
        org_id, group_id = str(keys["org_id"]), sk.removeprefix(GROUP_PREFIX)
        changed = member_records.leave_deleted_group(org_id, group_id)
        logger.info("deleted group left by its members", extra={"group_id": group_id, "members": changed})


def _click(record: DynamoDBRecord, batch: Batch) -> None:
    click = click_records.Click.from_image(record.raw_event["dynamodb"]["NewImage"])
    outcome = clicks.apply(click, batch.org(click.link.org_id))
    if outcome.applied:
        metrics.add_metric(name="ClickCounted", unit=MetricUnit.Count, value=1)
        if outcome.unique:
            metrics.add_metric(name="UniqueClick", unit=MetricUnit.Count, value=1)
