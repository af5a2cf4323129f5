"""What each table change sets off. Every effect is safe to repeat: a redelivered record is a no-op."""

from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from advocacy.observability import logger
from advocacy.store import members
from advocacy.store.groups import GROUP_PREFIX


def handle_record(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    if change is None:
        return
    keys = change.keys or {}
    sk = str(keys.get("sk", ""))
    if record.event_name == DynamoDBRecordEventName.REMOVE and sk.startswith(GROUP_PREFIX):
        org_id, group_id = str(keys["org_id"]), sk.removeprefix(GROUP_PREFIX)
        changed = members.leave_deleted_group(org_id, group_id)
        logger.info("deleted group left by its members", extra={"group_id": group_id, "members": changed})
