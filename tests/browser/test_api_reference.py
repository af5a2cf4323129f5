"""The API reference at `<web_url>/docs`, in Chromium against the local stack: Swagger UI (bundled,
from the build) renders the build's /openapi.json under the site's strict Content-Security-Policy."""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.support.stack import Stack


def test_the_api_reference_renders_the_document_under_the_csp(page: Page, stack: Stack) -> None:
    messages: list[ConsoleMessage] = []
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # A function of ours: Playwright cannot take a bound builtin such as list.append.
        messages.append(message)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{stack.info['web_url']}/docs")

    expect(page).to_have_title("Advocacy API reference")
    expect(page.get_by_role("heading", name=re.compile(r"^Advocacy API"))).to_be_visible()
    feed = page.locator("#operations-sharing-getFeed")
    expect(feed).to_be_visible()
    expect(feed).to_contain_text("/feed")
    # "Try it out" goes to the stack's API (config.json's apiUrl), not to this origin.
    expect(page.locator("select#servers")).to_contain_text(str(stack.info["api_url"]).rstrip("/"))

    console_errors = [m.text for m in messages if m.type == "error"]
    assert not [text for text in console_errors if "Content Security Policy" in text or "CSP" in text]
    assert not errors, errors
