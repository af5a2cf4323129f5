"""An admin's feeds in the console, in Chromium against the local stack: the local sample feed added
as a source, the `feeds` job run through the local stack (as EventBridge would), its status on the
Feeds screen and its entries as drafts on the Content screen; audited with axe-core, usable at 360 px
and photographed for the README."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack

SAMPLE_TITLES = (
    "Acme opens a robotics lab in Lisbon",
    "The R2 arm ships to its first customers",
    "Acme joins the open robotics alliance",
)


def test_an_admin_adds_the_sample_feed_and_its_entries_arrive_as_drafts(page: Page, stack: Stack) -> None:
    admin = stack.user("admin")
    token = stack.login(admin["email"], admin["password"])
    feed_url = f"{stack.url.rstrip('/')}/_local/feeds/acme.xml"

    sign_in(page, stack, admin["email"], admin["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Feeds").click()
    expect(page.get_by_role("heading", level=1, name="Feeds")).to_be_visible()
    page.get_by_label("Feed URL").fill(feed_url)
    page.get_by_role("button", name="Add feed").click()
    expect(page.get_by_text(re.compile(r"^Feed added"))).to_be_visible()
    expect(page.get_by_text(feed_url)).to_be_visible()

    # The feeds job (every 15 minutes when deployed) runs now through the local stack.
    at = stack.now().replace(microsecond=0).isoformat()
    run = stack.call("POST", "/_local/jobs/feeds", body={"time": at})
    assert run.status == 200, run.body
    sources = stack.call("GET", "/feed-sources", token).json()["items"]
    mine = [s for s in sources if s["url"] == feed_url]
    assert mine and mine[0]["last_error"] is None, mine
    assert mine[0]["imported"] == len(SAMPLE_TITLES)

    page.reload()
    row = page.get_by_role("listitem").filter(has_text=feed_url).first
    expect(row.get_by_text("Last read")).to_be_visible()
    assert_accessible(page, "admin-feeds")
    shoot(page, "admin-feeds")
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "admin-feeds at 360 px")

    # The entries wait as drafts in the Content screen.
    drafts = stack.call("GET", "/content?status=draft&limit=100", token).json()["items"]
    assert set(SAMPLE_TITLES) <= {item["title"] for item in drafts}
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Content").click()
    page.get_by_role("tab", name="Drafts").click()
    expect(page.get_by_text(SAMPLE_TITLES[0]).first).to_be_visible()
