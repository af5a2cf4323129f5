"""The local Cognito where it differs from moto's: RevokeToken (a revoked refresh token no longer
refreshes), and the mail Cognito sends (invitations with a temporary password, password-reset codes)
with what each secret then allows, as in AWS."""

from __future__ import annotations

import json
import re
import string
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local.moto_cognito import (
    SYMBOLS,
    add_cognito_mail,
    add_revoke_token,
    sent_mail,
    set_custom_message,
    temporary_password,
)


@pytest.fixture
def idp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    add_revoke_token()
    with mock_aws():
        yield boto3.client("cognito-idp")


def test_a_revoked_refresh_token_no_longer_refreshes(idp: Any) -> None:
    client = idp
    pool = client.create_user_pool(PoolName="p")["UserPool"]["Id"]
    app = client.create_user_pool_client(
        UserPoolId=pool,
        ClientName="c",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    client.admin_create_user(UserPoolId=pool, Username="ava@example.com")
    client.admin_set_user_password(
        UserPoolId=pool, Username="ava@example.com", Password="Passw0rd!Passw0rd", Permanent=True
    )
    tokens = client.initiate_auth(
        ClientId=app, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ava@example.com", "PASSWORD": "Passw0rd!Passw0rd"},
    )["AuthenticationResult"]  # fmt: skip
    refresh = {
        "ClientId": app,
        "AuthFlow": "REFRESH_TOKEN_AUTH",
        "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]},
    }
    assert client.initiate_auth(**refresh)["AuthenticationResult"]["IdToken"]

    client.revoke_token(Token=tokens["RefreshToken"], ClientId=app)
    client.revoke_token(Token=tokens["RefreshToken"], ClientId=app)  # again: no error
    with pytest.raises(client.exceptions.NotAuthorizedException):
        client.initiate_auth(**refresh)


POLICY = {"MinimumLength": 12, "RequireLowercase": True, "RequireUppercase": True,
          "RequireNumbers": True, "RequireSymbols": True}  # fmt: skip


@pytest.fixture
def pool(idp: Any) -> tuple[str, str]:
    """A pool like the template's (email sign-in, its password policy and mail templates) and a client."""
    add_cognito_mail()
    pool_id = idp.create_user_pool(
        PoolName="mail",
        UsernameAttributes=["email"],
        Policies={"PasswordPolicy": POLICY},
        AdminCreateUserConfig={
            "AllowAdminCreateUserOnly": True,
            "InviteMessageTemplate": {
                "EmailSubject": "Invited",
                "EmailMessage": "Hi {username}, use {####}.",
            },
        },
        VerificationMessageTemplate={"EmailSubject": "Your code", "EmailMessage": "The code is {####}"},
        AccountRecoverySetting={"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def _mail_to(address: str, kind: str) -> list[dict[str, Any]]:
    return [m for m in sent_mail() if m["to"] == [address] and m["kind"] == kind]


def _sign_in(idp: Any, client_id: str, email: str, password: str) -> dict[str, Any]:
    return dict(idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": email, "PASSWORD": password}
    ))  # fmt: skip


def test_an_invitation_mails_a_temporary_password_that_asks_for_a_new_one(
    idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    idp.admin_create_user(UserPoolId=pool_id, Username=email, UserAttributes=[
        {"Name": "email", "Value": email}, {"Name": "name", "Value": "Ava"}])  # fmt: skip

    (mail,) = _mail_to(email, "invitation")
    temporary = mail["code"]
    assert (mail["subject"], mail["body"]) == ("Invited", f"Hi {email}, use {temporary}.")
    assert len(temporary) >= 12 and all(
        any(c in chars for c in temporary)
        for chars in (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS)
    )
    assert idp.admin_get_user(UserPoolId=pool_id, Username=email)["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    challenge = _sign_in(idp, client_id, email, temporary)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    # As AWS sends them, for amazon-cognito-identity-js to parse.
    assert json.loads(challenge["ChallengeParameters"]["userAttributes"])["name"] == "Ava"
    assert json.loads(challenge["ChallengeParameters"]["requiredAttributes"]) == []
    done = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": "Brand-new-pass-1!"},
    )  # fmt: skip
    assert done["AuthenticationResult"]["IdToken"]
    assert _sign_in(idp, client_id, email, "Brand-new-pass-1!")["AuthenticationResult"]
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        _sign_in(idp, client_id, email, temporary)


def test_a_suppressed_invitation_sends_nothing(idp: Any, pool: tuple[str, str]) -> None:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    idp.admin_create_user(UserPoolId=pool[0], Username=email, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": email}])  # fmt: skip
    assert not [m for m in sent_mail() if m["to"] == [email]]


def test_a_password_reset_takes_the_mailed_code_only(idp: Any, pool: tuple[str, str]) -> None:
    pool_id, client_id = pool
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    idp.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": email}])  # fmt: skip
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=email, Password="Old-password-1!", Permanent=True
    )

    sent = idp.forgot_password(ClientId=client_id, Username=email)
    assert sent["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    # The code goes by mail only, not in moto's response header.
    assert not [h for h in sent["ResponseMetadata"]["HTTPHeaders"] if "confirmation-code" in h]
    (mail,) = _mail_to(email, "password_reset")
    code = mail["code"]
    assert re.fullmatch(r"\d{6}", code) and (mail["subject"], mail["body"]) == (
        "Your code",
        f"The code is {code}",
    )

    def confirm(with_code: str, password: str = "New-password-1!") -> Any:  # noqa: S107 - a test password
        return idp.confirm_forgot_password(ClientId=client_id, Username=email, ConfirmationCode=with_code,
                                           Password=password)  # fmt: skip

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for refused in (wrong, "moto-confirmation-code:123456", "anything"):
        with pytest.raises(idp.exceptions.CodeMismatchException):
            confirm(refused)
    with pytest.raises(idp.exceptions.InvalidPasswordException):
        confirm(code, password="short")
    confirm(code)
    assert _sign_in(idp, client_id, email, "New-password-1!")["AuthenticationResult"]
    with pytest.raises(idp.exceptions.CodeMismatchException):
        confirm(code, password="Another-password-1!")  # a code works once


def test_a_custom_message_trigger_writes_the_mail_with_what_cognito_gives_it(
    idp: Any, pool: tuple[str, str]
) -> None:
    pool_id, client_id = pool
    seen: list[dict[str, Any]] = []

    def trigger(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event)
        request = event["request"]
        words = f"{request['userAttributes'].get('locale')}/{request['clientMetadata'].get('language')}"
        event["response"]["emailSubject"] = f"{event['triggerSource']} {words}"
        event["response"]["emailMessage"] = f"{request['usernameParameter']} {request['codeParameter']}"
        return event

    set_custom_message(trigger)
    try:
        email = f"{uuid.uuid4().hex[:8]}@example.com"
        idp.admin_create_user(UserPoolId=pool_id, Username=email, UserAttributes=[
            {"Name": "email", "Value": email}, {"Name": "locale", "Value": "it"}])  # fmt: skip
        (invitation,) = _mail_to(email, "invitation")
        assert invitation["subject"] == "CustomMessage_AdminCreateUser it/None"
        assert invitation["body"] == f"{email} {invitation['code']}"  # the placeholders filled in after
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=email, Password="Old-password-1!", Permanent=True
        )
        idp.forgot_password(ClientId=client_id, Username=email, ClientMetadata={"language": "en"})
        (reset,) = _mail_to(email, "password_reset")
        assert reset["subject"] == "CustomMessage_ForgotPassword it/en"
        assert reset["body"] == f"{email} {reset['code']}"
        assert [e["userPoolId"] for e in seen] == [pool_id, pool_id]
    finally:
        set_custom_message(None)
    # Without a trigger, the pool's templates again.
    other = f"{uuid.uuid4().hex[:8]}@example.com"
    idp.admin_create_user(
        UserPoolId=pool_id, Username=other, UserAttributes=[{"Name": "email", "Value": other}]
    )
    assert _mail_to(other, "invitation")[0]["subject"] == "Invited"


def test_temporary_passwords_meet_the_policy_asked() -> None:
    assert len(temporary_password({"MinimumLength": 20})) == 20
    relaxed = temporary_password({"MinimumLength": 6, "RequireSymbols": False, "RequireNumbers": False})
    assert len(relaxed) == 12  # never shorter than 12
