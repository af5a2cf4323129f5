"""Click quality a single person cannot game cheaply (decisions 82, 83): one visitor per address a day
whatever its User-Agent, a cap on rewarded clicks from one network, contests counting rewarded clicks
only, the admins' suspicious-shares list and voiding a share's points."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.actions import CHROME, click, create_contest, publish, run_job
from tests.support.clock import NOW
from tests.support.mocked import Env

AGENTS = [f"{CHROME} Variant/{n}" for n in range(30)]


def _share(aws: Env, org: dict[str, Any], who: dict[str, Any]) -> dict[str, Any]:
    item = publish(aws, org)
    r = aws.call("POST", f"/content/{item['content_id']}/shares", who=who, body={"network": "linkedin"})
    assert r.status == 201, r.body
    return dict(r.body)


def _me(aws: Env, who: dict[str, Any]) -> dict[str, Any]:
    return dict(aws.call("GET", "/me", who=who).body)


def _share_item(org: dict[str, Any], who: dict[str, Any], share: dict[str, Any]) -> Any:
    from advocacy.store.share_marks import find_by_id

    return find_by_id(org["org"]["org_id"], share["share_id"])


def test_thirty_agents_from_one_address_are_one_unique_visitor(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    share = _share(aws, org, mia)
    before = _me(aws, mia)["points"]["balance"]
    for n, agent in enumerate(AGENTS):
        assert (
            click(aws, share["code"], ip="203.0.113.9", ua=agent, at=NOW + timedelta(seconds=n))["statusCode"]
            == 302
        )
    aws.streams.drain()
    item = _share_item(org, mia, share)
    assert (item.clicks, item.human_clicks, item.unique_clicks, item.repeat_clicks) == (30, 30, 1, 29)
    assert _me(aws, mia)["points"]["balance"] == before + 2  # one unique click's points


def test_at_most_three_rewarded_clicks_from_one_network_a_day(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    share = _share(aws, org, mia)
    before = _me(aws, mia)["points"]["balance"]
    for n in range(5):  # five addresses of one /24: five unique visitors, three rewarded
        click(aws, share["code"], ip=f"198.51.100.{n + 1}", at=NOW + timedelta(minutes=n))
    click(aws, share["code"], ip="192.0.2.1", at=NOW + timedelta(minutes=9))  # another network: rewarded
    aws.streams.drain()
    item = _share_item(org, mia, share)
    assert (item.clicks, item.unique_clicks, item.capped_clicks) == (6, 6, 2)
    assert _me(aws, mia)["points"]["balance"] == before + 4 * 2
    # The next day the network may earn again.
    click(aws, share["code"], ip="198.51.100.77", at=NOW + timedelta(days=1))
    aws.streams.drain()
    assert _me(aws, mia)["points"]["balance"] == before + 5 * 2


def test_a_late_click_of_the_day_before_counts_on_that_days_cap(aws: Env, org: dict[str, Any]) -> None:
    """One link's clicks are applied in the order they were recorded, and around midnight two
    redirects may record theirs out of order: the share keeps its two latest days, each capped."""
    admin, mia = org["admin"], org["members"][0]
    rules = {"point_rules": {"click_daily_cap_per_share": 3}}
    assert aws.call("PATCH", "/org", who=admin, body=rules).status == 200
    share = _share(aws, org, mia)
    before = _me(aws, mia)["points"]["balance"]
    tomorrow = NOW + timedelta(days=1)
    for n in range(5):  # five networks the next day: three rewarded
        click(aws, share["code"], ip=f"198.51.{n}.1", at=tomorrow + timedelta(minutes=n))
    for n in range(5):  # then, recorded later, five of the day before: three rewarded on its own cap
        click(aws, share["code"], ip=f"203.0.{n}.1", at=NOW + timedelta(minutes=n))
    click(aws, share["code"], ip="192.0.2.1", at=NOW - timedelta(days=1))  # older than both: nothing
    aws.streams.drain()
    item = _share_item(org, mia, share)
    assert (item.unique_clicks, item.capped_clicks) == (11, 5)
    assert _me(aws, mia)["points"]["balance"] == before + 6 * 2


def test_a_clicks_contest_counts_only_rewarded_clicks(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    r = aws.call(
        "PATCH", "/org", who=admin, body={"point_rules": {"click": 2, "click_daily_cap_per_share": 4}}
    )
    assert r.status == 200, r.body
    contest = create_contest(
        aws, org, NOW, NOW + timedelta(days=7), metric="clicks", prizes=[{"place": 1, "points": 100}]
    )
    share = _share(aws, org, mia)
    for n in range(10):  # ten visitors of ten networks: only the daily cap of 4 is rewarded
        click(aws, share["code"], ip=f"192.0.{n}.1", at=NOW + timedelta(minutes=n))
    for agent in AGENTS[:5]:  # one more visitor faking agents: no more unique clicks
        click(aws, share["code"], ip="203.0.113.9", ua=agent, at=NOW + timedelta(hours=1))
    aws.streams.drain()
    standings = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia).body["standings"]
    assert [(s["name"], s["score"]) for s in standings] == [("Mia", 4)]


def test_suspicious_shares_list_the_evidence_and_only_to_admins(aws: Env, org: dict[str, Any]) -> None:
    admin, mia, noa = org["admin"], org["members"][0], org["members"][1]
    farmed, honest = _share(aws, org, mia), _share(aws, org, noa)
    for n, agent in enumerate(AGENTS):
        click(aws, farmed["code"], ip="203.0.113.9", ua=agent, at=NOW + timedelta(seconds=n))
    for n in range(3):
        click(aws, honest["code"], ip=f"192.0.{n}.1", at=NOW + timedelta(minutes=n))
    aws.streams.drain()
    r = aws.call("GET", "/analytics/suspicious-shares", who=admin, now=NOW + timedelta(hours=1))
    assert r.status == 200, r.body
    [found] = r.body["items"]
    assert found["share_id"] == farmed["share_id"] and found["void"] is None
    evidence = found["evidence"]
    assert (evidence["addresses"], evidence["max_agents_per_address"], evidence["burst"]) == (1, 30, 30)
    assert evidence["reasons"] == ["many_agents", "burst", "repeats"]
    assert evidence["own_clicks"] is None
    assert aws.call("GET", "/analytics/suspicious-shares", who=org["manager"]).status == 403
    assert aws.call("POST", f"/shares/{farmed['share_id']}/void", who=org["manager"],
                    body={"reason": "x"}).status == 403  # fmt: skip


def test_void_takes_the_points_back_from_the_balance_boards_and_contests(
    aws: Env, org: dict[str, Any]
) -> None:
    admin, mia, noa = org["admin"], org["members"][0], org["members"][1]
    contest = create_contest(aws, org, NOW, NOW + timedelta(days=7), prizes=[{"place": 1, "points": 100}])
    share = _share(aws, org, mia)
    _share(aws, org, noa)
    for n in range(3):
        click(aws, share["code"], ip=f"192.0.{n}.1", at=NOW + timedelta(minutes=n))
    aws.streams.drain()
    earned = 10 + 3 * 2
    before = _me(aws, mia)["points"]
    later = NOW + timedelta(hours=1)
    run_job("leaderboards", later)
    week = aws.call("GET", "/leaderboards/week", who=mia, now=later).body
    assert week["entries"][0]["member_id"] == mia["member_id"]

    path = f"/shares/{share['share_id']}/void"
    assert aws.call("POST", path, who=admin, body={"reason": "  "}, now=later).status == 422
    assert aws.call("POST", path, who=admin, body={}, now=later).status == 422
    r = aws.call("POST", path, who=admin, body={"reason": "Clicks farmed."}, now=later)
    assert r.status == 200, r.body
    assert (r.body["voided_by"], r.body["reason"]) == (admin["member_id"], "Clicks farmed.")
    after = _me(aws, mia)["points"]
    assert after["balance"] == before["balance"] - earned
    assert after["lifetime"] == before["lifetime"] - earned
    voids = [e for e in aws.call("GET", "/me/points", who=mia).body["items"] if e["type"] == "void"]
    assert sorted(e["points"] for e in voids) == [-10, -2, -2, -2]

    again = aws.call(
        "POST", path, who=admin, body={"reason": "Another reason."}, now=later + timedelta(minutes=1)
    )
    assert again.status == 200 and again.body == r.body  # idempotent: the first void, nothing twice
    assert _me(aws, mia)["points"]["balance"] == after["balance"]

    run_job("leaderboards", later + timedelta(minutes=15))
    week = aws.call("GET", "/leaderboards/week", who=mia, now=later + timedelta(minutes=15)).body
    assert week["entries"][0]["member_id"] == noa["member_id"]
    assert mia["member_id"] not in [e["member_id"] for e in week["entries"]]
    standings = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia).body["standings"]
    assert [s["name"] for s in standings] == ["Noa"]

    # Later clicks on a voided share count, and earn nothing.
    click(aws, share["code"], ip="192.0.9.1", at=later + timedelta(minutes=30))
    aws.streams.drain()
    assert _me(aws, mia)["points"]["balance"] == after["balance"]
    assert _share_item(org, mia, share).unique_clicks == 4

    listed = aws.call("GET", "/analytics/suspicious-shares", who=admin, now=later).body["items"]
    assert [(s["share_id"], s["void"]["reason"]) for s in listed] == [(share["share_id"], "Clicks farmed.")]


def test_voiding_an_unknown_share_is_a_404(aws: Env, org: dict[str, Any]) -> None:
    r = aws.call("POST", "/shares/nope/void", who=org["admin"], body={"reason": "x"})
    assert r.status == 404, r.body


def test_the_suspicious_list_pages_with_its_cursor(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    farmed = []
    for n in range(3):
        share = _share(aws, org, mia)
        farmed.append(share["share_id"])
        for agent in AGENTS[:4]:
            click(aws, share["code"], ip=f"203.0.113.{n + 1}", ua=agent, at=NOW + timedelta(minutes=n))
    aws.streams.drain()
    seen, cursor = [], None
    for _ in range(10):
        query = {"limit": "1", **({"cursor": cursor} if cursor else {})}
        r = aws.call(
            "GET", "/analytics/suspicious-shares", who=admin, query=query, now=NOW + timedelta(hours=1)
        )
        assert r.status == 200, r.body
        seen += [s["share_id"] for s in r.body["items"]]
        cursor = r.body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(farmed)
    foreign = aws.call("GET", "/analytics/suspicious-shares", who=admin, query={"cursor": "eyJ4IjoxfQ"})
    assert foreign.status == 422
