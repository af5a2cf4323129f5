"""The members' app with the keyboard alone (Tab, Shift+Tab, Enter, Space, Escape), in Chromium against
the local stack: sign in, skip to the content, share from a feed card, move through the navigation,
open the redeem dialog (focus kept inside it) and close it with Escape (focus back on its button),
sign out; and the admins' console (its navigation, a form, a confirmation dialog, the content tabs
and the composer). Every control the focus lands on shows where it is: an outline or a shadow, on
screen."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import grant, member, sign_in
from tests.support.stack import Stack

# What the focused element is, and whether it shows it: its accessible name as a person reads it (its
# aria-label, its label's text or its own), a visible outline or box shadow, a box inside the viewport.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  const label = e.labels && e.labels.length ? e.labels[0].textContent : null;
  const name = (e.getAttribute("aria-label") || label || e.textContent || "").replace(/\\s+/g, " ").trim();
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    name,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    found = page.evaluate(_FOCUSED)
    assert found is not None, "nothing has the focus"
    return dict(found)


def shows_focus(page: Page) -> dict[str, Any]:
    """The focused element, asserted to show a focus indicator and to be on screen."""
    now = focused(page)
    assert now["outline"] or now["shadow"], f"no visible focus indicator on {now}"
    assert now["onScreen"], f"the focused element is off screen: {now}"
    return now


def tab_to(page: Page, name: str, backwards: bool = False, limit: int = 40) -> None:
    """Tab (or Shift+Tab) until the control named `name` has the focus; every control passed on the
    way must show its focus too."""
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = shows_focus(page)
        if now["name"] == name:
            return
        passed.append(now["name"])
    raise AssertionError(f"{name!r} not reached with {key} in {limit} presses; passed {passed}")


def test_a_member_uses_the_app_with_the_keyboard_alone(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    user = member(stack, 2)
    grant(stack, user, 100)  # the hoodie (50) within reach
    page.goto(stack.info["web_url"])
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_focused()

    # Sign in: the fields in order, Enter sends the form.
    tab_to(page, "Email")
    page.keyboard.type(user["email"])
    tab_to(page, "Password")
    page.keyboard.type(user["password"])
    page.keyboard.press("Enter")
    feed = page.get_by_role("heading", level=1, name="Feed")
    expect(feed).to_be_focused()  # a new screen: its heading takes the focus (and is announced)
    card = page.get_by_role("article").first
    expect(card).to_be_visible()

    # Back past the navigation to the skip link, which shows itself when focused and skips to the content.
    tab_to(page, "Skip to content", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # Share from the first card with Space: the share window opens, the card says so.
    tab_to(page, "Share on X")
    with context.expect_page() as opened:
        page.keyboard.press("Space")
    intent = opened.value
    intent.wait_for_url(re.compile(r"^https://(twitter|x)\.com/intent/"))
    intent.close()
    expect(card.get_by_role("status")).to_contain_text("Your X post is ready in the new window.")
    expect(page.get_by_role("button", name="Share on X").first).to_be_focused()

    # The navigation, backwards from the card: Rewards, with Enter.
    tab_to(page, "Rewards", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Rewards")).to_be_focused()

    # The redeem dialog: focus moves in, Tab and Shift+Tab stay inside, Escape closes it without
    # redeeming and gives the focus back to the button that opened it.
    expect(page.locator(".skeleton-group")).to_have_count(0)  # the catalog loaded, as the member sees it
    tab_to(page, "Redeem Company hoodie")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Redeem Company hoodie?")
    expect(dialog).to_be_visible()
    assert shows_focus(page)["name"] == "Cancel"
    inside = []
    for key in ("Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"):
        page.keyboard.press(key)
        inside.append(shows_focus(page)["name"])
    assert inside == ["Confirm redemption", "Cancel", "Confirm redemption", "Cancel", "Confirm redemption"]
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Redeem Company hoodie")).to_be_focused()
    shows_focus(page)
    expect(page.get_by_text("Redeemed Company hoodie")).to_have_count(0)

    # Sign out from the header, with Enter.
    tab_to(page, "Sign out", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_focused()


def test_an_admin_uses_the_console_with_the_keyboard_alone(page: Page, stack: Stack) -> None:
    """The console with the keyboard: its navigation, a form sent with Enter, a confirmation dialog
    closed with Escape (focus back on its button), the content tabs moved with the arrow keys and the
    composer opened with Enter. Signing in is the members' test's; here the form is filled directly."""
    admin = stack.user("admin")
    name = f"Keyboard {uuid.uuid4().hex[:4]}"
    sign_in(page, stack, admin["email"], admin["password"])
    expect(page.get_by_role("heading", level=1, name="Feed")).to_be_focused()

    tab_to(page, "Groups", backwards=True)  # the navigation is above the screen's heading
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Groups")).to_be_focused()
    tab_to(page, "Group name")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Group “{name}” created.")).to_be_visible()

    tab_to(page, f"Delete: {name}")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=f"Delete “{name}”?")
    expect(dialog).to_be_visible()
    assert shows_focus(page)["name"] == "Cancel"
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name=f"Delete: {name}")).to_be_focused()
    shows_focus(page)

    tab_to(page, "Content", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Content")).to_be_focused()
    tabs = [t.strip() for t in page.get_by_role("tab").all_inner_texts()]
    first = page.get_by_role("tab", selected=True).inner_text().strip()
    tab_to(page, first)  # only the selected tab is in the Tab order; the arrows move between tabs
    page.keyboard.press("ArrowRight")
    following = page.get_by_role("tab", name=tabs[(tabs.index(first) + 1) % len(tabs)], exact=True)
    expect(following).to_be_focused()
    expect(following).to_have_attribute("aria-selected", "true")
    shows_focus(page)
    tab_to(page, "New content", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="New content")).to_be_focused()
    tab_to(page, "Title")
    page.keyboard.type("Written with the keyboard")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Written with the keyboard")
