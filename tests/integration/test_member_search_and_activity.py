"""The admins' member list: `q` searches names and emails ignoring case; `last_active_at` is the time
of the member's latest share, set in the update of the member the share's transaction makes anyway."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from botocore.client import BaseClient

from tests.support.actions import publish, share
from tests.support.mocked import Env


def names(aws: Env, org: dict[str, Any], **query: str) -> list[str]:
    r = aws.call("GET", "/members", who=org["admin"], query={"limit": "100", **query})
    assert r.status == 200, r.body
    return sorted(m["name"] for m in r.body["items"])


def test_q_finds_a_part_of_the_name_or_email_ignoring_case(aws: Env, org: dict[str, Any]) -> None:
    assert names(aws, org, q="MI") == ["Mia"]
    assert names(aws, org, q="  noa@ACME ") == ["Noa"]  # white space around it is trimmed
    assert names(aws, org, q="acme.test") == ["Ada", "Max", "Mia", "Noa"]
    assert names(aws, org, q="zzz") == []
    # with the other filters, all must hold
    assert names(aws, org, q="mi", role="member") == ["Mia"]
    assert names(aws, org, q="mi", role="manager") == []
    assert names(aws, org, q="acme", group=org["groups"]["eng"]["group_id"]) == ["Noa"]


def test_q_pages_keep_their_cursor_and_may_be_short(aws: Env, org: dict[str, Any]) -> None:
    sizes: list[int] = []
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": "1", "q": "MIA", **({"cursor": cursor} if cursor else {})}
        page = aws.call("GET", "/members", who=org["admin"], query=query).body
        sizes.append(len(page["items"]))
        seen += [m["name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["Mia"]
    assert 0 in sizes  # a page read the next member, who did not match: empty, the cursor past them


@pytest.mark.parametrize("q", ["", "   ", "x" * 101, "line\nbreak", "tab\there"])
def test_a_blank_long_or_multi_line_q_is_422(aws: Env, org: dict[str, Any], q: str) -> None:
    r = aws.call("GET", "/members", who=org["admin"], query={"q": q})
    assert r.status == 422, q
    assert r.body["error"]["details"][0]["field"] == "q"


def test_q_is_for_admins_only(aws: Env, org: dict[str, Any]) -> None:
    assert aws.call("GET", "/members", who=org["manager"], query={"q": "mia"}).status == 403


def _member(aws: Env, org: dict[str, Any], who: dict[str, Any]) -> dict[str, Any]:
    r = aws.call("GET", f"/members/{who['member_id']}", who=org["admin"])
    assert r.status == 200, r.body
    return dict(r.body)


@pytest.fixture
def transactions(monkeypatch: pytest.MonkeyPatch) -> list[list[dict[str, Any]]]:
    """The items of every TransactWriteItems the functions send."""
    sent: list[list[dict[str, Any]]] = []
    original: Callable[..., Any] = BaseClient._make_api_call

    def record(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation == "TransactWriteItems":
            sent.append(list(params["TransactItems"]))
        return original(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", record)
    return sent


def test_last_active_at_is_the_latest_share_written_with_it(
    aws: Env, org: dict[str, Any], transactions: list[list[dict[str, Any]]]
) -> None:
    mia = org["members"][0]
    assert _member(aws, org, mia)["last_active_at"] is None
    listed = aws.call("GET", "/members", who=org["admin"], query={"q": "mia"}).body["items"]
    assert listed[0]["last_active_at"] is None

    item = publish(aws, org)
    first = aws.now + timedelta(minutes=5)
    share(aws, mia, item["content_id"], "x", at=first)
    assert _member(aws, org, mia)["last_active_at"] == first.strftime("%Y-%m-%dT%H:%M:%SZ")

    # in the share's one transaction, on the one member update it makes anyway: no item added
    (items,) = transactions[-1:]
    members = [i for i in items if next(iter(i.values()))["TableName"].endswith("members")]
    assert len(members) == 1 and "Update" in members[0]
    assert "last_active_at" in members[0]["Update"]["ExpressionAttributeNames"].values()

    later = first + timedelta(hours=2)
    share(aws, mia, item["content_id"], "linkedin", at=later)
    assert _member(aws, org, mia)["last_active_at"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
    # a repeat share writes nothing, so it is not activity
    again = aws.call(
        "POST",
        f"/content/{item['content_id']}/shares",
        who=mia,
        body={"network": "x"},
        now=later + timedelta(hours=1),
    )
    assert again.status == 200
    assert _member(aws, org, mia)["last_active_at"] == later.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _member(aws, org, org["members"][1])["last_active_at"] is None
