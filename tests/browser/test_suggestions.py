"""Content sourcing in Chromium against the local stack: a member suggests a link from the Feed, a
manager accepts it in the console's Suggestions, fills the new draft from the link's Open Graph page
(the gateway's /_local/pages/launch) in the Content composer and publishes it, and the member finds it
in the feed and writes the share in their own words. The member's form and the manager's queue are
audited with axe-core, the form is usable at 360 px, and each step is photographed for the README."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, Route, expect

from local.pages import LAUNCH_IMAGE, LAUNCH_IMAGE_URL
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import DESKTOP, NARROW_PHONE, PHONE, SCREENSHOTS, member, shoot, sign_in
from tests.support.stack import Stack

OG_TITLE = "Acme Robotics launches the R2 arm & a new factory"  # the launch page's og:title
NOTE = "Our launch, told by the newsroom: worth a post on LinkedIn."


def fits(page: Page) -> bool:
    """Nothing on the page is wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def photograph(page: Page, name: str) -> None:
    """`shoot`, with the pointer off the page's links (a hover state is not the screen)."""
    page.mouse.move(0, 0)
    shoot(page, name)


def photograph_from(page: Page, name: str, tops: dict[str, Locator]) -> None:
    """Screenshots at desktop and phone sizes, each with its element of `tops` at the top of the window."""
    page.mouse.move(0, 0)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        tops[size].evaluate("element => element.scrollIntoView({ block: 'start' })")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"))
    page.set_viewport_size(DESKTOP)


def launch_image(route: Route) -> None:
    """The launch page's og:image, answered here: nothing leaves the machine."""
    route.fulfill(status=200, content_type="image/svg+xml", body=LAUNCH_IMAGE)


def test_a_suggested_link_is_accepted_published_and_shared_in_own_words(page: Page, stack: Stack) -> None:
    user = member(stack, 2)
    link = f"{stack.url.rstrip('/')}/_local/pages/launch"
    page.route(LAUNCH_IMAGE_URL, launch_image)

    # The member suggests the link, from the Feed.
    sign_in(page, stack, user["email"], user["password"])
    page.get_by_role("link", name="Suggest content").click()
    expect(page.get_by_role("heading", level=1, name="Suggest content")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^You have not suggested anything yet"))).to_be_visible()
    page.get_by_label("Link", exact=True).fill(link)
    page.get_by_label("Why it is worth sharing (optional)").fill(NOTE)
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("status").filter(has_text="Thanks!")).to_be_visible()
    mine = page.get_by_role("region", name="My suggestions").get_by_role("listitem").filter(has_text=link)
    expect(mine.get_by_text("Waiting for a manager")).to_be_visible()
    page.set_viewport_size(NARROW_PHONE)
    assert fits(page)
    assert_accessible(page, "suggest")
    photograph(page, "suggest")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    # A manager accepts it in the console's Suggestions: a draft, and points for the member.
    manager = stack.user("manager")
    sign_in(page, stack, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Suggestions").click()
    expect(page.get_by_role("heading", level=1, name="Suggestions")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text=link)
    expect(row.get_by_text(NOTE)).to_be_visible()
    assert_accessible(page, "admin-suggestions")
    photograph(page, "admin-suggestions")
    row.get_by_role("button", name=f"Accept: {link}").click()
    expect(page.get_by_role("status").filter(has_text="Accepted: a draft was made")).to_be_visible()

    # The draft in the composer: its title is the bare link, so the manager empties it and fills the
    # draft from the link's page (title and image; the body is the member's note, kept).
    page.get_by_role("link", name="Open the draft in Content").click()
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_value(link)
    expect(page.get_by_label("Body", exact=True)).to_have_value(NOTE)
    title.fill("")
    page.get_by_role("button", name="Fill from link").click()
    expect(page.get_by_text("Filled Title, Image URL from the link.")).to_be_visible()
    expect(title).to_have_value(OG_TITLE)
    expect(page.get_by_label("Image URL")).to_have_value(LAUNCH_IMAGE_URL)
    page.get_by_role("checkbox", name="LinkedIn").check()
    page.get_by_label("Text for LinkedIn").fill("Our R2 arm is out: twice the lift on half the power.")
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_role("figure", name="How LinkedIn shows it")).to_contain_text("Our R2 arm is out")
    image = preview.locator("img")
    expect(image).to_have_attribute("src", LAUNCH_IMAGE_URL)
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")  # drawn, not broken
    title.focus()
    page.evaluate("window.scrollTo(0, 0)")
    photograph(page, "admin-composer-preview")
    page.set_viewport_size(NARROW_PHONE)
    assert fits(page)  # the heading still names the draft by its long link
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"“{OG_TITLE}” is published.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    # The member finds it in the feed and writes the post in their own words.
    sign_in(page, stack, user["email"], user["password"])
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name=OG_TITLE))
    expect(card).to_be_visible()
    card.get_by_text("Edit the suggested text").click()
    text = card.get_by_label("Text for LinkedIn")
    expect(text).to_have_value("Our R2 arm is out: twice the lift on half the power.")
    expect(text).to_have_accessible_description(re.compile(r"^Same as suggested"))
    text.fill("I helped test the R2 arm in our Lisbon lab: it lifts twice as much on half the power.")
    expect(text).to_have_accessible_description(re.compile(r"^Your own words\."))
    page.set_viewport_size(NARROW_PHONE)
    assert fits(page)
    # The phone shows the whole card down to the editor; the desktop, from its title (under the picture).
    tops = {"desktop": card.get_by_role("heading", name=OG_TITLE), "phone": card}
    photograph_from(page, "share-own-words", tops)

    # And what became of the suggestion, on their Suggest screen.
    page.get_by_role("link", name="Suggest content").click()
    mine = page.get_by_role("region", name="My suggestions").get_by_role("listitem").filter(has_text=link)
    expect(mine.get_by_text(re.compile(r"^Accepted: you earned"))).to_be_visible()
