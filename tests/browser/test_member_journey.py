"""A member's week in the web app, in Chromium against the local stack: sign in (a wrong password
refused), share from the feed and see the intent carry the tracked short link, follow that link as a
visitor and see the points arrive, the leaderboard, a redemption, sign out; each screen photographed
at desktop and phone sizes for the README."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import grant, shoot, sign_in
from tests.support.stack import Stack

# A browser's User-Agent (the redirect counts HeadlessChrome as a bot).
VISITOR_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36"
)


def test_a_wrong_password_is_refused_in_words(page: Page, stack: Stack) -> None:
    member = stack.user("member")
    sign_in(page, stack, member["email"], "not-the-password-1A!")
    expect(page.get_by_text("The email or password is not right")).to_be_visible()
    expect(page.get_by_role("link", name="Feed")).to_have_count(0)


def test_a_member_shares_earns_from_a_click_redeems_and_signs_out(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    member = stack.user("member")
    grant(stack, member, 100)

    sign_in(page, stack, member["email"], member["password"])
    expect(page.get_by_role("link", name="Feed")).to_be_visible()
    card = page.get_by_role("article").first
    expect(card).to_be_visible()
    shoot(page, "feed")

    # The share window opens on the click itself (popup blockers), then goes to the network's intent.
    with context.expect_page() as opened:
        card.get_by_role("button", name="Share on X").click()
    intent = opened.value
    intent.wait_for_url(re.compile(r"^https://(twitter|x)\.com/intent/"))
    tracked = parse_qs(urlparse(intent.url).query)["url"][0]
    assert re.search(r"/r/[A-Za-z0-9_-]+$", tracked), intent.url
    intent.close()
    expect(card.get_by_role("status")).to_contain_text("Your X post is ready in the new window.")
    code = tracked.rsplit("/", 1)[1]
    expect(card.get_by_role("link", name=f"Your link: {urlparse(tracked).netloc}/r/{code}")).to_be_visible()

    # A visitor follows the short link: the redirect counts the click, the stream applies it.
    points_before = stack.call("GET", "/me", stack.login(member["email"], member["password"])).json()[
        "points"
    ]
    assert tracked.startswith(stack.url), (tracked, stack.url)  # the local stack's public base
    assert context.browser is not None
    visitor = context.browser.new_context(user_agent=VISITOR_AGENT)
    # Followed one hop only: a browser would go on to the article, off this machine.
    followed = visitor.request.get(tracked, max_redirects=0)
    assert followed.status == 302, followed.text()
    assert followed.headers["location"].startswith("https://acme.example/"), followed.headers
    visitor.close()
    stack.quiet(within=30)

    page.get_by_role("link", name="My activity").click()
    expect(page.get_by_role("heading", level=1, name="My activity")).to_be_visible()
    after = stack.call("GET", "/me", stack.login(member["email"], member["password"])).json()["points"]
    assert after["lifetime"] > points_before["lifetime"], (points_before, after)
    expect(page.get_by_text(re.compile(r"click", re.IGNORECASE)).first).to_be_visible()
    shoot(page, "activity")

    assert stack.call("POST", "/_local/jobs/leaderboards").status == 200  # a fresh snapshot, as every 15 min
    page.get_by_role("link", name="Leaderboard").click()
    expect(page.get_by_role("heading", level=1, name="Leaderboard")).to_be_visible()
    expect(page.get_by_text("Your rank")).to_be_visible()
    shoot(page, "leaderboard")

    page.get_by_role("link", name="Rewards").click()
    expect(page.get_by_role("heading", level=1, name="Rewards")).to_be_visible()
    expect(page.get_by_role("button", name="Redeem Company hoodie")).to_be_visible()  # loaded, not skeletons
    shoot(page, "rewards")
    page.get_by_role("button", name="Redeem Company hoodie").click()
    page.get_by_role("button", name="Confirm redemption").click()
    expect(page.get_by_text(re.compile(r"Redeemed Company hoodie"))).to_be_visible()
    expect(page.get_by_text("Pending approval").first).to_be_visible()

    page.get_by_role("link", name="Contests").click()
    expect(page.get_by_role("heading", level=1, name="Contests")).to_be_visible()
    shoot(page, "contests")
    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", level=1, name="Profile")).to_be_visible()
    shoot(page, "profile")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    shoot(page, "sign-in")
