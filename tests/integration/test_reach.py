"""Reach and EMV from follower counts a member cannot inflate: self-declared counts bounded by the org's
`follower_limits`, a connected X account's reported count used instead, and the summary saying how
much of reach is which (decision 84)."""

from __future__ import annotations

from typing import Any

from tests.support import connected
from tests.support.actions import publish, run_rollups, share
from tests.support.mocked import Env


def _declare(aws: Env, who: dict[str, Any], network: str, followers: int) -> None:
    body = {"networks": {network: {"followers": followers}}}
    r = aws.call("PATCH", "/me", who=who, body=body)
    assert r.status == 200, r.body
    assert r.body["networks"][network]["followers"] == followers  # what they said is kept as said


def _summary(aws: Env, org: dict[str, Any]) -> dict[str, Any]:
    run_rollups(aws.now)
    r = aws.call("GET", "/analytics/summary", who=org["admin"])
    assert r.status == 200, r.body
    return dict(r.body)


def test_a_billion_declared_followers_count_only_up_to_the_orgs_limit(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    _declare(aws, mia, "linkedin", 1_000_000_000)
    _declare(aws, noa, "linkedin", 800)
    item = publish(aws, org)
    share(aws, mia, item["content_id"], "linkedin")
    share(aws, noa, item["content_id"], "linkedin")
    s = _summary(aws, org)
    assert s["reach"] == 30_000 + 800  # the default LinkedIn limit, and a count under it as it is
    assert (s["reach_self_declared"], s["reach_verified"]) == (30_800, 0)
    assert s["emv"] == round(12.0 * 30_800 / 1000, 2)
    assert s["by_network"]["linkedin"]["reach"] == 30_800


def test_an_admin_sets_the_limits_and_they_bound_the_next_shares(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    assert aws.call("GET", "/org", who=admin).body["follower_limits"] == {
        "linkedin": 30_000,
        "x": 100_000,
        "facebook": 5_000,
    }
    r = aws.call("PATCH", "/org", who=admin, body={"follower_limits": {"facebook": 250}})
    assert r.status == 200, r.body
    assert r.body["follower_limits"] == {"linkedin": 30_000, "x": 100_000, "facebook": 250}  # merged
    for bad in ({"facebook": -1}, {"facebook": 1_000_000_001}, {"mastodon": 5}, {"x": "many"}):
        refused = aws.call("PATCH", "/org", who=admin, body={"follower_limits": bad})
        assert refused.status == 422, (bad, refused.body)
    assert aws.call("PATCH", "/org", who=org["manager"], body={"follower_limits": {"x": 1}}).status == 403
    _declare(aws, mia, "facebook", 4_000)
    share(aws, mia, publish(aws, org)["content_id"], "facebook")
    assert _summary(aws, org)["reach"] == 250


def test_a_connected_x_account_counts_what_x_reports(aws: Env, org: dict[str, Any], origin: str) -> None:
    from local import providers

    connected.configure(aws, origin)
    mia, noa = org["members"]
    _declare(aws, mia, "x", 1_000_000_000)
    _declare(aws, noa, "x", 900_000)
    connected.connect(aws, mia, "x")  # the fake reports providers.X_FOLLOWERS followers
    item = publish(aws, org)
    share(aws, mia, item["content_id"], "x")
    share(aws, noa, item["content_id"], "x")
    s = _summary(aws, org)
    assert s["reach_verified"] == providers.X_FOLLOWERS
    assert s["reach_self_declared"] == 100_000  # Noa's, at the default X limit
    assert s["reach"] == providers.X_FOLLOWERS + 100_000


def test_linkedin_reports_no_count_so_a_connected_linkedin_member_stays_self_declared(
    aws: Env, org: dict[str, Any], origin: str
) -> None:
    connected.configure(aws, origin)
    mia = org["members"][0]
    _declare(aws, mia, "linkedin", 50_000)
    connected.connect(aws, mia, "linkedin")
    share(aws, mia, publish(aws, org)["content_id"], "linkedin")
    s = _summary(aws, org)
    assert (s["reach"], s["reach_verified"], s["reach_self_declared"]) == (30_000, 0, 30_000)
