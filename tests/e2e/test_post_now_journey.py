"""Post now over HTTP against the local stack: a member connects LinkedIn and X through the gateway's
fakes, posts new content to both, finds each post at the fake with the tracked link, follows the link
and sees the points once; a quota answer, a revoked token and a repeat change nothing twice."""

from __future__ import annotations

import urllib.parse

from tests.e2e.test_connections_journey import _consent
from tests.support.stack import Stack

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


def _posts(stack: Stack, network: str) -> list[dict]:
    return list(stack.call("GET", f"/_local/providers/{network}/posts").json()["items"])


def test_a_member_posts_through_both_networks_and_earns_the_points_once(stack: Stack) -> None:
    user = stack.user("member", org_index=0)  # the connections journey uses the second org's member
    member = stack.login(user["email"], user["password"])
    manager_user = stack.user("manager", org_index=0)
    manager = stack.login(manager_user["email"], manager_user["password"])
    for network in ("linkedin", "x"):
        started = stack.call("POST", f"/me/connections/{network}", member)
        assert started.status == 200, started.body
        finished = stack.call("POST", f"/me/connections/{network}/callback", member, _consent(stack, started.json()["authorize_url"]))  # fmt: skip
        assert finished.status == 200, finished.body
    body = {
        "title": "E2E post now",
        "body": "Posted through the member's own account.",
        "url": "https://acme.example/post-now",
        "messages": {"linkedin": "Proud of this (really) #launch", "x": "Proud of this launch"},
        "points": 6,
        "status": "published",
    }
    created = stack.call("POST", "/content", manager, body)
    assert created.status == 201, created.body
    content_id = created.json()["content_id"]
    before = stack.call("GET", "/me", member).json()["points"]["balance"]
    linkedin_before, x_before = len(_posts(stack, "linkedin")), len(_posts(stack, "x"))

    posted = stack.call("POST", f"/content/{content_id}/posts", member, {"network": "linkedin"})
    assert posted.status == 201, posted.body
    share = posted.json()
    [at_linkedin] = _posts(stack, "linkedin")[linkedin_before:]
    assert at_linkedin["id"] == share["post_id"]
    assert at_linkedin["body"]["commentary"] == "Proud of this \\(really\\) \\#launch"
    assert at_linkedin["body"]["content"]["article"]["source"] == share["tracked_url"]

    quota = stack.call("POST", "/_local/providers/x/faults", body={"status": 429, "headers": {"retry-after": "120"}, "count": 1})  # fmt: skip
    assert quota.status == 200, quota.body
    limited = stack.call("POST", f"/content/{content_id}/posts", member, {"network": "x"})
    assert (limited.status, limited.json()["error"]["code"]) == (503, "unavailable"), limited.body
    assert len(_posts(stack, "x")) == x_before
    on_x = stack.call("POST", f"/content/{content_id}/posts", member, {"network": "x"})
    assert on_x.status == 201, on_x.body
    [at_x] = _posts(stack, "x")[x_before:]
    assert at_x["body"]["text"] == f"Proud of this launch {on_x.json()['tracked_url']}"
    again = stack.call("POST", f"/content/{content_id}/posts", member, {"network": "x"})
    assert (again.status, again.json()["post_id"], again.json()["points_awarded"]) == (200, on_x.json()["post_id"], 0)  # fmt: skip
    assert len(_posts(stack, "x")) == x_before + 1

    path = urllib.parse.urlsplit(share["tracked_url"]).path
    followed = stack.call("GET", path, headers={"user-agent": FIREFOX})
    assert followed.status == 302, followed.body
    assert followed.headers["Location"].startswith("https://acme.example/post-now?")
    stack.quiet()
    admin_user = stack.user("admin", org_index=0)
    rules = stack.call("GET", "/org", stack.login(admin_user["email"], admin_user["password"])).json()[
        "point_rules"
    ]
    me = stack.call("GET", "/me", member).json()
    assert me["points"]["balance"] - before == 6 + 6 + rules["click"]  # two posts, one unique click
    feed = {i["content_id"]: i for i in stack.call("GET", "/feed", member).json()["items"]}
    assert feed[content_id]["my_shares"]["linkedin"]["post_url"] == share["post_url"]

    revoked = stack.call("POST", "/_local/providers/linkedin/faults", body={"status": 401, "count": 1})
    assert revoked.status == 200, revoked.body
    second = stack.call("POST", "/content", manager, {**body, "title": "E2E post now, again"}).json()[
        "content_id"
    ]
    refused = stack.call("POST", f"/content/{second}/posts", member, {"network": "linkedin"})
    assert (refused.status, refused.json()["error"]["code"]) == (409, "needs_reconnect"), refused.body
    listed = {c["network"]: c for c in stack.call("GET", "/me/connections", member).json()["items"]}
    assert listed["linkedin"]["needs_reconnect"] is True
    assert len(_posts(stack, "linkedin")) == linkedin_before + 1
