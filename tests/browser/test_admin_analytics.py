"""A manager's analytics dashboard, in Chromium against the local stack: the tiles show exactly what
`GET /analytics/summary` answers for the same days and group, the charts have their tables, the CSV
export downloads, inline for a small range and built in the background then downloaded for a
large one; the dashboard photographed for the README."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack

# Tile label -> the summary's field; each tile shows that field alone.
TILES = {
    "Active advocates": "active_advocates",
    "Shares": "shares",
    "Clicks": "clicks",
    "Human clicks": "human_clicks",
    "Unique clicks": "unique_clicks",
    "Reach (includes self-declared)": "reach",
}


def tile(page: Page, label: str) -> str:
    """The value shown in the tile labelled `label`."""
    term = page.locator("dl.tiles dt", has_text=re.compile(f"^{re.escape(label)}$"))
    return str(term.locator("xpath=..").locator(".tile-value").inner_text())


def number(text: str) -> float:
    """A number as the page shows it (en-US: "1,234.5", "$12.50", "36.12%")."""
    return float(re.sub(r"[^\d.]", "", text))


def summary(stack: Stack, token: str, query: str) -> dict[str, Any]:
    answer = stack.call("GET", f"/analytics/summary?{query}", token)
    assert answer.status == 200, answer.body
    return dict(answer.json())


def assert_tiles_are(page: Page, figures: dict[str, Any]) -> None:
    expect(page.locator("dl.tiles")).to_be_visible()
    for label, field in TILES.items():
        assert number(tile(page, label)) == figures[field], (label, tile(page, label), figures[field])
    assert abs(number(tile(page, "Participation rate")) - figures["participation_rate"] * 100) < 1e-6
    assert number(tile(page, "Earned media value")) == round(figures["emv"], 2)


def test_a_manager_reads_the_api_s_own_figures_for_a_range_and_a_group(page: Page, stack: Stack) -> None:
    manager = stack.user("manager")
    token = stack.login(manager["email"], manager["password"])
    zone = ZoneInfo(stack.call("GET", "/me/org", token).json()["timezone"])
    today = datetime.now(zone).date()
    first, last = (today - timedelta(days=29)).isoformat(), today.isoformat()
    groups = stack.call("GET", "/groups?limit=100", token).json()["items"]
    stack.quiet(within=30)  # every share and click so far applied
    assert stack.call("POST", "/_local/jobs/rollups").status == 200  # and counted (decision 91)

    page.emulate_media(reduced_motion="reduce")  # charts drawn at once, without animation
    sign_in(page, stack, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", level=1, name="Analytics")).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_value(
        first
    )  # the last 30 days of the org's time zone
    expect(page.get_by_label("To", exact=True)).to_have_value(last)
    expect(page.locator("dl.tiles")).to_be_visible()
    assert_tiles_are(page, summary(stack, token, f"from={first}&to={last}"))
    daily = page.get_by_role("figure", name="Shares and clicks per day")
    expect(daily.locator("canvas")).to_be_visible()
    expect(daily.get_by_role("table", name="Shares and clicks per day")).to_be_attached()
    assert_accessible(page, "admin-analytics")
    page.set_viewport_size(NARROW_PHONE)  # the tables are lists there: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("section.figures").evaluate("section => section.scrollIntoView()")  # tiles and a chart
    shoot(page, "admin-analytics")
    page.evaluate("window.scrollTo(0, 0)")

    # One group, over the last week: the tiles change to that filter's figures.
    group = groups[0]
    week = (today - timedelta(days=6)).isoformat()
    page.get_by_label("From", exact=True).fill(week)
    page.get_by_label("Group", exact=True).select_option(label=group["name"])
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text(f"group {group['name']}")).to_be_visible()
    page.wait_for_url(re.compile(rf"group={group['group_id']}"))
    expect(page.get_by_text("Loading…")).to_have_count(0)
    assert_tiles_are(page, summary(stack, token, f"from={week}&to={last}&group={group['group_id']}"))

    # The export of a small range is the answer itself: saved at once, one row per share.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    saved = download.value
    assert saved.suggested_filename == f"advocacy-shares-{week}-{last}.csv"
    rows = Path(saved.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("share_id,shared_at,member_id"), rows[:1]
    expect(page.get_by_text(f"Downloaded advocacy-shares-{week}-{last}.csv.")).to_be_visible()


def test_a_large_export_is_built_in_the_background_then_downloaded(page: Page, stack: Stack) -> None:
    """A range too large to answer inline (over 5,000 rows) is built by the exports function: the API
    answers 202 and the app polls the export, says it is building, then opens its file. The app's
    request asks for the file (`Prefer: respond-async`), as such a range gets one, so the test needs
    no five thousand shares."""
    manager = stack.user("manager")
    sign_in(page, stack, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Analytics").click()
    expect(page.locator("dl.tiles")).to_be_visible()

    page.route(
        re.compile(r".*/analytics/export\.csv.*"),
        lambda route: route.continue_(headers={**route.request.headers, "prefer": "respond-async"}),
    )
    answers: list[tuple[str, int]] = []
    page.on("response", lambda r: answers.append((r.url, r.status)) if "/analytics/export" in r.url else None)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Export CSV").click()
    saved = download.value
    rows = Path(saved.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("share_id,shared_at,member_id"), rows[:1]
    expect(page.get_by_role("link", name="Download it again")).to_be_visible()
    started = [status for url, status in answers if "/analytics/export.csv" in url]
    polls = [status for url, status in answers if "/analytics/exports/" in url]
    assert started == [202], answers  # built in the background...
    assert polls and polls[-1] == 200, answers  # ...polled until its file was ready
