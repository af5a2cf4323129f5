"""Auto-share in the integration tier: a member opted in through the API, the poster's queue read as
Lambda's event source would (moto's SQS, with its visibility and redrive), and the poster invoked with
the test's clock and the fake networks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import boto3
import pytest

from advocacy.services import connections
from tests.support.events import FakeContext
from tests.support.mocked import AUTOSHARE_QUEUE_URL, Env

DLQ_NAME = "it-autoshare-dlq"


def connected_everywhere(
    monkeypatch: pytest.MonkeyPatch, networks: tuple[str, ...] = ("linkedin", "x")
) -> None:
    """The members' accounts as preferences see them: connected to `networks`."""

    def listing(org_id: str, member_id: str, now: datetime) -> list[connections.ConnectionStatus]:
        return [
            connections.ConnectionStatus(n, True, connected=n in networks, needs_reconnect=False)
            for n in ("linkedin", "x")
        ]

    monkeypatch.setattr(connections, "listing", listing)


def opt_in(aws: Env, who: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "enabled": True,
        "networks": ["linkedin", "x"],
        "scope": "all",
        "group_ids": [],
        "daily_cap": 1,
        "window": {"start": "09:00", "end": "17:00"},
        **fields,
    }
    r = aws.call("PUT", "/me/auto-share", who=who, body=body)
    assert r.status == 200, r.body
    return dict(r.body)


@dataclass
class Poster:
    """The poster function at the test's clock; `delays` are the visibility changes it asked for."""

    monkeypatch: pytest.MonkeyPatch
    now: datetime
    delays: list[int] = field(default_factory=list)

    def configure(self, base: str) -> None:
        from advocacy.api import deps
        from advocacy.handlers import poster
        from advocacy.store import autoshare_queue

        providers = deps.settings().providers
        config = replace(
            poster.settings,
            providers=providers,
            public_base_url="https://go.acme.test",
            autoshare_queue_url=AUTOSHARE_QUEUE_URL,
            autoshare_max_receives=3,
        )
        self.monkeypatch.setattr(poster, "settings", config)
        self.monkeypatch.setattr(poster, "clock", lambda: self.now)
        real = autoshare_queue.delay

        def delay(queue_url: str, receipt: str, seconds: int) -> None:
            self.delays.append(seconds)
            real(queue_url, receipt, seconds)

        self.monkeypatch.setattr(autoshare_queue, "delay", delay)

    def receive(self, count: int = 10) -> list[dict[str, Any]]:
        """Up to `count` visible messages, as the event source mapping would take them."""
        sqs = boto3.client("sqs")
        answer = sqs.receive_message(
            QueueUrl=AUTOSHARE_QUEUE_URL, MaxNumberOfMessages=count, AttributeNames=["All"]
        )
        return list(answer.get("Messages", []))

    def run(self, messages: list[dict[str, Any]], waited: bool = True) -> dict[str, Any]:
        """One invocation with these messages; deletes the ones it succeeded with (as Lambda does).
        `waited`: the wait asked for a failed one has passed (it is visible again)."""
        from advocacy.handlers import poster

        records = [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:it-autoshare",
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
        answer = dict(poster.handler({"Records": records}, FakeContext("poster")))
        failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
        sqs = boto3.client("sqs")
        for m in messages:
            if m["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=AUTOSHARE_QUEUE_URL, ReceiptHandle=m["ReceiptHandle"])
            elif waited:
                sqs.change_message_visibility(
                    QueueUrl=AUTOSHARE_QUEUE_URL, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0
                )
        return answer

    def drain(self) -> dict[str, Any]:
        return self.run(self.receive())


def dead_letters() -> list[dict[str, Any]]:
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=DLQ_NAME)["QueueUrl"]
    return list(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))
