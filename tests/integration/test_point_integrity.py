"""Points that cannot be gamed: clicks credit only active members on live content; managers' points
and prizes stay within the limits the admins set; reward prizes wait for an admin; prizes never feed
another contest's score."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.actions import adjust, click, create_contest, new_reward, publish, run_job, share
from tests.support.mocked import Env


def contest_body(start: datetime, end: datetime, prizes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Push",
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "metric": "points",
        "prizes": prizes,
    }


def fields(r: Any) -> dict[str, str]:
    assert r.status == 422, r.body
    return {d["field"]: d["message"] for d in r.body["error"]["details"]}


def balance(aws: Env, who: dict[str, Any]) -> int:
    return int(aws.call("GET", "/me", who=who).body["points"]["balance"])


def member(aws: Env, org: dict[str, Any], who: dict[str, Any]) -> dict[str, Any]:
    r = aws.call("GET", f"/members/{who['member_id']}", who=org["admin"])
    assert r.status == 200, r.body
    return dict(r.body)


# --- clicks ---------------------------------------------------------------------------------------


def test_clicks_on_a_deactivated_members_link_redirect_but_earn_nothing(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    item = publish(aws, org)
    code = share(aws, mia, item["content_id"], "x")
    path = f"/members/{mia['member_id']}"
    assert aws.call("PATCH", path, who=admin, body={"status": "deactivated"}).status == 200
    for n in range(3):
        assert click(aws, code, ip=f"192.0.2.{n}", at=now + timedelta(minutes=n))["statusCode"] == 302
    aws.streams.drain()
    assert aws.call("PATCH", path, who=admin, body={"status": "active"}).status == 200
    assert balance(aws, mia) == 10  # the share alone, earned while active
    stats = aws.call("GET", f"/content/{item['content_id']}", who=org["manager"]).body["stats"]
    assert stats == {"shares": 1, "clicks": 3, "unique_clicks": 3}  # counted all the same
    click(aws, code, ip="192.0.2.9", at=now + timedelta(minutes=9))  # active again: earns again
    aws.streams.drain()
    assert balance(aws, mia) == 10 + 2


def test_clicks_on_archived_content_earn_nothing_on_expired_content_they_do(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    mia, noa = org["members"]
    archived = publish(aws, org)
    expiring = publish(aws, org, title="Short-lived", expires_at=(now + timedelta(hours=1)).isoformat())
    on_archived = share(aws, mia, archived["content_id"], "x")
    on_expired = share(aws, noa, expiring["content_id"], "x")
    r = aws.call("POST", f"/content/{archived['content_id']}/archive", who=org["manager"])
    assert r.status == 200, r.body
    run_job("publish-due", now + timedelta(hours=2))
    r = aws.call("GET", f"/content/{expiring['content_id']}", who=org["manager"])
    assert r.body["status"] == "expired", r.body
    later = now + timedelta(hours=3)
    assert click(aws, on_archived, at=later)["statusCode"] == 302
    assert click(aws, on_expired, at=later)["statusCode"] == 302
    aws.streams.drain()
    assert balance(aws, mia) == 10
    assert balance(aws, noa) == 10 + 2


# --- limits ---------------------------------------------------------------------------------------


def test_managers_points_and_prizes_stay_within_the_limits_admins_set(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, manager = org["admin"], org["manager"]
    assert aws.call("GET", "/org", who=admin).body["limits"] == {
        "content_points_max": 100,
        "prize_points_max": 1000,
    }
    r = aws.call("PATCH", "/org", who=manager, body={"limits": {"content_points_max": 100000}})
    assert r.status == 403
    over = {"title": "Big", "url": "https://acme.example/big", "status": "published", "points": 101}
    issues = fields(aws.call("POST", "/content", who=manager, body=over))
    assert "100" in issues["points"] and "limits.content_points_max" in issues["points"]
    item = publish(aws, org, points=100)
    issues = fields(aws.call("PATCH", f"/content/{item['content_id']}", who=manager, body={"points": 100000}))
    assert set(issues) == {"points"}
    # Admins own the limits: they may go beyond them, or raise them for managers.
    r = aws.call("PATCH", f"/content/{item['content_id']}", who=admin, body={"points": 5000})
    assert (r.status, r.body.get("points")) == (200, 5000)
    r = aws.call("PATCH", f"/content/{item['content_id']}", who=manager, body={"title": "Renamed"})
    assert r.status == 200, r.body  # the admin's points stay, other fields may change
    end = now + timedelta(days=7)
    issues = fields(
        aws.call(
            "POST", "/contests", who=manager, body=contest_body(now, end, [{"place": 1, "points": 1001}])
        )
    )
    assert set(issues) == {"prizes.0.points"} and "1000" in issues["prizes.0.points"]
    r = aws.call(
        "POST", "/contests", who=admin, body=contest_body(now, end, [{"place": 1, "points": 1_000_000}])
    )
    assert r.status == 201, r.body
    r = aws.call("PATCH", "/org", who=admin, body={"limits": {"content_points_max": 500}})
    assert r.body["limits"] == {"content_points_max": 500, "prize_points_max": 1000}
    publish(aws, org, points=500)


def test_reward_prizes_reserve_stock_and_wait_for_an_admins_decision(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    admin, mia = org["admin"], org["members"][0]
    start, end = now.replace(minute=0), now.replace(minute=0) + timedelta(days=7)
    reward = new_reward(aws, admin, stock=2, cost=10)
    path = f"/rewards/{reward['reward_id']}"
    three = [{"place": n, "reward_id": reward["reward_id"]} for n in (1, 2, 3)]
    issues = fields(
        aws.call("POST", "/contests", who=org["manager"], body=contest_body(start, end, three), now=start)
    )
    assert set(issues) == {"prizes.0.reward_id"}
    contest = create_contest(aws, org, start, end, prizes=three[:2])
    assert aws.call("GET", path, who=admin).body["stock"] == 0  # both units reserved with the contest
    adjust(aws, org, mia, 50, start + timedelta(hours=1))
    r = aws.call("POST", f"{path}/redemptions", who=mia)
    assert (r.status, r.body["error"]["code"]) == (409, "out_of_stock")
    run_job("contests", end + timedelta(hours=1))
    run_job("contests", end + timedelta(hours=2))  # a second run awards and releases nothing more
    assert aws.call("GET", path, who=admin).body["stock"] == 1  # place 2 had no winner: given back
    won = aws.call("GET", "/me/redemptions", who=mia).body["items"]
    assert [(w["status"], w["cost"]) for w in won] == [("pending", 0)]
    assert balance(aws, mia) == 50
    standings = aws.call("GET", f"/contests/{contest['contest_id']}", who=mia).body["standings"]
    assert [s["name"] for s in standings] == ["Mia"]
    r = aws.call("POST", f"/redemptions/{won[0]['redemption_id']}/reject", who=admin, body={"note": "no"})
    assert r.status == 200, r.body
    assert aws.call("GET", path, who=admin).body["stock"] == 2
    assert balance(aws, mia) == 50


def test_prize_points_never_feed_another_contests_score(aws: Env, org: dict[str, Any], now: datetime) -> None:
    admin, mia = org["admin"], org["members"][0]
    start = now.replace(minute=0)
    create_contest(aws, org, start, start + timedelta(days=1), prizes=[{"place": 1, "points": 500}])
    body = contest_body(start, start + timedelta(days=7), [{"place": 1, "points": 10}])
    long = aws.call("POST", "/contests", who=admin, body=body, now=start).body
    adjust(aws, org, mia, 30, start + timedelta(hours=1))
    run_job("contests", start + timedelta(days=1, hours=1))
    assert balance(aws, mia) == 30 + 500
    r = aws.call("GET", f"/contests/{long['contest_id']}", who=mia, now=start + timedelta(days=2))
    assert [(s["name"], s["score"]) for s in r.body["standings"]] == [("Mia", 30)]
