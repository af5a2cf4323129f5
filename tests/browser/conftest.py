"""The browser tier: Chromium, driven by Playwright, against the local stack serving the real build of
the web app (`web/dist`, made by `make web-build`), as a member uses it.

No browser is downloaded here: the OS package's Chromium is used when there is one (`make chromium`
installs it on Debian and Ubuntu), else Playwright's own (`playwright install chromium`). Every request
the pages make to anywhere but the local stack is answered by the test itself (a share intent, the
shared article), so nothing leaves the machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from local.browser import chromium_path
from tests.support.stack import Stack, running

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
SCREENSHOTS = ROOT / "docs" / "screenshots"
LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NARROW_PHONE = {"width": 360, "height": 740}  # the narrowest the app is made for


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    path = chromium_path()
    return {**browser_type_launch_args, **({"executable_path": path} if path else {})}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not (WEB_DIST / "index.html").exists():
        pytest.fail("web/dist has no build: run `make web-build` (make browser does) before this tier")
    with running(tmp_path_factory.mktemp("browser-stack"), "--web-dist", str(WEB_DIST)) as started:
        yield started


def outside(route: Route) -> None:
    """Answer a request to the world outside the local stack with a small page naming its URL."""
    route.fulfill(
        status=200, content_type="text/html", body=f"<title>outside</title><p>{route.request.url}</p>"
    )


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    """pytest-playwright's context, with every request off the machine answered locally."""
    context.route(lambda url: not LOCAL.match(url) and not url.startswith(("data:", "blob:")), outside)
    return context


def shoot(page: Page, name: str) -> None:
    """A screenshot of the screen at desktop and phone sizes, for docs/screenshots and the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=False)
    page.set_viewport_size(DESKTOP)


def member(stack: Stack, index: int) -> dict[str, Any]:
    """The index-th seeded member of the first demo org: each test signs in as its own, so what one
    does (a share, a redemption) does not change what another sees."""
    org_id = stack.user("admin")["org_id"]
    return [u for u in stack.info["users"] if u["role"] == "member" and u["org_id"] == org_id][index]


def sign_in(page: Page, stack: Stack, email: str, password: str) -> None:
    """Fill in and send the sign-in form, from the app's start page."""
    page.goto(stack.info["web_url"])
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def grant(stack: Stack, user: dict[str, Any], points: int) -> None:
    """Points for `user` from the org's admin (an adjustment), as an admin gives them."""
    admin = stack.user("admin")
    token = stack.login(admin["email"], admin["password"])
    body = {"points": points, "reason": "welcome"}
    granted = stack.call("POST", f"/members/{user['member_id']}/points", token, body)
    assert granted.status == 201, granted.body
