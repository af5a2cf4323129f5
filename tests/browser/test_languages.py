"""The app in Italian, in Chromium: a browser whose language is Italian gets the sign-in form, its
errors, the feed (words and dates) and the share's outcome in Italian, with the page's `lang` set and
the same accessibility audit passed; the member's own choice in Profile wins over the browser's,
stays after a reload and, kept on their profile, opens the app in it on another device. A member of the second demo org, so no other test's member changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import shoot
from tests.support.stack import Stack


@pytest.mark.browser_context_args(locale="it-IT", timezone_id="Europe/Rome")
def test_an_italian_browser_gets_the_app_in_italian_until_the_member_picks_english(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    user = stack.user("member", org_index=1)
    page.goto(stack.info["web_url"])
    expect(page.get_by_role("heading", level=1, name="Accedi")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")

    page.get_by_label("Email").fill(user["email"])
    page.get_by_label("Password", exact=True).fill("non-la-password-1A!")
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_text("Email o password non corrette. Controllale e riprova.")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(user["password"])
    page.get_by_role("button", name="Accedi").click()

    expect(page.get_by_role("heading", level=1, name="Bacheca")).to_be_visible()
    card = page.get_by_role("article").first
    expect(card).to_be_visible()
    # Dates in Italian: "Pubblicato 3 dic 2026".
    expect(card.get_by_text(re.compile(r"^Pubblicato \d{1,2} [a-z]{3} \d{4}$"))).to_be_visible()
    with context.expect_page() as opened:
        card.get_by_role("button", name="Condividi su X").click()
    intent = opened.value
    intent.wait_for_url(re.compile(r"^https://(twitter|x)\.com/intent/"))
    intent.close()
    status = card.get_by_role("status")
    expect(status).to_contain_text("Il tuo post per X è pronto nella nuova finestra.")
    expect(status).to_contain_text("Hai guadagnato")
    assert_accessible(page, "feed in Italian")  # longer words, the same audit
    shoot(page, "feed-italian")

    page.get_by_role("link", name="Profilo").click()
    expect(page.get_by_role("heading", level=1, name="Profilo")).to_be_visible()
    page.get_by_label("Lingua dell'app e delle tue email").select_option("en")
    expect(page.get_by_role("heading", level=1, name="Profile")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Profile")).to_be_visible()
    expect(page.get_by_role("link", name="Feed", exact=True)).to_be_visible()
    # The choice is kept on the profile too: digests come in it, and another device opens in it.
    token = stack.login(user["email"], user["password"])
    assert stack.call("GET", "/me", token).json()["language"] == "en"
    assert context.browser is not None
    phone = context.browser.new_context(locale="it-IT", timezone_id="Europe/Rome")
    try:
        other = phone.new_page()
        other.goto(stack.info["web_url"])
        expect(other.get_by_role("heading", level=1, name="Accedi")).to_be_visible()
        other.get_by_label("Email").fill(user["email"])
        other.get_by_label("Password", exact=True).fill(user["password"])
        other.get_by_role("button", name="Accedi").click()
        expect(other.get_by_role("heading", level=1, name="Feed")).to_be_visible()
        expect(other.locator("html")).to_have_attribute("lang", "en")
    finally:
        phone.close()
