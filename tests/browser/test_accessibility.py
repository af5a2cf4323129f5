"""Every screen of the members' app audited with axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) at
desktop and phone sizes, with its content loaded; and the audit itself shown to catch a known
violation, so that it cannot pass by checking nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible, audit, blocking, problems
from tests.browser.conftest import grant, member, sign_in
from tests.support.stack import Stack

BROKEN = """<!doctype html><html lang="en"><head><title>A page with two faults</title></head>
<body><main><h1>Faults</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="unlabelled">
</main></body></html>"""
FIXED = BROKEN.replace("<img ", '<img alt="" ').replace(
    '<input type="text"', '<label for="f">Name</label><input id="f" type="text"'
)


def test_the_audit_finds_an_image_without_alt_and_an_unlabelled_input(page: Page) -> None:
    page.set_content(BROKEN)
    found = {v.rule: v for v in blocking(audit(page))}
    assert {"image-alt", "label"} <= found.keys(), found
    assert found["image-alt"].targets == ("img",)
    assert found["label"].targets == ("input",)

    with pytest.raises(AssertionError) as failed:
        assert_accessible(page, "the broken page")
    message = str(failed.value)
    for expected in (
        "the broken page (desktop, 1280 px)",
        "the broken page (phone, 360 px)",
        "image-alt (critical)",
    ):
        assert expected in message, message
    assert '<input type="text" name="unlabelled">' in message, message  # the element itself, to find it

    page.set_content(FIXED)
    assert_accessible(page, "the fixed page")


def loaded(page: Page, heading: str) -> None:
    """The screen with its heading and content, no loading skeleton left."""
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    expect(page.locator(".skeleton-group")).to_have_count(0)


def test_every_member_screen_has_no_serious_violation(page: Page, stack: Stack) -> None:
    user = member(stack, 1)
    grant(stack, user, 100)  # the hoodie (50) within reach, the coffee (200) not: both states shown
    found: list[str] = []

    page.goto(f"{stack.info['web_url']}/sign-in")
    loaded(page, "Sign in")
    found += problems(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()  # nothing filled in: an error next to each field
    expect(page.get_by_text("Enter your email.")).to_be_visible()
    found += problems(page, "sign-in with errors")
    page.get_by_role("link", name="Forgot your password?").click()
    loaded(page, "Reset your password")
    found += problems(page, "forgot-password")

    sign_in(page, stack, user["email"], user["password"])
    loaded(page, "Feed")
    expect(page.get_by_role("article").first).to_be_visible()
    found += problems(page, "feed")
    for link, heading in (
        ("Leaderboard", "Leaderboard"),
        ("Rewards", "Rewards"),
        ("Contests", "Contests"),
        ("My activity", "My activity"),
        ("Profile", "Profile"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        loaded(page, heading)
        found += problems(page, heading.lower())
        if heading == "Rewards":
            expect(page.get_by_role("button", name="Redeem Coffee with the CEO")).to_be_disabled()
            page.get_by_role("button", name="Redeem Company hoodie").click()
            expect(page.get_by_role("dialog", name="Redeem Company hoodie?")).to_be_visible()
            found += problems(page, "rewards: the redeem confirmation")
            page.keyboard.press("Escape")
            expect(page.get_by_role("dialog")).to_have_count(0)

    page.goto(f"{stack.info['web_url']}/no-such-screen")
    loaded(page, "This page does not exist.")
    found += problems(page, "not-found")
    assert not found, "\n\n".join(found)
