"""Post now: a share published through the member's connected account against a fake of LinkedIn's and
X's APIs on 127.0.0.1. Every provider answer ends in one state, with nothing doubled: one post at the
fake at most, the share and its points once, and only for a post the network accepted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from advocacy.adapters import provider_http
from advocacy.api import deps
from advocacy.services import posting
from tests.support.actions import publish, run_rollups
from tests.support.mocked import Env
from tests.support.posting import AUTHOR, Accounts, balance, providers_serving
from tests.support.providers import FakeProviders, Fault


@pytest.fixture
def fake(aws: Env) -> Iterator[FakeProviders]:
    with providers_serving() as served:
        yield served


@pytest.fixture
def accounts(monkeypatch: pytest.MonkeyPatch) -> Accounts:
    return Accounts.installed(monkeypatch)


def post(aws: Env, who: dict[str, Any], content_id: str, network: str, **body: Any) -> Any:
    headers = {"Idempotency-Key": body.pop("key")} if "key" in body else None
    return aws.call(
        "POST", f"/content/{content_id}/posts", who=who, body={"network": network, **body}, headers=headers
    )


def test_a_linkedin_post_goes_out_as_an_article_and_is_recorded_once(
    aws: Env, org: dict[str, Any], fake: FakeProviders, accounts: Accounts
) -> None:
    mia = org["members"][0]
    item = publish(
        aws,
        org,
        body="We launched (finally) — read all about it.",
        messages={"linkedin": "Proud of #team_acme!"},
    )
    r = post(aws, mia, item["content_id"], "linkedin")
    assert r.status == 201, r.body
    share = r.body
    assert share["post_id"].startswith("urn:li:share:")
    assert share["post_url"] == f"https://www.linkedin.com/feed/update/{share['post_id']}/"
    assert share["points_awarded"] == 10
    [sent] = fake.posts
    assert sent.network == "linkedin"
    assert sent.headers["linkedin-version"] == "202601"
    assert sent.headers["x-restli-protocol-version"] == "2.0.0"
    assert sent.headers["authorization"] == f"Bearer token-{mia['member_id']}-linkedin"
    assert sent.body == {
        "author": AUTHOR["linkedin"],
        "commentary": "Proud of \\#team\\_acme!",
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "content": {"article": {"source": share["tracked_url"], "title": "Launch day",
                                "description": "We launched (finally) — read all about it."}},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }  # fmt: skip

    again = post(aws, mia, item["content_id"], "linkedin")
    assert (again.status, again.body["share_id"], again.body["points_awarded"]) == (200, share["share_id"], 0)
    assert again.body["post_url"] == share["post_url"]
    intent = aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "linkedin"})
    assert (intent.status, intent.body["code"]) == (200, share["code"])
    assert len(fake.calls) == 1
    assert balance(aws, mia) == 10
    feed = aws.call("GET", "/feed", who=mia).body["items"]
    assert feed[0]["my_shares"]["linkedin"]["post_url"] == share["post_url"]
    assert feed[0]["stats"]["shares"] == 1
    [mine] = aws.call("GET", "/me/shares", who=mia).body["items"]
    assert mine["post_url"] == share["post_url"]
    day = {"from": aws.now.date().isoformat(), "to": aws.now.date().isoformat()}
    run_rollups(aws.now)
    summary = aws.call("GET", "/analytics/summary", who=org["manager"], query=day).body
    assert (summary["shares"], summary["account_posts"], summary["x_posts_cost_usd"]) == (
        1,
        {"linkedin": 1, "x": 0},
        0,
    )


def test_an_x_post_carries_the_message_and_the_tracked_link_and_a_keyed_retry_answers_the_first(
    aws: Env, org: dict[str, Any], fake: FakeProviders, accounts: Accounts
) -> None:
    mia = org["members"][0]
    item = publish(aws, org, messages={"x": "We shipped it!"})
    first = post(
        aws, mia, item["content_id"], "x", message="We shipped it, and I built the search.", key="k-1"
    )
    assert first.status == 201, first.body
    [sent] = fake.posts
    assert sent.body == {"text": f"We shipped it, and I built the search. {first.body['tracked_url']}"}
    assert first.body["post_url"] == f"https://x.com/i/web/status/{first.body['post_id']}"
    assert first.body["personalised"] is True
    retry = post(
        aws, mia, item["content_id"], "x", message="We shipped it, and I built the search.", key="k-1"
    )
    assert (retry.status, retry.body) == (201, first.body)
    assert len(fake.calls) == 1
    assert balance(aws, mia) == first.body["points_awarded"]
    aws.call(
        "POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "linkedin"}
    )  # an intent
    day = {"from": aws.now.date().isoformat(), "to": aws.now.date().isoformat()}
    run_rollups(aws.now)
    summary = aws.call("GET", "/analytics/summary", who=org["manager"], query=day).body
    assert (summary["shares"], summary["account_posts"], summary["x_posts_cost_usd"]) == (
        2,
        {"linkedin": 0, "x": 1},
        0.2,
    )


ERRORS = [
    ("linkedin", Fault(401, {"status": 401, "code": "EXPIRED_ACCESS_TOKEN"}), 409, "needs_reconnect", ("linkedin", "expired")),
    ("linkedin", Fault(403, {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED"}), 409, "needs_reconnect", ("linkedin", "revoked")),
    ("x", Fault(401, {"title": "Unauthorized", "status": 401}), 409, "needs_reconnect", ("x", "expired")),
    ("x", Fault(403, {"detail": "You are not allowed to create a Tweet with duplicate content."}), 409, "post_duplicate", None),
    ("linkedin", Fault(422, {"status": 422, "message": "Content is a duplicate of urn:li:share:1"}), 409, "post_duplicate", None),
    ("linkedin", Fault(422, {"status": 422, "message": "Invalid commentary"}), 422, "validation_error", None),
    ("linkedin", Fault(426, {"status": 426, "code": "NONEXISTENT_VERSION"}), 502, "post_failed", None),
    ("x", Fault(402, {"title": "CreditsDepleted", "status": 402}), 502, "post_failed", None),
    ("linkedin", Fault(429, {"status": 429}), 503, "unavailable", None),
    ("x", Fault(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": "{reset}", "x-rate-limit-remaining": "0"}), 503, "unavailable", None),
    ("x", Fault(503, {"title": "Service Unavailable"}), 503, "unavailable", None),
    ("linkedin", Fault(500, {"status": 500}), 503, "unavailable", None),
]  # fmt: skip


@pytest.mark.parametrize(("network", "fault", "status", "code", "reconnect"), ERRORS)
def test_each_provider_refusal_leaves_no_share_and_a_later_post_counts_once(
    aws: Env,
    org: dict[str, Any],
    fake: FakeProviders,
    accounts: Accounts,
    network: str,
    fault: Fault,
    status: int,
    code: str,
    reconnect: tuple[str, str] | None,
) -> None:
    mia = org["members"][0]
    item = publish(aws, org)
    reset = int(aws.now.timestamp()) + 900
    fake.fail_next(replace(fault, headers={k: v.format(reset=reset) for k, v in fault.headers.items()}))
    r = post(aws, mia, item["content_id"], network)
    assert (r.status, r.body["error"]["code"]) == (status, code), r.body
    if status == 503:
        expected = (
            "900" if "x-rate-limit-reset" in fault.headers else str(posting.posting.DEFAULT_RETRY_SECONDS)
        )
        assert r.headers["Retry-After"] == expected
    assert accounts.reconnect == ([reconnect] if reconnect else [])
    assert fake.posts == []
    assert aws.call("GET", "/me/shares", who=mia).body["items"] == []
    assert balance(aws, mia) == 0

    accounts.disconnected.clear()  # reconnected, the quota back, the text changed: whatever it took
    later = post(aws, mia, item["content_id"], network, message="Take two, in my own words this time.")
    assert later.status == 201, later.body
    assert len(fake.posts) == 1
    assert balance(aws, mia) == later.body["points_awarded"] > 0


def test_no_connection_sends_nothing(
    aws: Env, org: dict[str, Any], fake: FakeProviders, accounts: Accounts
) -> None:
    mia = org["members"][0]
    item = publish(aws, org)
    accounts.disconnected.add("x")
    r = post(aws, mia, item["content_id"], "x")
    assert (r.status, r.body["error"]["code"]) == (409, "needs_reconnect")
    assert r.body["error"]["message"] == "Reconnect X in your profile to post there."
    assert fake.calls == []


def test_a_post_accepted_without_an_answer_is_never_sent_again(
    aws: Env, org: dict[str, Any], fake: FakeProviders, accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provider_http, "READ_SECONDS", 0.3)
    mia = org["members"][0]
    item = publish(aws, org)
    fake.fail_next(Fault(accept_then_hang=1.5))
    r = post(aws, mia, item["content_id"], "x", key="k-1")
    assert (r.status, r.body["error"]["code"]) == (409, "post_unconfirmed"), r.body
    assert len(fake.posts) == 1
    for retry in (
        post(aws, mia, item["content_id"], "x", key="k-1"),
        post(aws, mia, item["content_id"], "x"),
    ):
        assert (retry.status, retry.body["error"]["code"]) == (409, "post_unconfirmed")
    assert len(fake.calls) == 1  # neither retry reached the network
    assert aws.call("GET", "/me/shares", who=mia).body["items"] == []
    assert balance(aws, mia) == 0


def test_only_linkedin_and_x_and_not_after_an_intent_share(
    aws: Env, org: dict[str, Any], fake: FakeProviders, accounts: Accounts
) -> None:
    mia = org["members"][0]
    item = publish(aws, org)
    r = post(aws, mia, item["content_id"], "facebook")
    assert (r.status, r.body["error"]["details"][0]["field"]) == (422, "network")
    assert (
        aws.call("POST", f"/content/{item['content_id']}/shares", who=mia, body={"network": "x"}).status
        == 201
    )
    r = post(aws, mia, item["content_id"], "x")
    assert (r.status, r.body["error"]["code"]) == (409, "already_shared")
    deps.configure(replace(deps.settings(), providers={}))
    r = post(aws, mia, item["content_id"], "linkedin")
    assert (r.status, r.body["error"]["details"][0]["field"]) == (422, "network")
    assert fake.calls == []
    assert balance(aws, mia) == 10
