"""Outgoing mail through SES (one client per container)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

from advocacy.store.identity import BOTO_CONFIG


@cache
def _client() -> Any:
    return boto3.client("ses", config=BOTO_CONFIG)


def send(sender: str, to: str, subject: str, text: str) -> str:
    """Send a plain-text mail; returns SES's message id."""
    response = _client().send_email(
        Source=sender,
        Destination={"ToAddresses": [to]},
        Message={
            "Subject": {"Data": subject, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": text, "Charset": "UTF-8"}},
        },
    )
    return str(response["MessageId"])
