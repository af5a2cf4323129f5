"""What each table change sets off. Every effect is safe to repeat: a redelivered record is a no-op."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from advocacy.observability import logger, metrics
from advocacy.store import clicks, members, orgs
from advocacy.store.boards import award_boards
from advocacy.store.groups import GROUP_PREFIX
from advocacy.store.models import plain


def handle_record(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    if change is None:
        return
    keys = change.keys or {}
    if "link" in keys:
        if record.event_name == DynamoDBRecordEventName.INSERT and str(keys.get("sk", "")).startswith(
            clicks.CLICK_PREFIX
        ):
            _click(record)
        return
    sk = str(keys.get("sk", ""))
    if record.event_name == DynamoDBRecordEventName.REMOVE and sk.startswith(GROUP_PREFIX):
        org_id, group_id = str(keys["org_id"]), sk.removeprefix(GROUP_PREFIX)
        changed = members.leave_deleted_group(org_id, group_id)
        logger.info("deleted group left by its members", extra={"group_id": group_id, "members": changed})


def _click(record: DynamoDBRecord) -> None:
    click = clicks.Click.from_image(record.raw_event["dynamodb"]["NewImage"])
    org = orgs.get_org(click.link.org_id)
    rules = plain(org.point_rules)
    outcome = clicks.apply(
        click,
        clicks.Rules(
            points_per_click=int(rules.get("click", 0)),
            daily_cap=int(rules.get("click_daily_cap_per_share", 0)),
            timezone=org.timezone,
        ),
        award_boards(org, click.at),
    )
    if outcome.applied:
        metrics.add_metric(name="ClickCounted", unit=MetricUnit.Count, value=1)
        if outcome.unique:
            metrics.add_metric(name="UniqueClick", unit=MetricUnit.Count, value=1)
