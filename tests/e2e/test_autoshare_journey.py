"""Auto-share over HTTP against the local stack: a member connects both networks and opts in, a
manager publishes, the plan and dispatch jobs run through the local job trigger, the local SQS poller
delivers the queue to the poster; X answers 429 once halfway and the post goes out after the wait.
The posts are at the gateway's fakes with their tracked links, a followed link counts, and the points
come once."""

from __future__ import annotations

import time
import urllib.parse
from datetime import timedelta
from typing import Any

from tests.e2e.test_connections_journey import _consent
from tests.support.stack import Stack

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


def _posts(stack: Stack, network: str) -> list[dict[str, Any]]:
    return list(stack.call("GET", f"/_local/providers/{network}/posts").json()["items"])


def _job(stack: Stack, job: str, at: str) -> dict[str, Any]:
    ran = stack.call("POST", f"/_local/jobs/{job}", body={"time": at})
    assert ran.status == 200, ran.body
    return dict(ran.json())


MARK = "Auto-shared for me"


def _mine(stack: Stack, member: str, content_id: str) -> dict[str, dict[str, Any]]:
    items = stack.call("GET", "/me/auto-posts", member).json()["items"]
    return {p["network"]: p for p in items if p["content_id"] == content_id}


def test_auto_posts_go_out_once_through_the_queue_even_after_a_quota_answer(stack: Stack) -> None:
    user = stack.user("member", org_index=0)
    member = stack.login(user["email"], user["password"])
    manager_user = stack.user("manager", org_index=0)
    manager = stack.login(manager_user["email"], manager_user["password"])
    now = stack.now()
    _job(stack, "auto-share-plan", now.isoformat())  # content published before the member opted in
    for network in ("linkedin", "x"):
        started = stack.call("POST", f"/me/connections/{network}", member)
        assert started.status == 200, started.body
        finished = stack.call("POST", f"/me/connections/{network}/callback", member, _consent(stack, started.json()["authorize_url"]))  # fmt: skip
        assert finished.status == 200, finished.body
    prefs = {
        "enabled": True,
        "networks": ["linkedin", "x"],
        "scope": "all",
        "group_ids": [],
        "daily_cap": 10,
        "window": {"start": "00:00", "end": "23:59"},
    }
    opted = stack.call("PUT", "/me/auto-share", member, prefs)
    assert opted.status == 200, opted.body
    body = {
        "title": "E2E auto-share",
        "url": "https://acme.example/auto-share",
        "messages": {"linkedin": MARK, "x": MARK},
        "points": 4,
        "status": "published",
    }
    created = stack.call("POST", "/content", manager, body)
    assert created.status == 201, created.body
    content_id = created.json()["content_id"]
    before = stack.call("GET", "/me", member).json()["points"]["balance"]
    linkedin_before, x_before = len(_posts(stack, "linkedin")), len(_posts(stack, "x"))

    planned = _job(stack, "auto-share-plan", (stack.now() + timedelta(seconds=5)).isoformat())
    assert planned["planned"] >= 2, (planned, created.json())
    assert {p["state"] for p in _mine(stack, member, content_id).values()} == {"queued"}
    reset = str(int(time.time()) + 2)
    quota = stack.call("POST", "/_local/providers/x/faults", body={"status": 429, "headers": {"x-rate-limit-reset": reset}, "count": 1, "path": "/2/tweets"})  # fmt: skip
    assert quota.status == 200, quota.body
    later = (stack.now() + timedelta(days=2)).isoformat()
    assert _job(stack, "auto-share-dispatch", later)["dispatched"] >= 2
    deadline = time.monotonic() + 90
    mine = _mine(stack, member, content_id)
    while time.monotonic() < deadline and {p["state"] for p in mine.values()} != {"posted"}:
        time.sleep(1)
        mine = _mine(stack, member, content_id)
    assert {n: p["state"] for n, p in mine.items()} == {"linkedin": "posted", "x": "posted"}, mine
    # Other members' due auto-posts (other tests of the session) may go out with this dispatch too.
    [at_linkedin] = [
        p for p in _posts(stack, "linkedin")[linkedin_before:] if MARK in p["body"]["commentary"]
    ]
    [at_x] = [p for p in _posts(stack, "x")[x_before:] if MARK in p["body"]["text"]]
    assert at_x["body"]["text"].startswith("Auto-shared for me ")
    tracked = at_linkedin["body"]["content"]["article"]["source"]
    assert tracked.startswith(stack.url + "/r/")
    assert _job(stack, "auto-share-dispatch", later)["dispatched"] == 0  # nothing left to send

    followed = stack.call("GET", urllib.parse.urlsplit(tracked).path, headers={"user-agent": FIREFOX})
    assert followed.status == 302, followed.body
    stack.quiet()
    admin_user = stack.user("admin", org_index=0)
    admin = stack.login(admin_user["email"], admin_user["password"])
    rules = stack.call("GET", "/org", admin).json()["point_rules"]
    # The member's points from this content (other content of the session, gone live meanwhile, may
    # be auto-posted for them by the same jobs): two posts, one unique click, each once.
    ledger = stack.call("GET", "/me/points?limit=100", member).json()["items"]
    earned = sorted((e["type"], e["points"]) for e in ledger if e["ref"].get("content_id") == content_id)
    assert earned == sorted([("share", 4), ("share", 4), ("click", rules["click"])]), earned
    me = stack.call("GET", "/me", member).json()
    assert me["points"]["balance"] - before >= 4 + 4 + rules["click"]
    counts = stack.call("GET", "/org/connections", admin).json()["auto_posts"]
    assert counts["posted"]["linkedin"] >= 1 and counts["posted"]["x"] >= 1
    off = stack.call("PUT", "/me/auto-share", member, {**prefs, "enabled": False})
    assert off.status == 200, off.body
