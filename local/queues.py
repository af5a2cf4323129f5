"""The template's SQS queues in moto, and their event source mappings to functions.

Each queue is made with its visibility timeout and redrive policy (dead-letter queues first), so moto
keeps SQS's own rules: a message a function reported failed comes back once its visibility has
passed (the poster changes it to the network's wait), and after `maxReceiveCount` deliveries it moves
to the dead-letter queue. A `QueuePoller` does what Lambda's SQS poller does: receive a batch, invoke
the function with the SQS event, delete the messages it did not report failed (all of them kept when
it raised)."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from local.aws import REGION, client
from local.intrinsics import Resolver
from local.lambdas import FunctionError, LambdaRuntime
from local.template import ACCOUNT_ID, QueueMappingSpec, StackSpec

log = logging.getLogger("local.queues")


def queue_name(logical_id: str) -> str:
    return f"advocacy-local-{logical_id}"[:80]


def create_queues(endpoint_url: str, spec: StackSpec, resolve: Resolver) -> dict[str, str]:
    """Every queue of the template; their URLs by logical id. Queues with a redrive policy last, since
    it names another queue's ARN (which is known before: ARNs are made from the names)."""
    sqs = client("sqs", endpoint_url)
    urls = {}
    for lid in sorted(spec.queues, key=lambda q: "RedrivePolicy" in spec.queue_props.get(q, {})):
        props = spec.queue_props.get(lid, {})
        attributes = {}
        if "VisibilityTimeout" in props:
            attributes["VisibilityTimeout"] = str(props["VisibilityTimeout"])
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(resolve(props["RedrivePolicy"]))
        urls[lid] = sqs.create_queue(QueueName=queue_name(lid), Attributes=attributes)["QueueUrl"]
    return urls


def queue_arn(logical_id: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{queue_name(logical_id)}"


class QueuePoller(threading.Thread):
    """One SQS event source mapping: the queue's visible messages to the function, a batch at a time."""

    def __init__(
        self,
        mapping: QueueMappingSpec,
        queue_url: str,
        endpoint_url: str,
        runtime: LambdaRuntime,
        poll_interval_s: float = 0.5,
    ) -> None:
        super().__init__(name=f"queue-{mapping.logical_id}", daemon=True)
        self.mapping = mapping
        self.queue_url = queue_url
        self._sqs = client("sqs", endpoint_url)
        self._runtime = runtime
        self._interval = poll_interval_s
        self._stop_event = threading.Event()
        self.delivered = 0

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                if not self.poll_once():
                    self._stop_event.wait(self._interval)
            except Exception:
                log.exception("queue poller %s failed; polling again", self.mapping.logical_id)
                self._stop_event.wait(self._interval)

    def poll_once(self) -> bool:
        """One batch; False when the queue had nothing visible."""
        answer = self._sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=min(self.mapping.batch_size, 10),
            AttributeNames=["All"],
        )
        messages = answer.get("Messages", [])
        if not messages:
            return False
        event = {"Records": [self._record(m) for m in messages]}
        try:
            result = self._runtime.invoke(self.mapping.function_id, event)
        except FunctionError:
            return True  # every message comes back after its visibility timeout, as in Lambda
        failed = set()
        if self.mapping.report_item_failures and isinstance(result, dict):
            failed = {f.get("itemIdentifier") for f in result.get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] not in failed:
                self._sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        self.delivered += len(messages)
        return True

    def _record(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": {},
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": queue_arn(self.mapping.queue_id),
            "awsRegion": REGION,
        }
