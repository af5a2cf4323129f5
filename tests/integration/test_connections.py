"""Connecting LinkedIn and X end to end against the local fakes (local/providers.py on 127.0.0.1):
the signed single-use state, PKCE, tokens sealed in the table, refresh, expiry and disconnect."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest

from advocacy.services import connections
from local import providers
from tests.support import connected
from tests.support.mocked import TABLES, Env


def _items(org_id: str) -> list[dict[str, Any]]:
    table = boto3.client("dynamodb")
    answer = table.query(
        TableName=TABLES["CONNECTIONS_TABLE"],
        KeyConditionExpression="org_id = :o",
        ExpressionAttributeValues={":o": {"S": org_id}},
    )
    return list(answer["Items"])


def test_a_member_connects_both_networks_and_the_table_holds_no_token(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    linkedin = connected.connect(aws, mia, "linkedin")
    x = connected.connect(aws, mia, "x")
    assert linkedin["connected"] and x["connected"]
    assert linkedin["expires_at"] is not None and x["expires_at"] is None  # X renews itself
    listed = aws.call("GET", "/me/connections", mia).body["items"]
    assert [(c["network"], c["available"], c["connected"]) for c in listed] == [
        ("linkedin", True, True),
        ("x", True, True),
    ]
    li_access = connections.access(mia["org_id"], mia["member_id"], "linkedin", now)
    x_access = connections.access(mia["org_id"], mia["member_id"], "x", now)
    assert li_access.author.startswith("urn:li:person:")
    assert x_access.author and not x_access.author.startswith("urn:")
    stored = repr(_items(mia["org_id"]))
    for token in (li_access.token, x_access.token):
        assert token not in stored
    assert "access_token" not in stored and "refresh_token" not in stored
    assert "token" not in repr(aws.call("GET", "/me/connections", mia).body)
    counts = aws.call("GET", "/org/connections", org["admin"]).body
    assert counts == {
        "linkedin": 1,
        "x": 1,
        "auto_posts": {"posted": {}, "failed": {}, "needs_reconnect": {}},
    }
    assert aws.call("GET", "/org/connections", mia).status == 403


def _started(aws: Env, who: dict[str, str], network: str) -> dict[str, str]:
    answer = aws.call("POST", f"/me/connections/{network}", who)
    assert answer.status == 200
    return connected.authorize(answer.body["authorize_url"])


def test_the_x_flow_uses_pkce_s256_and_a_state_that_expires(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    url = aws.call("POST", "/me/connections/x", mia).body["authorize_url"]
    assert "code_challenge_method=S256" in url and "code_challenge=" in url
    assert "code_verifier" not in url
    li_url = aws.call("POST", "/me/connections/linkedin", mia).body["authorize_url"]
    assert "code_challenge" not in li_url and "w_member_social" in li_url.replace("+", " ").replace(
        "%20", " "
    )
    back = connected.authorize(url)
    late = aws.call("POST", "/me/connections/x/callback", mia, body=back, now=now + timedelta(minutes=10))
    assert late.status == 422
    assert late.body["error"]["details"][0]["field"] == "state"
    assert "expired" in late.body["error"]["details"][0]["message"]


def test_a_state_is_used_once_and_by_its_member_only(org: dict[str, Any], fakes: str, aws: Env) -> None:
    mia, noa = org["members"]
    back = _started(aws, mia, "linkedin")
    assert aws.call("POST", "/me/connections/linkedin/callback", noa, body=back).status == 422
    assert aws.call("POST", "/me/connections/x/callback", mia, body=back).status == 422  # another network
    tampered = {**back, "state": back["state"][:-2] + ("AA" if not back["state"].endswith("AA") else "BB")}
    assert aws.call("POST", "/me/connections/linkedin/callback", mia, body=tampered).status == 422
    assert aws.call("POST", "/me/connections/linkedin/callback", mia, body=back).status == 200
    replay = aws.call("POST", "/me/connections/linkedin/callback", mia, body=back)
    assert replay.status == 409
    assert replay.body["error"]["code"] == "state_used"
    assert aws.call("GET", "/me/connections", noa).body["items"][0]["connected"] is False


def test_a_code_the_provider_refuses_is_a_422_and_stores_nothing(
    org: dict[str, Any], fakes: str, aws: Env
) -> None:
    mia = org["members"][0]
    back = _started(aws, mia, "x")
    refused = aws.call("POST", "/me/connections/x/callback", mia, body={**back, "code": "not-a-code"})
    assert (refused.status, refused.body["error"]["details"][0]["field"]) == (422, "code")
    assert [i for i in _items(mia["org_id"]) if i["sk"]["S"].startswith("CONN#")] == []


def test_x_tokens_are_refreshed_near_expiry_and_the_new_refresh_token_kept(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    connected.connect(aws, mia, "x")
    first = connections.access(mia["org_id"], mia["member_id"], "x", now)
    later = now + timedelta(hours=1, minutes=56)  # within 5 minutes of the 2-hour expiry
    refreshed = connections.access(mia["org_id"], mia["member_id"], "x", later)
    assert refreshed.token != first.token and refreshed.author == first.author
    assert connections.access(mia["org_id"], mia["member_id"], "x", later).token == refreshed.token
    # The second refresh uses the rotated refresh token (the first one works once at the fake).
    again = connections.access(mia["org_id"], mia["member_id"], "x", later + timedelta(hours=2))
    assert again.token != refreshed.token


def test_a_refused_refresh_asks_the_member_to_reconnect(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    connected.connect(aws, mia, "x")
    providers.handle(
        "POST", "/_local/providers/x/faults", "", {"content-type": "application/json"},
        b'{"status": 400, "count": 1, "path": "/2/oauth2/token"}',
    )  # fmt: skip
    with pytest.raises(connections.NeedsReconnect) as refused:
        connections.access(mia["org_id"], mia["member_id"], "x", now + timedelta(hours=2))
    assert refused.value.reason == "refresh_refused"
    listed = aws.call("GET", "/me/connections", mia, now=now + timedelta(hours=2)).body["items"][1]
    assert (listed["connected"], listed["needs_reconnect"], listed["reason"]) == (
        False,
        True,
        "refresh_refused",
    )


def test_linkedin_reminds_a_week_before_expiry_and_then_needs_reconnecting(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    connected.connect(aws, mia, "linkedin")
    week_before = now + timedelta(days=53, hours=1)
    soon = aws.call("GET", "/me/connections", mia, now=week_before).body["items"][0]
    assert soon["connected"] and soon["reconnect_soon"]
    assert (
        aws.call("GET", "/me/connections", mia, now=now + timedelta(days=50)).body["items"][0][
            "reconnect_soon"
        ]
        is False
    )
    with pytest.raises(connections.NeedsReconnect) as expired:
        connections.access(mia["org_id"], mia["member_id"], "linkedin", now + timedelta(days=60))
    assert expired.value.reason == "expired"
    with pytest.raises(connections.NeedsReconnect):
        connections.access(mia["org_id"], org["members"][1]["member_id"], "linkedin", now)


def test_disconnect_revokes_at_x_and_deletes_the_tokens(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    mia = org["members"][0]
    connected.connect(aws, mia, "x")
    connected.connect(aws, mia, "linkedin")
    user = connections.access(mia["org_id"], mia["member_id"], "x", now).author
    assert aws.call("DELETE", "/me/connections/x", mia).status == 204
    assert aws.call("DELETE", "/me/connections/x", mia).status == 204  # a repeat changes nothing
    assert aws.call("DELETE", "/me/connections/linkedin", mia).status == 204  # no revoke endpoint
    assert connected.posts(fakes, "x")["revoked"] == [user]
    assert [i for i in _items(mia["org_id"]) if i["sk"]["S"].startswith("CONN#")] == []
    with pytest.raises(connections.NeedsReconnect):
        connections.access(mia["org_id"], mia["member_id"], "x", now)


def test_a_network_without_credentials_is_not_offered(org: dict[str, Any], aws: Env, origin: str) -> None:
    connected.configure(aws, origin, networks=("linkedin",))
    mia = org["members"][0]
    items = aws.call("GET", "/me/connections", mia).body["items"]
    assert [(c["network"], c["available"]) for c in items] == [("linkedin", True), ("x", False)]
    assert aws.call("POST", "/me/connections/x", mia).status == 404
    assert aws.call("POST", "/me/connections/facebook", mia).status == 422


def test_x_follower_count_is_stored_on_connecting_and_on_each_refresh(
    org: dict[str, Any], fakes: str, aws: Env, now: datetime
) -> None:
    from advocacy.store import connection_records

    def set_followers(count: int) -> None:
        body = f'{{"count": {count}}}'.encode()
        providers.handle(
            "POST", "/_local/providers/x/followers", "", {"content-type": "application/json"}, body
        )

    mia = org["members"][0]
    connected.connect(aws, mia, "x")
    stored = connection_records.find(mia["org_id"], mia["member_id"], "x")
    assert stored is not None and stored.followers == providers.X_FOLLOWERS
    set_followers(9_876)
    connections.access(mia["org_id"], mia["member_id"], "x", now + timedelta(hours=1, minutes=56))
    stored = connection_records.find(mia["org_id"], mia["member_id"], "x")
    assert stored is not None and stored.followers == 9_876
    # X not answering for the count keeps the one stored; the refresh itself still goes through.
    providers.handle(
        "POST", "/_local/providers/x/faults", "", {"content-type": "application/json"},
        b'{"status": 503, "count": 1, "path": "/2/users/me"}',
    )  # fmt: skip
    set_followers(1)
    refreshed = connections.access(mia["org_id"], mia["member_id"], "x", now + timedelta(hours=3, minutes=56))
    assert refreshed.token
    stored = connection_records.find(mia["org_id"], mia["member_id"], "x")
    assert stored is not None and stored.followers == 9_876
    linkedin = connected.connect(aws, mia, "linkedin")
    assert linkedin["connected"]
    stored = connection_records.find(mia["org_id"], mia["member_id"], "linkedin")
    assert stored is not None and stored.followers is None  # LinkedIn reports no count to this app


def test_tokens_too_large_to_seal_are_a_503_and_the_attempt_stays_open(
    org: dict[str, Any], fakes: str, aws: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.adapters import oauth

    mia = org["members"][0]
    back = _started(aws, mia, "x")
    with monkeypatch.context() as patch:
        patch.setattr(oauth, "exchange", lambda *a: oauth.Tokens("t" * 5_000, 7200, "rt-1"))
        patch.setattr(oauth, "who", lambda *a: {"data": {"id": "x-1"}})  # X would refuse that token
        refused = aws.call("POST", "/me/connections/x/callback", mia, body=back)
    assert refused.status == 503 and refused.body["error"]["code"] == "unavailable"
    kept = _items(mia["org_id"])  # the attempt, and no connection
    assert kept and not any(item["sk"]["S"].startswith("CONN#") for item in kept)
    again = aws.call("POST", "/me/connections/x/callback", mia, body=back)
    assert again.status == 200 and again.body["connected"]
