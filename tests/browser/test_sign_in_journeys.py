"""The two ways to a password of one's own, in Chromium against the local stack: the first sign-in of
a member invited through the API (`POST /members`: Cognito's AdminCreateUser, a temporary password by
mail, status FORCE_CHANGE_PASSWORD), and a forgotten password reset with the code Cognito mails.

The temporary password and the code are read where the local stack keeps the mail Cognito would have
sent (`GET /_local/outbox`, `local/moto_cognito.py`): the member's inbox, in effect. Nothing of it
exists in a deployed stack, where Cognito mails the member and nobody else sees either secret.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import shoot, sign_in
from tests.support.stack import Stack

NEW_PASSWORD = "Chosen-by-me-2026!"


def invite(stack: Stack, email: str, **more: str) -> str:
    """An admin invites a new member through the API, as the admins' screens do (each stack is new:
    the address is free); returns the email."""
    admin = stack.user("admin")
    body = {"email": email, "name": "Iva Invited", "role": "member", "groups": [], **more}
    invited = stack.call("POST", "/members", stack.login(admin["email"], admin["password"]), body)
    assert invited.status == 201, invited.body
    return email


def mail(stack: Stack, email: str, kind: str) -> dict[str, Any]:
    """The one mail of `kind` the local Cognito has sent to `email`."""
    (sent,) = [
        m
        for m in stack.call("GET", "/_local/outbox").json()["cognito"]
        if m["to"] == [email] and m["kind"] == kind
    ]
    return dict(sent)


def status(stack: Stack, email: str) -> str:
    user = stack.idp().admin_get_user(UserPoolId=stack.info["user_pool_id"], Username=email)
    return str(user["UserStatus"])


def refused(page: Page, stack: Stack, email: str, password: str) -> None:
    sign_in(page, stack, email, password)
    expect(page.get_by_text("The email or password is not right")).to_be_visible()


def signed_in(page: Page, stack: Stack, email: str, password: str) -> None:
    sign_in(page, stack, email, password)
    expect(page.get_by_role("heading", level=1, name="Feed")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_an_invited_member_chooses_a_password_at_first_sign_in(page: Page, stack: Stack) -> None:
    email = invite(stack, "iva.invited@acme.example")
    invitation = mail(stack, email, "invitation")
    temporary = invitation["code"]
    assert temporary in invitation["body"] and invitation["subject"] == "You're invited to Advocacy"
    assert f'<a href="{stack.info["web_url"]}">' in invitation["body"]  # written by the mail function
    assert status(stack, email) == "FORCE_CHANGE_PASSWORD"

    sign_in(page, stack, email, temporary)
    expect(page.get_by_role("heading", level=1, name="Choose your password")).to_be_focused()
    shoot(page, "first-sign-in")
    assert_accessible(page, "first sign-in: choose a password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", level=1, name="Feed")).to_be_visible()
    assert status(stack, email) == "CONFIRMED"

    sign_out(page)
    refused(page, stack, email, temporary)  # the temporary password is spent
    signed_in(page, stack, email, NEW_PASSWORD)


def test_a_member_resets_a_forgotten_password_with_the_mailed_code(page: Page, stack: Stack) -> None:
    email = invite(stack, "fred.forgetful@acme.example")
    forgotten = "Forgotten-long-ago-1!"
    stack.idp().admin_set_user_password(
        UserPoolId=stack.info["user_pool_id"], Username=email, Password=forgotten, Permanent=True
    )

    page.goto(f"{stack.info['web_url']}/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1, name="Reset your password")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send code").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"If an account exists for {email}, a code is on its way."
    )
    code = mail(stack, email, "password_reset")["code"]
    shoot(page, "forgot-password")

    # A wrong code is refused in words; the form keeps what was typed.
    page.get_by_label("Code").fill("000000" if code != "000000" else "111111")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_contain_text("This code is not right.")
    assert_accessible(page, "forgot password: a wrong code")

    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password has been changed. Sign in with it now.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()

    refused(page, stack, email, forgotten)
    signed_in(page, stack, email, NEW_PASSWORD)


@pytest.mark.browser_context_args(locale="it-IT", timezone_id="Europe/Rome")
def test_the_mails_come_in_the_language_of_the_invitation_and_of_the_app(page: Page, stack: Stack) -> None:
    italian = invite(stack, "ugo.italiano@acme.example", language="it")
    invitation = mail(stack, italian, "invitation")
    assert invitation["subject"] == "Il tuo invito ad Advocacy" and invitation["code"] in invitation["body"]

    # Invited in no language, a member asking for a code from the app in Italian gets it in Italian.
    email = invite(stack, "eva.english@acme.example")
    assert mail(stack, email, "invitation")["subject"] == "You're invited to Advocacy"
    page.goto(f"{stack.info['web_url']}/sign-in")
    page.get_by_role("link", name="Password dimenticata?").click()
    expect(page.get_by_role("heading", level=1, name="Reimposta la password")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Invia il codice").click()
    expect(page.get_by_role("status")).to_contain_text(email)
    reset = mail(stack, email, "password_reset")
    assert reset["subject"] == "Il codice per reimpostare la password di Advocacy"
    assert reset["code"] in reset["body"]
