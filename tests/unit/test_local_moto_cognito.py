"""The local Cognito's RevokeToken: a revoked refresh token no longer refreshes, as in AWS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local.moto_cognito import add_revoke_token


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
