"""Post now in Chromium against the local stack: a member with X connected (through the gateway's fake)
finds new content in the feed, reviews the text in the card's editor, posts it through their account
and sees the post linked; the fake got the text with the tracked link. A refused post is said as a
sentence. The card is audited with axe-core, usable at 360 px, and photographed for the README."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.e2e.test_connections_journey import _consent
from tests.support.stack import Stack

TITLE = "Globex opens a new lab in Turin"
OWN_WORDS = "Our new lab in Turin opens today, and my team moves in next week!"


def test_a_member_reviews_and_posts_to_x_from_a_feed_card(page: Page, stack: Stack) -> None:
    user = stack.user("member", org_index=1)
    token = stack.login(user["email"], user["password"])
    started = stack.call("POST", "/me/connections/x", token)
    assert started.status == 200, started.body
    finished = stack.call(
        "POST", "/me/connections/x/callback", token, _consent(stack, started.json()["authorize_url"])
    )
    assert finished.status == 200, finished.body
    manager = stack.user("manager", org_index=1)
    body = {"title": TITLE, "url": "https://globex.example/turin", "messages": {"x": "Globex opens a lab in Turin"},
            "networks": ["x", "linkedin"], "status": "published"}  # fmt: skip
    for title in (TITLE, f"{TITLE}: the pictures"):
        created = stack.call(
            "POST", "/content", stack.login(manager["email"], manager["password"]), {**body, "title": title}
        )
        assert created.status == 201, created.body
    posted_before = len(stack.call("GET", "/_local/providers/x/posts").json()["items"])

    sign_in(page, stack, user["email"], user["password"])
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name=TITLE, exact=True))
    card.get_by_role("button", name="Post to X").click()
    text = card.get_by_label("Text for X")
    expect(text).to_be_visible()
    text.fill(OWN_WORDS)
    expect(card.get_by_text(re.compile(r"^Check your text for X above"))).to_be_visible()
    expect(card.get_by_role("button", name="Post to LinkedIn")).to_have_count(0)  # LinkedIn not connected
    card.get_by_role("button", name="Post now (X)").click()
    expect(card.get_by_text(re.compile(r"^Posted to X\. You earned"))).to_be_visible()
    view = card.get_by_role("link", name="View your post on X")
    expect(view).to_have_attribute("href", re.compile(r"^https://x\.com/i/web/status/\d+$"))
    posts = stack.call("GET", "/_local/providers/x/posts").json()["items"][posted_before:]
    assert [p["body"]["text"].rsplit(" ", 1)[0] for p in posts] == [OWN_WORDS]
    assert re.fullmatch(
        rf"{re.escape(stack.url.rstrip('/'))}/r/[A-Za-z0-9_-]+", posts[0]["body"]["text"].rsplit(" ", 1)[1]
    )
    expect(card.get_by_role("link", name="View post (X)")).to_be_visible()  # the feed, read again, has it
    page.mouse.move(0, 0)
    card.evaluate("element => element.scrollIntoView({ block: 'start' })")
    shoot(page, "post-now")
    assert_accessible(page, "post-now")

    # The network refuses the next one: said as a sentence, nothing posted, the button back.
    fault = stack.call("POST", "/_local/providers/x/faults", body={"status": 402, "count": 1})
    assert fault.status == 200, fault.body
    other = page.get_by_role("article").filter(has=page.get_by_role("heading", name=f"{TITLE}: the pictures"))
    other.get_by_role("button", name="Post to X").click()
    other.get_by_role("button", name="Post now (X)").click()
    expect(other.get_by_role("alert")).to_have_text(
        "Posting to X is not possible right now. Use “Share on X” instead."
    )
    expect(other.get_by_role("button", name="Post to X")).to_be_visible()
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert len(stack.call("GET", "/_local/providers/x/posts").json()["items"]) == posted_before + 1
