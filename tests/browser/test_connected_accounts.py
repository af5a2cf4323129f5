"""Connected accounts in Chromium against the local stack: a member connects LinkedIn and X from the
profile, each through the gateway's fake of the network (its consent page answers at once and sends
the browser back to the app's /connections/callback), sees both connected with LinkedIn's expiry, and
disconnects X after the confirmation; in between, turns auto-share on for LinkedIn (told first to
choose a network). The section is audited with axe-core, usable at 360 px, and
photographed for the README."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack


def _connect(page: Page, network: str) -> None:
    page.get_by_role("button", name=f"Connect {network}").click()
    expect(page.get_by_text(f"{network} is connected.")).to_be_visible()  # back through the callback
    assert page.url.split("?", 1)[0].endswith("/connections/callback")
    page.get_by_role("link", name="Back to your profile").click()
    expect(page.get_by_role("heading", level=1, name="Profile")).to_be_visible()


def test_a_member_connects_linkedin_and_x_and_disconnects_x(page: Page, stack: Stack) -> None:
    second_org = stack.user("admin", org_index=1)["org_id"]
    user = [u for u in stack.info["users"] if u["role"] == "member" and u["org_id"] == second_org][1]
    sign_in(page, stack, user["email"], user["password"])
    page.get_by_role("link", name="Profile").click()
    accounts = page.get_by_role("list", name="Connected accounts")
    linkedin = accounts.get_by_role("listitem").filter(has_text="LinkedIn")
    x = accounts.get_by_role("listitem").filter(has_text=re.compile(r"^X"))
    expect(linkedin.get_by_text("Not connected")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Facebook has no way for apps to post"))).to_be_visible()

    _connect(page, "LinkedIn")
    expect(linkedin.get_by_text(re.compile(r"Lasts until"))).to_be_visible()
    _connect(page, "X")
    expect(x.get_by_text("Renews itself while you use it.", exact=False)).to_be_visible()
    x.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    accounts.evaluate("element => element.scrollIntoView({ block: 'center' })")
    shoot(page, "connected-accounts")
    assert_accessible(page, "connected-accounts")

    auto = page.get_by_role("form", name="Auto-share")
    auto.get_by_role("checkbox", name="Post new content for me automatically").check()
    auto.get_by_role("button", name="Save auto-share").click()  # on, but no network chosen
    expect(auto.get_by_text("Choose a network to post to, or turn auto-share off.")).to_be_visible()
    expect(auto.get_by_role("checkbox", name="LinkedIn")).to_be_focused()
    assert_accessible(page, "connected-accounts-auto-share-refused")
    auto.get_by_role("checkbox", name="LinkedIn").check()
    expect(auto.get_by_text("Choose a network to post to, or turn auto-share off.")).to_be_hidden()
    auto.get_by_role("button", name="Save auto-share").click()
    expect(auto.get_by_text("Auto-share saved.")).to_be_visible()
    expect(page.get_by_text("No auto-posts yet", exact=False)).to_be_visible()
    assert_accessible(page, "connected-accounts-auto-share")

    x.get_by_role("button", name="Disconnect X").click()
    dialog = page.get_by_role("dialog", name="Disconnect X?")
    expect(dialog).to_be_visible()
    assert_accessible(page, "connected-accounts-disconnect")
    dialog.get_by_role("button", name="Disconnect").click()
    expect(page.get_by_text("X is disconnected.")).to_be_visible()
    expect(x.get_by_role("button", name="Connect X")).to_be_visible()
    expect(linkedin.get_by_role("button", name="Disconnect LinkedIn")).to_be_visible()
    assert len(stack.call("GET", "/_local/providers/x/posts").json()["revoked"]) >= 1
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
