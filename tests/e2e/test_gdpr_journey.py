"""Privacy over HTTP against the local stack: a member downloads their own data (inline, and as a file
built by the exports function), an admin erases them once deactivated, and their link still redirects."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from typing import Any

from tests.support.stack import Stack

PASSWORD = "Privacy-e2e-1!"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0 gdpr-e2e"


def _invite(stack: Stack, admin: str) -> tuple[dict[str, Any], str]:
    email = f"e2e-gdpr-{uuid.uuid4().hex[:8]}@acme.example"
    r = stack.call("POST", "/members", admin, {"email": email, "name": "Robin Leaving", "role": "member"})
    assert r.status == 201, r.body
    stack.idp().admin_set_user_password(
        UserPoolId=stack.info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
    )
    return r.json(), stack.login(email, PASSWORD)


def _ready_file(stack: Stack, token: str, location: str) -> dict[str, Any]:
    """Poll the member's export until it is ready, then read its file from the presigned URL."""
    for _ in range(60):
        polled = stack.call("GET", f"{location}?redirect=false", token)
        assert polled.status == 200, polled.body
        if polled.json()["status"] == "ready":
            with urllib.request.urlopen(polled.json()["url"], timeout=30) as answer:  # noqa: S310 - the stack's S3
                return dict(json.loads(answer.read()))
        assert polled.json()["status"] in ("pending", "building"), polled.body
        time.sleep(0.5)
    raise AssertionError("the export was not built")


def test_a_member_downloads_their_data_and_is_erased_after_leaving(stack: Stack) -> None:
    admin_user = stack.user("admin")
    admin = stack.login(admin_user["email"], admin_user["password"])
    robin, token = _invite(stack, admin)
    assert (
        stack.call(
            "PATCH", "/me", token, {"networks": {"linkedin": {"handle": "robin-l", "followers": 75}}}
        ).status
        == 200
    )
    post = {
        "title": f"GDPR {uuid.uuid4().hex[:6]}",
        "url": "https://acme.example/gdpr",
        "status": "published",
    }
    content = stack.call("POST", "/content", admin, post).json()
    shared = stack.call("POST", f"/content/{content['content_id']}/shares", token, {"network": "linkedin"})
    assert shared.status == 201, shared.body
    link = "/r/" + shared.json()["code"]
    assert stack.call("GET", link, headers={"user-agent": BROWSER}).status == 302
    stack.quiet()

    # Their own data, inline: their profile and share, and nobody else's.
    inline = stack.call("POST", "/me/export", token)
    assert inline.status == 200, inline.body
    data = inline.json()
    assert (
        data["profile"]["email"] == robin["email"]
        and data["profile"]["networks"]["linkedin"]["followers"] == 75
    )
    assert [s["code"] for s in data["shares"]] == [shared.json()["code"]]
    assert data["clicks_received"][0]["unique_clicks"] == 1
    assert admin_user["email"] not in inline.body.decode()
    # And as a file, which the exports function builds from the stream.
    requested = stack.call("POST", "/me/export", token, headers={"prefer": "respond-async"})
    assert requested.status == 202, requested.body
    assert requested.headers["Location"] == f"/me/exports/{requested.json()['export_id']}"
    built = _ready_file(stack, token, requested.headers["Location"])
    assert built["profile"] == data["profile"] and built["shares"] == data["shares"]

    # They leave: erasing is refused until they are deactivated, then removes the profile.
    path = f"/members/{robin['member_id']}/erase"
    assert stack.call("POST", path, admin).status == 409
    assert (
        stack.call("PATCH", f"/members/{robin['member_id']}", admin, {"status": "deactivated"}).status == 200
    )
    erased = stack.call("POST", path, admin)
    assert erased.status == 200, erased.body
    assert (erased.json()["name"], erased.json()["email"]) == ("Former member", "")
    assert stack.call("POST", path, admin).json() == erased.json()  # a repeat changes nothing
    members = stack.call("GET", "/members?limit=100&status=deactivated", admin).json()["items"]
    assert robin["email"] not in json.dumps(members)

    # Their link still takes visitors where it did.
    still = stack.call("GET", link, headers={"user-agent": BROWSER})
    assert still.status == 302 and still.headers["Location"].startswith("https://acme.example/gdpr")
