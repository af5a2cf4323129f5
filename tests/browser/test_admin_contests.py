"""A manager creates a contest in the console, in Chromium against the local stack: the times typed
are the org's wall clock and the API stores them in UTC; the running contest shows its live standings;
the screen photographed for the README."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack


def test_a_manager_creates_a_contest_in_the_org_s_time_zone(page: Page, stack: Stack) -> None:
    manager = stack.user("manager")
    token = stack.login(manager["email"], manager["password"])
    zone = ZoneInfo(stack.call("GET", "/me/org", token).json()["timezone"])
    name = f"Spring push {uuid.uuid4().hex[:6]}"
    starts = (datetime.now(zone) + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    ends = starts + timedelta(days=10)

    sign_in(page, stack, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Contests admin").click()
    expect(page.get_by_role("heading", level=1, name="Contests admin")).to_be_visible()
    running = page.get_by_role("region", name="Running")
    expect(running.get_by_role("heading", name="Live standings").first).to_be_visible()  # the seeded one
    form = page.get_by_role("form", name="New contest")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Ends").fill(ends.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Shares").check()
    form.get_by_role("button", name="Add a prize").click()
    prize = form.get_by_role("group", name="Prize 1")
    prize.get_by_label("Points").fill("300")
    prize.get_by_label("Badge").fill("spring_champion")
    form.get_by_role("button", name="Create contest").click()
    expect(page.get_by_text(f"Contest “{name}” created.")).to_be_visible()
    expect(page.get_by_role("region", name="Upcoming").get_by_role("article", name=name)).to_be_visible()

    contests = stack.call("GET", "/contests?limit=100", token).json()["items"]
    created = next(c for c in contests if c["name"] == name)
    stored = datetime.fromisoformat(created["starts_at"].replace("Z", "+00:00"))
    assert stored == starts.astimezone(UTC), (created["starts_at"], starts.isoformat())
    assert datetime.fromisoformat(created["ends_at"].replace("Z", "+00:00")) == ends.astimezone(UTC)
    assert (created["metric"], created["prizes"][0]["points"]) == ("shares", 300)
    assert_accessible(page, "admin-contests")
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "admin-contests")
