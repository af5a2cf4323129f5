"""Connected accounts over HTTP against the local stack: the member connects LinkedIn and X through
the gateway's fakes of the networks (local/providers.py), sees both connected, and disconnects X."""

from __future__ import annotations

import urllib.parse

from tests.support.stack import Stack


def _consent(stack: Stack, authorize_url: str) -> dict[str, str]:
    """The browser's trip to the network: the fake consents at once and sends it back with a code."""
    split = urllib.parse.urlsplit(authorize_url)
    assert authorize_url.startswith(stack.url + "/_local/providers/")
    answer = stack.call("GET", f"{split.path}?{split.query}")
    assert answer.status == 302, answer.body
    back = urllib.parse.urlsplit(
        answer.headers["location"] if "location" in answer.headers else answer.headers["Location"]
    )
    assert back.path == "/connections/callback"
    query = urllib.parse.parse_qs(back.query)
    return {"code": query["code"][0], "state": query["state"][0]}


def test_a_member_connects_both_networks_and_disconnects_one(stack: Stack) -> None:
    user = stack.user("member", org_index=1)
    member = stack.login(user["email"], user["password"])
    listed = stack.call("GET", "/me/connections", member).json()["items"]
    assert [(c["network"], c["available"]) for c in listed] == [("linkedin", True), ("x", True)]
    for network in ("linkedin", "x"):
        started = stack.call("POST", f"/me/connections/{network}", member)
        assert started.status == 200, started.body
        back = _consent(stack, started.json()["authorize_url"])
        finished = stack.call("POST", f"/me/connections/{network}/callback", member, back)
        assert finished.status == 200, finished.body
        assert finished.json()["connected"] is True
        assert stack.call("POST", f"/me/connections/{network}/callback", member, back).status == 409
    listed = stack.call("GET", "/me/connections", member).json()["items"]
    assert [c["connected"] for c in listed] == [True, True]
    assert stack.call("DELETE", "/me/connections/x", member).status == 204
    assert len(stack.call("GET", "/_local/providers/x/posts").json()["revoked"]) == 1
    assert [c["connected"] for c in stack.call("GET", "/me/connections", member).json()["items"]] == [
        True,
        False,
    ]
