"""Auto-share: preferences through the API, the plan job's auto-posts (once, under the daily cap, inside
the window), the dispatch job's messages and the poster's answer to every provider outcome, with
nothing posted or awarded twice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from advocacy.adapters import provider_http
from advocacy.store import autoshare_records
from tests.support.actions import publish, run_job
from tests.support.autoshare import Poster, connected_everywhere, dead_letters, opt_in
from tests.support.mocked import Env
from tests.support.posting import Accounts, balance, providers_serving
from tests.support.providers import FakeProviders, Fault

HOUR = timedelta(hours=1)


@pytest.fixture
def fake(aws: Env) -> Iterator[FakeProviders]:
    with providers_serving() as served:
        yield served


@pytest.fixture
def accounts(monkeypatch: pytest.MonkeyPatch) -> Accounts:
    connected_everywhere(monkeypatch)
    return Accounts.installed(monkeypatch)


@pytest.fixture
def poster(aws: Env, fake: FakeProviders, accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> Poster:
    made = Poster(monkeypatch, aws.now + 8 * HOUR)
    made.configure(fake.base)
    return made


def auto_posts(aws: Env, who: dict[str, Any]) -> list[dict[str, Any]]:
    r = aws.call("GET", "/me/auto-posts", who=who)
    assert r.status == 200, r.body
    return list(r.body["items"])


def test_preferences_start_off_and_refuse_what_cannot_be_kept(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    connected_everywhere(monkeypatch, ("linkedin",))
    mia = org["members"][0]
    r = aws.call("GET", "/me/auto-share", who=mia)
    assert (r.status, r.body["enabled"], r.body["updated_at"]) == (200, False, None)
    good = {
        "enabled": True,
        "networks": ["linkedin"],
        "scope": "groups",
        "group_ids": [org["groups"]["sales"]["group_id"]],
        "daily_cap": 2,
        "window": {"start": "08:30", "end": "12:00"},
    }
    bad = [
        ({"window": {"start": "12:00", "end": "08:30"}}, "window"),
        ({"window": {"start": "25:00", "end": "26:00"}}, "window"),
        ({"daily_cap": 11}, "daily_cap"),
        ({"daily_cap": 0}, "daily_cap"),
        ({"group_ids": [org["groups"]["eng"]["group_id"]]}, "group_ids"),
        ({"group_ids": []}, "group_ids"),
        ({"networks": ["x"]}, "networks"),
        ({"networks": []}, "networks"),
        ({"networks": ["facebook"]}, "networks"),
    ]
    for change, field in bad:
        r = aws.call("PUT", "/me/auto-share", who=mia, body={**good, **change})
        assert r.status == 422, (change, r.body)
        assert any(field in d["field"] for d in r.body["error"]["details"]), (change, r.body)
    r = aws.call("PUT", "/me/auto-share", who=mia, body=good)
    assert r.status == 200, r.body
    kept = aws.call("GET", "/me/auto-share", who=mia).body
    assert {k: kept[k] for k in good} == good
    off = aws.call("PUT", "/me/auto-share", who=mia, body={**good, "enabled": False, "networks": ["x"]})
    assert off.status == 200, off.body  # turning it off needs no connection


def test_the_plan_job_queues_one_post_per_network_inside_the_window_once_under_the_cap(
    aws: Env, org: dict[str, Any], accounts: Accounts
) -> None:
    mia, noa = org["members"]
    opt_in(aws, mia, daily_cap=1, window={"start": "10:00", "end": "12:00"})
    first = publish(aws, org)
    second = publish(aws, org, title="Second")
    sales_only = publish(aws, org, title="For Eng", groups=[org["groups"]["eng"]["group_id"]])
    done = run_job("auto-share-plan", aws.now)
    assert (done["contents"], done["planned"]) == (3, 4)
    assert run_job("auto-share-plan", aws.now)["contents"] == 0  # planned once
    posts = auto_posts(aws, mia)
    assert {(p["content_id"], p["network"]) for p in posts} == {
        (c["content_id"], n) for c in (first, second) for n in ("linkedin", "x")
    }
    assert all(p["state"] == "queued" for p in posts)
    days = {}
    for p in posts:
        due = datetime.fromisoformat(p["due_at"].replace("Z", "+00:00"))
        assert 10 <= due.hour < 12
        days.setdefault(p["network"], []).append(due.date())
    for network_days in days.values():  # one a day per network: the second content goes tomorrow
        assert sorted(network_days) == [aws.now.date(), aws.now.date() + timedelta(days=1)]
    assert sales_only["content_id"] not in {p["content_id"] for p in posts}
    assert auto_posts(aws, noa) == []


def test_scope_groups_takes_only_content_for_the_chosen_groups(
    aws: Env, org: dict[str, Any], accounts: Accounts
) -> None:
    mia = org["members"][0]
    sales = org["groups"]["sales"]["group_id"]
    opt_in(aws, mia, scope="groups", group_ids=[sales], networks=["x"], daily_cap=5)
    publish(aws, org, title="Everyone")
    targeted = publish(aws, org, title="Sales", groups=[sales])
    run_job("auto-share-plan", aws.now)
    assert [p["content_id"] for p in auto_posts(aws, mia)] == [targeted["content_id"]]


def _planned_and_dispatched(aws: Env, org: dict[str, Any], poster: Poster, **prefs: Any) -> dict[str, Any]:
    mia = org["members"][0]
    opt_in(aws, mia, **prefs)
    item = publish(aws, org)
    run_job("auto-share-plan", aws.now)
    assert run_job("auto-share-dispatch", aws.now - HOUR)["dispatched"] == 0  # not due yet
    assert run_job("auto-share-dispatch", poster.now)["dispatched"] >= 1
    assert run_job("auto-share-dispatch", poster.now)["dispatched"] == 0  # dispatched once
    return item


def test_dispatched_posts_go_out_once_with_their_share_and_points(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, daily_cap=3)
    messages = poster.receive()
    assert len(messages) == 2
    assert poster.run(messages)["batchItemFailures"] == []
    assert len(fake.posts) == 2
    posts = auto_posts(aws, mia)
    assert {p["state"] for p in posts} == {"posted"}
    assert all(p["post_url"] for p in posts)
    assert balance(aws, mia) == 20
    [x_post] = [p for p in fake.posts if p.network == "x"]
    codes = {s["code"] for s in aws.call("GET", "/me/shares", who=mia).body["items"]}
    assert any(x_post.body["text"].endswith(f"https://go.acme.test/r/{code}") for code in codes)
    poster.run(messages)  # the same messages delivered again: nothing more
    assert len(fake.posts) == 2
    assert balance(aws, mia) == 20
    counts = aws.call("GET", "/org/connections", who=org["admin"]).body["auto_posts"]
    assert counts["posted"] == {"linkedin": 1, "x": 1}


REFUSALS = [
    ("linkedin", Fault(401, {"message": "expired"}), "needs_reconnect", "expired"),
    ("linkedin", Fault(403, {"code": "ACCESS_DENIED"}), "needs_reconnect", "revoked"),
    ("x", Fault(403, {"detail": "You are not allowed to create a Tweet with duplicate content."}), "failed", "duplicate"),
    ("x", Fault(402, {"title": "CreditsDepleted"}), "failed", "credits"),
    ("linkedin", Fault(426, {"code": "NONEXISTENT_VERSION"}), "failed", "configuration"),
    ("linkedin", Fault(422, {"message": "Content is a duplicate of urn:li:share:1"}), "failed", "duplicate"),
]  # fmt: skip


@pytest.mark.parametrize(("network", "fault", "state", "reason"), REFUSALS)
def test_each_refusal_ends_in_its_state_with_nothing_posted_or_awarded(
    aws: Env,
    org: dict[str, Any],
    fake: FakeProviders,
    poster: Poster,
    network: str,
    fault: Fault,
    state: str,
    reason: str,
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=[network])
    fake.fail_next(fault)
    messages = poster.receive()
    assert poster.run(messages)["batchItemFailures"] == []
    [post] = auto_posts(aws, mia)
    assert (post["state"], post["reason"]) == (state, reason)
    poster.run(messages)  # delivered again: settled already, the network is not called again
    assert len(fake.calls) == 1
    assert fake.posts == []
    assert balance(aws, mia) == 0
    counts = aws.call("GET", "/org/connections", who=org["admin"]).body["auto_posts"]
    assert counts[state] == {reason: 1}


@pytest.mark.parametrize(
    ("fault", "wait"),
    [
        (Fault(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": "{reset}"}), 900),
        (Fault(429, {"title": "Too Many Requests"}), 60),
        (Fault(503, {"title": "Service Unavailable"}), 60),
    ],
)
def test_a_network_asking_to_wait_gets_the_message_back_after_that_wait_then_posts_once(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster, fault: Fault, wait: int
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["x"])
    reset = str(int(poster.now.timestamp()) + 900)
    fake.fail_next(replace(fault, headers={k: v.format(reset=reset) for k, v in fault.headers.items()}))
    answer = poster.run(poster.receive())
    assert len(answer["batchItemFailures"]) == 1
    assert poster.delays == [wait]
    assert auto_posts(aws, mia)[0]["state"] == "dispatched"
    assert poster.run(poster.receive())["batchItemFailures"] == []
    assert auto_posts(aws, mia)[0]["state"] == "posted"
    assert len(fake.posts) == 1
    assert balance(aws, mia) == 10


def test_a_batch_reports_only_the_message_that_must_wait(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, daily_cap=2)
    fake.fail_next(Fault(503, {"title": "Service Unavailable"}))
    answer = poster.run(poster.receive())
    assert len(answer["batchItemFailures"]) == 1
    states = sorted(p["state"] for p in auto_posts(aws, mia))
    assert states == ["dispatched", "posted"]
    assert len(fake.posts) == 1


def test_after_the_last_delivery_the_post_fails_and_the_message_goes_to_the_dead_letter_queue(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["x"])
    fake.fail_next(*[Fault(429, {"title": "Too Many Requests"})] * 3)
    for _ in range(3):
        assert len(poster.run(poster.receive())["batchItemFailures"]) == 1
    assert poster.receive() == []  # past maxReceiveCount: moved on
    assert len(dead_letters()) == 1
    [post] = auto_posts(aws, mia)
    assert (post["state"], post["reason"]) == ("failed", "rate_limited")
    assert fake.posts == []
    assert balance(aws, mia) == 0


def test_a_post_accepted_without_an_answer_is_never_sent_again(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provider_http, "READ_SECONDS", 0.3)
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["x"])
    fake.fail_next(Fault(accept_then_hang=1.5))
    messages = poster.receive()
    assert poster.run(messages)["batchItemFailures"] == []
    [post] = auto_posts(aws, mia)
    assert (post["state"], post["reason"]) == ("failed", "timeout")
    poster.run(messages)
    assert len(fake.calls) == 1
    assert balance(aws, mia) == 0


def test_a_post_for_a_member_who_opted_out_since_is_not_made(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster
) -> None:
    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["x"])
    opt_in(aws, mia, enabled=False)
    poster.run(poster.receive())
    [post] = auto_posts(aws, mia)
    assert (post["state"], post["reason"]) == ("failed", "opted_out")
    assert fake.calls == []
    assert autoshare_records.counts(mia["org_id"]) == {"failed#opted_out": 1}


def test_a_connection_that_cannot_be_refreshed_needs_reconnecting_and_posts_nothing(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.services import connections, posting

    def refused(org_id: str, member_id: str, network: str, now: Any) -> connections.Access:
        raise connections.NeedsReconnect(network, "refresh_refused")

    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["x"])
    monkeypatch.setattr(posting.connections, "access", refused)
    assert poster.run(poster.receive())["batchItemFailures"] == []
    [post] = auto_posts(aws, mia)
    assert (post["state"], post["reason"]) == ("needs_reconnect", "refresh_refused")
    assert fake.calls == []
    counts = aws.call("GET", "/org/connections", who=org["admin"]).body["auto_posts"]
    assert counts["needs_reconnect"] == {"refresh_refused": 1}


def test_a_post_failing_on_every_delivery_says_so_before_the_dead_letter_queue(
    aws: Env, org: dict[str, Any], fake: FakeProviders, poster: Poster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.services import autopost

    def broken(*_: Any) -> None:
        raise RuntimeError("a bug")

    mia = org["members"][0]
    _planned_and_dispatched(aws, org, poster, networks=["linkedin"])
    monkeypatch.setattr(autopost.posting, "publish", broken)
    for receive in range(1, 4):
        assert len(poster.run(poster.receive())["batchItemFailures"]) == 1
        assert auto_posts(aws, mia)[0]["state"] == ("failed" if receive == 3 else "dispatched")
    assert poster.receive() == []
    assert len(dead_letters()) == 1
    assert auto_posts(aws, mia)[0]["reason"] == "error"
    assert fake.calls == []
