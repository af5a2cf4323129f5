"""A retried invitation over HTTP: the same Idempotency-Key gives the first answer and invites once."""

from __future__ import annotations

import uuid

import pytest

from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


def test_a_retried_invitation_with_its_key_invites_once(stack: Stack) -> None:
    admin = stack.user("admin")
    token = stack.login(admin["email"], admin["password"])
    email = f"e2e-idem-{uuid.uuid4().hex[:8]}@acme.example"
    body = {"email": email, "name": "Retry Person", "role": "member", "groups": []}
    key = {"Idempotency-Key": str(uuid.uuid4())}

    first = stack.call("POST", "/members", token, body, headers=key)
    assert first.status == 201, first.body
    again = stack.call("POST", "/members", token, body, headers=key)
    assert again.status == 201
    assert again.json() == first.json()

    other = stack.call("POST", "/members", token, {**body, "name": "Someone Else"}, headers=key)
    assert other.status == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"

    pool = stack.info["user_pool_id"]
    assert len(stack.idp().list_users(UserPoolId=pool, Filter=f'email = "{email}"')["Users"]) == 1
    members = stack.call("GET", "/members?limit=100", token).json()["items"]
    assert [m["member_id"] for m in members if m["email"] == email] == [first.json()["member_id"]]

    without_key = stack.call("POST", "/members", token, body)
    assert without_key.status == 409  # the same email again, without a key: the usual conflict
