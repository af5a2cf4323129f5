"""Click farming over HTTP (decisions 82, 83): thirty browser-like User-Agents from one address are one
unique visitor; an admin sees the share as suspicious, voids it, and the balance and the board follow."""

from __future__ import annotations

from datetime import timedelta

from tests.support.events import stamp
from tests.support.stack import Stack

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def test_thirty_agents_from_one_address_are_one_visitor_and_a_void_takes_the_points_back(
    stack: Stack,
) -> None:
    users = {role: stack.user(role, org_index=1) for role in ("admin", "manager", "member")}
    admin, manager, member = (stack.login(u["email"], u["password"]) for u in users.values())
    now = stack.now()
    body = {"title": "E2E farmed link", "url": "https://globex.example/farmed", "points": 9, "status": "published",
            "expires_at": stamp(now + timedelta(days=7))}  # fmt: skip
    created = stack.call("POST", "/content", manager, body)
    assert created.status == 201, created.body
    content_id = created.json()["content_id"]
    balance_before = stack.call("GET", "/me", member).json()["points"]["balance"]
    assert stack.call("POST", "/_local/jobs/leaderboards", body={"time": stamp(now)}).status == 200
    week_before = stack.call("GET", "/leaderboards/week", member).json()["me"]["points"]
    shared = stack.call("POST", f"/content/{content_id}/shares", member, {"network": "linkedin"})
    assert shared.status == 201, shared.body
    share = shared.json()
    path = "/r/" + share["tracked_url"].rsplit("/r/", 1)[1]

    for n in range(30):  # every request of the local stack comes from one address
        assert stack.call("GET", path, headers={"user-agent": f"{CHROME} Build/{n}"}).status == 302
    stack.quiet()

    mine = next(
        s
        for s in stack.call("GET", "/me/shares", member).json()["items"]
        if s["share_id"] == share["share_id"]
    )
    assert (mine["clicks"], mine["unique_clicks"]) == (30, 1)
    earned = stack.call("GET", "/me", member).json()["points"]["balance"] - balance_before
    assert earned > 9  # the share's points and one unique click's, not thirty
    clicks = [e for e in stack.call("GET", "/me/points", member).json()["items"]
              if e["type"] == "click" and e["ref"].get("share_id") == share["share_id"]]  # fmt: skip
    assert len(clicks) == 1

    listed = stack.call("GET", "/analytics/suspicious-shares", admin)
    assert listed.status == 200, listed.body
    suspect = next(s for s in listed.json()["items"] if s["share_id"] == share["share_id"])
    assert suspect["evidence"]["max_agents_per_address"] == 30
    assert "many_agents" in suspect["evidence"]["reasons"]

    voided = stack.call(
        "POST", f"/shares/{share['share_id']}/void", admin, {"reason": "Thirty agents, one address."}
    )
    assert voided.status == 200, voided.body
    assert stack.call("GET", "/me", member).json()["points"]["balance"] == balance_before
    assert stack.call("GET", "/leaderboards/week", member).json()["me"]["points"] == week_before  # live score
    job = stack.call("POST", "/_local/jobs/leaderboards", body={"time": stamp(stack.now())})
    assert job.status == 200, job.body
    board = stack.call("GET", "/leaderboards/week", member).json()
    mine_on_board = [e["points"] for e in board["entries"] if e["member_id"] == users["member"]["member_id"]]
    assert mine_on_board in ([], [board["me"]["points"]])
    assert board["me"]["points"] == week_before
