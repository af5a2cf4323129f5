"""An admin's Members, Settings and Groups screens in Chromium against the local stack: a CSV invitation
with a bad row and a member who is already in imports the rest and reports each row; the list is a list
at 360 px; a setting saved sends what changed; a group created is listed; each screen audited with
axe-core and photographed for the README."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import NARROW_PHONE, shoot, sign_in
from tests.support.stack import Stack


def open_screen(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Manage").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def test_an_admin_imports_members_from_csv_and_sees_a_result_per_row(page: Page, stack: Stack) -> None:
    admin = stack.user("admin")
    token = stack.login(admin["email"], admin["password"])
    existing = stack.user("member")["email"]
    tag = uuid.uuid4().hex[:6]
    first, second = f"lena.{tag}@acme.example", f"omar.{tag}@acme.example"

    sign_in(page, stack, admin["email"], admin["password"])
    open_screen(page, "Members")
    table = page.get_by_role("table", name="Members")
    expect(table.get_by_text(existing)).to_be_visible()
    assert_accessible(page, "admin-members")
    shoot(page, "admin-members")

    page.get_by_role("button", name="Import CSV").click()
    dialog = page.get_by_role("dialog", name="Import members from a CSV file")
    csv = "\r\n".join(
        [
            "email,name,role,groups",
            f'{first},"Lena, from Sales",member,Sales',
            "not-an-address,Nobody,member,",
            f"{existing},Already Here,member,",
            f"{second},Omar,manager,Engineering;Sales",
        ]
    )
    file_input = dialog.get_by_label("CSV file")
    expect(file_input).to_be_enabled()  # the groups are in: names can be matched
    file_input.set_input_files({"name": "people.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    expect(dialog.get_by_text("3 to invite, 1 with problems (they will not be sent).")).to_be_visible()
    dialog.get_by_role("button", name="Invite 3").click()
    expect(dialog.get_by_text("Done: 2 invited, 1 already members, 1 invalid, 0 not sent.")).to_be_visible()
    report = dialog.get_by_role("table", name="Import members from a CSV file")
    expect(report.get_by_role("row", name=re.compile("Line 3"))).to_contain_text(
        "the email is not an address"
    )
    expect(report.get_by_role("row", name=re.compile("Line 4"))).to_contain_text("already a member")
    expect(report.get_by_role("row", name=re.compile("Line 2"))).to_contain_text("invited")
    assert_accessible(page, "admin-members import report")
    dialog.get_by_role("button", name="Close").click()

    # What the API stored: the two valid rows, with their role and groups by name.
    found = stack.call("GET", f"/members?q={quote(tag)}", token).json()["items"]
    assert sorted((m["email"], m["name"], m["role"]) for m in found) == [
        (first, "Lena, from Sales", "member"),
        (second, "Omar", "manager"),
    ]
    names = {g["group_id"]: g["name"] for g in stack.call("GET", "/groups", token).json()["items"]}
    omar = next(m for m in found if m["email"] == second)
    assert sorted(names[g] for g in omar["groups"]) == ["Engineering", "Sales"]

    # The search finds them, and at the narrowest phone the table is a list, nothing wider than the screen.
    page.get_by_role("searchbox", name="Search by name or email").fill(tag)
    expect(table.get_by_role("row")).to_have_count(3)  # the header row and the two
    page.set_viewport_size(NARROW_PHONE)
    expect(table.get_by_text("Lena, from Sales")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert table.locator("td").first.evaluate("cell => getComputedStyle(cell).display") == "flex"


def test_an_admin_saves_a_setting_and_only_it_is_sent(page: Page, stack: Stack) -> None:
    admin = stack.user("admin")
    token = stack.login(admin["email"], admin["password"])
    before = stack.call("GET", "/org", token).json()
    day = "friday" if before["digest_weekday"] != "friday" else "thursday"

    sign_in(page, stack, admin["email"], admin["password"])
    open_screen(page, "Settings")
    expect(page.get_by_label("Name", exact=True)).to_have_value(before["name"])
    expect(page.get_by_role("combobox", name="Time zone")).to_have_value(before["timezone"])
    assert_accessible(page, "admin-settings")
    shoot(page, "admin-settings")

    patches: list[str] = []
    page.on("request", lambda r: patches.append(r.post_data or "") if r.method == "PATCH" else None)
    page.get_by_role("combobox", name="Weekly digest day").select_option(day)
    with page.expect_response(lambda r: r.request.method == "PATCH") as answer:
        page.get_by_role("button", name="Save changes").click()
    # Exactly the notice: the screen's introduction ends "...is saved.", which a loose match finds at once.
    expect(page.get_by_role("status").get_by_text("Saved.", exact=True)).to_be_visible()
    assert patches == [f'{{"digest_weekday":"{day}"}}']
    saved = answer.value.json()
    assert (saved["org_id"], saved["digest_weekday"]) == (before["org_id"], day)
    after = stack.call("GET", "/org", token).json()
    assert after["digest_weekday"] == day, stack.log_path.read_text()[-4000:]
    assert {k: v for k, v in after.items() if k not in ("digest_weekday", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("digest_weekday", "updated_at")
    }
    restored = stack.call("PATCH", "/org", token, {"digest_weekday": before["digest_weekday"]})
    assert restored.status == 200, restored.body


def test_an_admin_creates_a_group_and_sees_it_listed(page: Page, stack: Stack) -> None:
    admin = stack.user("admin")
    name = f"Field {uuid.uuid4().hex[:4]}"
    sign_in(page, stack, admin["email"], admin["password"])
    open_screen(page, "Groups")
    page.get_by_label("Group name", exact=True).fill(name)
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("listitem").filter(has_text=name)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Group “{name}” created.")
    assert_accessible(page, "admin-groups")
    shoot(page, "admin-groups")
