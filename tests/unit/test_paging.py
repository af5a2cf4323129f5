from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.errors import ValidationFailed
from advocacy.store import paging

KEYS = {"org_id", "member_id"}


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_round_trip(org_id: str, member_id: str) -> None:
    key = {"org_id": {"S": org_id}, "member_id": {"S": member_id}}
    cursor = paging.encode(key)
    assert cursor is not None
    assert paging.decode(cursor, org_id, KEYS) == key


def test_no_key_means_no_cursor() -> None:
    assert paging.encode(None) is None
    assert paging.decode(None, "o", KEYS) is None


def _cursor(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        "bm90IGpzb24",
        _cursor([1, 2]),
        _cursor({"org_id": {"S": "o"}}),
        _cursor({"org_id": {"S": "o"}, "member_id": {"N": "1"}}),
        _cursor({"org_id": {"S": "other"}, "member_id": {"S": "m"}}),
        "A" * 5000,
    ],
)
def test_tampered_cursors_are_rejected(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        paging.decode(cursor, "o", KEYS)
    assert info.value.details[0].field == "cursor"


@pytest.mark.parametrize(
    "value",
    ["", "x" * 1025, "é" * 513, "\ud800"],  # empty, over 1,024 bytes (also in UTF-8), a lone surrogate
)
def test_key_values_dynamodb_would_refuse_are_rejected(value: str) -> None:
    cursor = _cursor({"org_id": {"S": "o"}, "member_id": {"S": value}})
    with pytest.raises(ValidationFailed):
        paging.decode(cursor, "o", KEYS)


def test_a_cursor_must_lie_inside_the_query_it_continues() -> None:
    keys = {"org_id", "share_key"}
    mine = {"org_id": {"S": "o"}, "share_key": {"S": "me#c1#x"}}
    assert paging.decode(_cursor(mine), "o", keys, prefixes={"share_key": "me#"}) == mine
    theirs = {"org_id": {"S": "o"}, "share_key": {"S": "you#c1#x"}}
    with pytest.raises(ValidationFailed):
        paging.decode(_cursor(theirs), "o", keys, prefixes={"share_key": "me#"})
    feed = {"org_id": {"S": "o"}, "feed_org": {"S": "other"}}
    with pytest.raises(ValidationFailed):
        paging.decode(_cursor(feed), "o", {"org_id", "feed_org"}, fixed={"feed_org": "o"})
