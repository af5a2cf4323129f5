"""The poster's SQS queue: auto-posts handed over by the dispatch job, and a message put back for later.

A message names the auto-post (`{"org_id", "sk"}`) and nothing else: the poster reads the rest, so a
message that waited or was delivered again never acts on stale data."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from advocacy.store.clients import client

SQS_BATCH = 10


@cache
def _sqs() -> Any:
    return client("sqs")


def forget_client() -> None:
    """A new endpoint (tests, each with its own mocked account)."""
    _sqs.cache_clear()


def send(queue_url: str, bodies: list[dict[str, str]]) -> dict[str, str]:
    """Send each body (batches of 10); the ones SQS refused, by `sk`, with its error code."""
    refused: dict[str, str] = {}
    for start in range(0, len(bodies), SQS_BATCH):
        chunk = bodies[start : start + SQS_BATCH]
        entries = [{"Id": str(i), "MessageBody": json.dumps(body)} for i, body in enumerate(chunk)]
        answer = _sqs().send_message_batch(QueueUrl=queue_url, Entries=entries)
        for failure in answer.get("Failed", []):
            refused[chunk[int(failure["Id"])]["sk"]] = str(failure.get("Code", "failed"))
    return refused


def delay(queue_url: str, receipt_handle: str, seconds: int) -> None:
    """Keep a message out of sight for `seconds` before it is delivered again (the network's wait)."""
    _sqs().change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=receipt_handle, VisibilityTimeout=seconds
    )
