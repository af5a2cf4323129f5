"""The local SQS event source: queues made as the template declares them, a batch delivered to the
function, what it did not report failed deleted, and moto's redrive after maxReceiveCount."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local.intrinsics import Resolver
from local.lambdas import FunctionError
from local.queues import QueuePoller, create_queues, queue_arn
from local.template import QueueMappingSpec, StackSpec


class Runtime:
    """Stands for the Lambda runtime: records each event, fails the messages whose body says so."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.raise_next = False

    def invoke(self, function_id: str, event: dict[str, Any]) -> Any:
        self.events.append(event)
        if self.raise_next:
            raise FunctionError("raised")
        failed = [r["messageId"] for r in event["Records"] if json.loads(r["body"]).get("fail")]
        return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}


@pytest.fixture
def queues(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        monkeypatch.setattr("local.queues.client", lambda service, _endpoint: boto3.client(service))
        spec = StackSpec(queues=["Work", "Dlq"])
        spec.queue_props = {
            "Work": {
                "VisibilityTimeout": 0,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]},
                    "maxReceiveCount": 2,
                },
            },
            "Dlq": {},
        }
        resolve = Resolver(
            "us-east-1", {}, {("Dlq", "Arn"): queue_arn("Dlq"), ("Work", "Arn"): queue_arn("Work")}
        )
        yield create_queues("http://unused", spec, resolve)


def _poller(url: str, runtime: Runtime) -> QueuePoller:
    mapping = QueueMappingSpec("Mapping", "Work", "Fn", 10, True, True)
    return QueuePoller(mapping, url, "http://unused", runtime)  # type: ignore[arg-type]


def test_a_batch_goes_to_the_function_and_only_what_it_reported_failed_comes_back(
    queues: dict[str, str],
) -> None:
    sqs = boto3.client("sqs")
    sqs.send_message(QueueUrl=queues["Work"], MessageBody=json.dumps({"n": 1}))
    sqs.send_message(QueueUrl=queues["Work"], MessageBody=json.dumps({"n": 2, "fail": True}))
    runtime = Runtime()
    poller = _poller(queues["Work"], runtime)
    assert poller.poll_once()
    [event] = runtime.events
    assert len(event["Records"]) == 2
    assert {r["eventSource"] for r in event["Records"]} == {"aws:sqs"}
    assert event["Records"][0]["attributes"]["ApproximateReceiveCount"] == "1"
    assert poller.poll_once()  # the failed one again (visibility 0 here)
    assert [json.loads(r["body"])["n"] for r in runtime.events[1]["Records"]] == [2]
    assert not poller.poll_once()  # its second receive was the last: moto moved it on
    dlq = sqs.receive_message(QueueUrl=queues["Dlq"]).get("Messages", [])
    assert [json.loads(m["Body"])["n"] for m in dlq] == [2]


def test_a_function_that_raises_keeps_the_whole_batch(queues: dict[str, str]) -> None:
    boto3.client("sqs").send_message(QueueUrl=queues["Work"], MessageBody="{}")
    runtime = Runtime()
    runtime.raise_next = True
    poller = _poller(queues["Work"], runtime)
    assert poller.poll_once()
    runtime.raise_next = False
    assert poller.poll_once()
    assert len(runtime.events) == 2
    assert not poller.poll_once()
