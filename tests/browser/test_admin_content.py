"""A manager's content in the console, in Chromium against the local stack: the list, the composer with
its counts and preview, a piece scheduled in the org's time zone, the publish-due job putting it live,
and a member finding it in the feed; the list and the composer photographed for the README."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack


def org_timezone(stack: Stack, token: str) -> str:
    me_org = stack.call("GET", "/me/org", token)
    assert me_org.status == 200, me_org.body
    return str(me_org.json()["timezone"])


def test_a_manager_schedules_content_and_a_member_sees_it_once_published(page: Page, stack: Stack) -> None:
    manager = stack.user("manager")
    token = stack.login(manager["email"], manager["password"])
    zone = ZoneInfo(org_timezone(stack, token))
    title = f"Open day {uuid.uuid4().hex[:6]}"

    sign_in(page, stack, manager["email"], manager["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Content").click()
    expect(page.get_by_role("heading", level=1, name="Content")).to_be_visible()
    expect(page.get_by_role("tab", name="Published")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name=re.compile(r"^Edit: ")).first).to_be_visible()  # loaded
    expect(page.get_by_text("Unique clicks").first).to_be_visible()
    shoot(page, "admin-content")

    page.get_by_role("button", name="New content").click()
    expect(page.get_by_role("heading", level=1, name="New content")).to_be_visible()
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Link", exact=True).fill("https://acme.example/open-day")
    page.get_by_label("Body", exact=True).fill("Come and see the robots at work.")
    # An image the local web origin serves, so the preview shows one without leaving the machine.
    page.get_by_label("Image URL").fill(f"{stack.info['web_url'].rstrip('/')}/icons/icon-512.png")
    x_text = page.get_by_label("Text for X")
    x_text.fill("Open day on Saturday: https://acme.example/open-day/programme-and-directions")
    # 22 characters, the link as 23, then a space and the tracked link (23).
    expect(x_text).to_have_accessible_description(re.compile(r"^69 of 280 characters"))
    page.get_by_label("Text for LinkedIn").fill(
        "We open our doors on Saturday. Come and see the robots at work!"
    )
    wall = (datetime.now(zone) + timedelta(minutes=30)).replace(second=0, microsecond=0)
    page.get_by_label("Publish at").fill(wall.strftime("%Y-%m-%dT%H:%M"))
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_role("figure", name="How LinkedIn shows it")).to_contain_text("We open our doors")
    page.get_by_label("Title", exact=True).focus()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "admin-composer")

    # Usable at the narrowest phone: nothing wider than the screen.
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text(re.compile(rf"“{title}” is scheduled for"))).to_be_visible()
    expect(page.get_by_role("tab", name="Scheduled")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text(title, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # What the API stored: the org's wall clock as UTC.
    found = stack.call("GET", f"/content?status=scheduled&q={title.replace(' ', '%20')}", token).json()[
        "items"
    ]
    assert [item["title"] for item in found] == [title]
    publish_at = datetime.fromisoformat(found[0]["publish_at"])
    assert publish_at == wall.astimezone(UTC), (found[0]["publish_at"], wall)

    # The publish-due job (every minute when deployed) runs at the publish time.
    run = stack.call(
        "POST", "/_local/jobs/publish-due", body={"time": (publish_at + timedelta(minutes=1)).isoformat()}
    )
    assert run.status == 200, run.body
    item = stack.call("GET", f"/content/{found[0]['content_id']}", token).json()
    assert item["status"] == "published", item

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    member = stack.user("member")
    sign_in(page, stack, member["email"], member["password"])
    expect(page.get_by_role("article").filter(has=page.get_by_role("heading", name=title))).to_be_visible()


def test_an_admin_approves_what_a_manager_sent_for_approval(page: Page, stack: Stack) -> None:
    admin, manager = stack.user("admin"), stack.user("manager")
    admin_token = stack.login(admin["email"], admin["password"])
    manager_token = stack.login(manager["email"], manager["password"])
    title = f"Held {uuid.uuid4().hex[:6]}"
    assert stack.call("PATCH", "/org", admin_token, {"content_needs_approval": True}).status == 200
    try:
        held = stack.call(
            "POST",
            "/content",
            manager_token,
            {"title": title, "url": "https://acme.example/held", "status": "published"},
        )
        assert held.status == 201, held.body
        assert held.json()["status"] == "pending_approval"
    finally:
        assert stack.call("PATCH", "/org", admin_token, {"content_needs_approval": False}).status == 200

    sign_in(page, stack, admin["email"], admin["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("tab", name="Pending approval").click()
    approve = page.get_by_role("button", name=f"Approve: {title}")
    expect(approve).to_be_visible()
    assert_accessible(page, "admin-approval")
    shoot(page, "admin-approval")
    approve.click()
    expect(page.get_by_text(f"“{title}” approved and published.")).to_be_visible()
    item = stack.call("GET", f"/content/{held.json()['content_id']}", admin_token).json()
    assert (item["status"], item["approved_by"]) == ("published", admin["member_id"])
