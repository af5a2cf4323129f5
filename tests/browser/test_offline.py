"""The app without a connection, in Chromium: the banner says so, a share is refused in words before
any window opens, the app opens again offline (the service worker's shell, the settings this device
kept) with each screen saying it waits for the connection, and everything loads by itself when the
connection is back."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import member, shoot, sign_in
from tests.support.stack import Stack

OFFLINE = "You are offline. What you see may be out of date; changes will wait until you are back online."
# Resolves once the service worker controls the page, so the app's shell is kept for an offline start.
CONTROLLED = """navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller || new Promise(
  (resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve)))"""
REPORTS_OFFLINE = """Object.defineProperty(Navigator.prototype, "onLine", {
  configurable: true, get: () => window.__backOnline === true })"""
BACK_ONLINE = "window.__backOnline = true; window.dispatchEvent(new Event('online'))"
WAITING = "Waiting for a connection: this shows as soon as you are back online."


def test_the_app_opens_offline_says_it_waits_and_loads_when_the_connection_is_back(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    user = member(stack, 1)  # nothing this test does changes what the member's other tests see
    sign_in(page, stack, user["email"], user["password"])
    expect(page.get_by_role("heading", level=1, name="Feed")).to_be_visible()
    card = page.get_by_role("article").first
    expect(card).to_be_visible()
    page.evaluate(CONTROLLED)

    context.set_offline(True)
    expect(page.get_by_text(OFFLINE)).to_be_visible()
    card.get_by_role("button", name="Share on LinkedIn").click()
    expect(card.get_by_role("alert")).to_contain_text("Could not reach the server. Check your connection")
    assert len(context.pages) == 1  # no share window opened

    # Chromium's offline emulation blocks the network but, in a document loaded while offline, leaves
    # navigator.onLine true; a device without a connection says false, so the new document is told so.
    context.add_init_script(REPORTS_OFFLINE)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Feed")).to_be_visible()
    expect(page.get_by_text(OFFLINE)).to_be_visible()
    expect(page.get_by_text(WAITING)).to_be_visible()
    shoot(page, "feed-offline")
    page.get_by_role("link", name="Leaderboard").click()
    expect(page.get_by_role("heading", level=1, name="Leaderboard")).to_be_visible()
    expect(page.get_by_text(WAITING)).to_be_visible()

    context.set_offline(False)
    page.evaluate(BACK_ONLINE)
    expect(page.get_by_text("Your rank")).to_be_visible()
    expect(page.get_by_text(WAITING)).to_have_count(0)
    page.get_by_role("link", name="Feed", exact=True).click()
    expect(page.get_by_role("article").first).to_be_visible()
