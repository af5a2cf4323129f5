"""The core loop over HTTP: schedule, publish by job, share, click through, and exact points and stats."""

from __future__ import annotations

import urllib.parse
from datetime import timedelta

from tests.support.events import stamp
from tests.support.stack import Stack

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
CRAWLER = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"


def _token(stack: Stack, role: str) -> str:
    user = stack.user(role, org_index=1)  # the second demo org: untouched by the other journeys
    return stack.login(user["email"], user["password"])


def test_schedule_publish_share_click_and_count_exactly(stack: Stack) -> None:
    manager, member = _token(stack, "manager"), _token(stack, "member")
    now = stack.now()
    body = {
        "title": "E2E scheduled launch",
        "url": "https://globex.example/launch?ref=e2e#top",
        "messages": {"x": "Big news from Globex"},
        "points": 7,
        "status": "scheduled",
        "publish_at": stamp(now + timedelta(hours=1)),
        "expires_at": stamp(now + timedelta(days=7)),
    }
    created = stack.call("POST", "/content", manager, body)
    assert created.status == 201, created.body
    content_id = created.json()["content_id"]
    assert created.json()["status"] == "scheduled"
    assert content_id not in [i["content_id"] for i in stack.call("GET", "/feed", member).json()["items"]]

    job = stack.call("POST", "/_local/jobs/publish-due", body={"time": stamp(now + timedelta(minutes=61))})
    assert job.status == 200, job.body
    feed = stack.call("GET", "/feed", member).json()["items"]
    assert content_id in [i["content_id"] for i in feed]

    balance_before = stack.call("GET", "/me", member).json()["points"]["balance"]
    shares = {}
    for network in ("linkedin", "x"):
        r = stack.call("POST", f"/content/{content_id}/shares", member, {"network": network})
        assert r.status == 201, r.body
        assert r.json()["points_awarded"] == 7
        shares[network] = r.json()
    intent = urllib.parse.urlsplit(shares["x"]["share_url"])
    assert intent.netloc == "x.com"
    assert urllib.parse.parse_qs(intent.query) == {
        "text": ["Big news from Globex"],
        "url": [shares["x"]["tracked_url"]],
    }

    tracked = shares["linkedin"]["tracked_url"]
    assert tracked.startswith(stack.url + "/r/")
    path = urllib.parse.urlsplit(tracked).path
    first = stack.call("GET", path, headers={"user-agent": FIREFOX})  # anonymous, no token
    assert first.status == 302, first.body
    location = urllib.parse.urlsplit(first.headers["Location"])
    assert (location.netloc, location.path, location.fragment) == ("globex.example", "/launch", "top")
    assert urllib.parse.parse_qs(location.query) == {
        "ref": ["e2e"],
        "utm_source": ["linkedin"],
        "utm_medium": ["advocacy"],
        "utm_campaign": [content_id],
    }
    assert stack.call("GET", path, headers={"user-agent": CRAWLER}).status == 302
    assert stack.call("GET", path, headers={"user-agent": FIREFOX}).status == 302  # the same visitor again

    stack.quiet()
    assert stack.call("GET", f"/content/{content_id}", manager).json()["stats"] == {
        "shares": 2,
        "clicks": 3,
        "unique_clicks": 1,
    }
    me = stack.call("GET", "/me", member).json()
    assert me["points"]["balance"] - balance_before == 7 + 7 + 2
    ledger = stack.call("GET", "/me/points", member).json()["items"]
    mine = [(e["type"], e["points"]) for e in ledger if e["ref"].get("content_id") == content_id]
    assert sorted(mine) == [("click", 2), ("share", 7), ("share", 7)]

    again = stack.call("POST", "/_local/jobs/publish-due", body={"time": stamp(now + timedelta(minutes=61))})
    assert again.status == 200
    assert again.json()["published"] == 0


def test_digest_mails_new_content_once_per_day(stack: Stack) -> None:
    import uuid

    now = stack.now()
    admin_user = stack.user("admin", org_index=1)
    admin = stack.login(admin_user["email"], admin_user["password"])
    group = stack.call("POST", "/groups", admin, {"name": f"Digest {uuid.uuid4().hex[:6]}"}).json()[
        "group_id"
    ]
    email = f"digest-{uuid.uuid4().hex[:8]}@globex.example"
    invited = stack.call(
        "POST", "/members", admin, {"email": email, "name": "Dee", "role": "member", "groups": [group]}
    )
    assert invited.status == 201, invited.body
    password = "Digest-e2e-1!"
    stack.idp().admin_set_user_password(
        UserPoolId=stack.info["user_pool_id"], Username=email, Password=password, Permanent=True
    )
    member = stack.login(email, password)
    assert stack.call("PATCH", "/me", member, {"digest": "daily"}).status == 200
    post = {
        "title": "Digest-worthy news",
        "url": "https://globex.example/digest",
        "status": "published",
        "groups": [group],
    }
    assert stack.call("POST", "/content", admin, post).status == 201

    when = {"time": stamp(now + timedelta(minutes=1))}  # the content is from a moment ago
    assert stack.call("POST", "/_local/jobs/digest", body=when).status == 200
    assert stack.call("POST", "/_local/jobs/digest", body=when).status == 200
    mails = [m for m in stack.call("GET", "/_local/outbox").json()["items"] if m["to"] == [email]]
    assert len(mails) == 1
    assert "Digest-worthy news" in mails[0]["body"]
