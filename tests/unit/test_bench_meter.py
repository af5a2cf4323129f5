"""`bench.meter`'s item sizes, as DynamoDB bills them."""

from __future__ import annotations

import base64

from bench.meter import value_size


def test_a_binary_value_counts_its_bytes_whether_sent_as_base64_or_parsed_as_bytes() -> None:
    """A request's JSON body (what the meters read for writes) carries a binary value as base64 text;
    botocore parses an answer's into bytes. DynamoDB bills the bytes."""
    raw = bytes(range(256)) * 12  # 3,072 bytes, 4,096 characters of base64
    text = base64.b64encode(raw).decode()
    assert value_size({"B": raw}) == value_size({"B": text}) == 3_072
    assert value_size({"BS": [text, raw[:10]]}) == 3_082
