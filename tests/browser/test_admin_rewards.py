"""An admin decides a member's redemption in the console, in Chromium against the local stack: the
member redeems in their app (pending), the admin approves it from the queue, and the member's own
Rewards screen says approved; the console photographed for the README."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack


def test_an_admin_approves_a_redemption_and_the_member_sees_it(
    page: Page, browser: Browser, stack: Stack
) -> None:
    # The second demo org, so what happens here leaves the first org's screens as other tests expect.
    admin = stack.user("admin", org_index=1)
    member = stack.user("member", org_index=1)
    admin_token = stack.login(admin["email"], admin["password"])
    name = f"Desk plant {uuid.uuid4().hex[:6]}"
    created = stack.call(
        "POST",
        "/rewards",
        admin_token,
        {"name": name, "cost": 10, "stock": 5},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status == 201, created.body
    _grant(stack, admin_token, member, 10)
    who = stack.call("GET", f"/members/{member['member_id']}", admin_token).json()["name"]

    # The member redeems it in their own app (a browser context of their own).
    theirs = browser.new_context()
    member_page = theirs.new_page()
    sign_in(member_page, stack, member["email"], member["password"])
    member_page.get_by_role("navigation", name="Main").get_by_role("link", name="Rewards").click()
    member_page.get_by_role("button", name=f"Redeem {name}").click()
    member_page.get_by_role("button", name="Confirm redemption").click()
    mine = member_page.get_by_role("region", name="Your redemptions")
    expect(mine.get_by_role("listitem").filter(has_text=name)).to_contain_text("Pending approval")

    # The admin finds it in the queue, with the member's name, and approves it.
    sign_in(page, stack, admin["email"], admin["password"])
    page.get_by_role("navigation", name="Manage").get_by_role("link", name="Rewards admin").click()
    expect(page.get_by_role("heading", level=1, name="Rewards admin")).to_be_visible()
    queue = page.get_by_role("region", name="Redemptions to decide")
    approve = queue.get_by_role("button", name=f"Approve: {name}, {who}")
    expect(approve).to_be_visible()
    expect(page.get_by_role("region", name="Catalog").get_by_text(name)).to_be_visible()
    assert_accessible(page, "admin-rewards")
    page.set_viewport_size(NARROW_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "admin-rewards")
    # Reject opens a dialog with the note; Escape leaves it, nothing sent.
    queue.get_by_role("button", name=f"Reject: {name}, {who}").click()
    dialog = page.get_by_role("dialog", name=f"Reject “{name}”?")
    expect(dialog.get_by_label("Note to the member (optional)")).to_be_visible()
    assert_accessible(page, "admin-rewards reject dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    approve.click()
    expect(page.get_by_text(f"Approved: {name} for {who}.")).to_be_visible()
    expect(queue.get_by_role("button", name=f"Approve: {name}, {who}")).to_have_count(0)

    # The member's Rewards screen, read again, says so.
    member_page.reload()
    expect(mine.get_by_role("listitem").filter(has_text=name)).to_contain_text("Approved")
    theirs.close()


def _grant(stack: Stack, admin_token: str, user: dict[str, str], points: int) -> None:
    body = {"points": points, "reason": "for the plant"}
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    granted = stack.call("POST", f"/members/{user['member_id']}/points", admin_token, body, headers=headers)
    assert granted.status == 201, granted.body
