"""One person, one org, over HTTP against the seeded demo orgs: Globex's admin cannot take or probe
Acme's addresses, and Acme's admin still invites them (decision 85)."""

from __future__ import annotations

import uuid

import pytest

from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


def test_another_orgs_admin_can_neither_take_nor_probe_an_address(stack: Stack) -> None:
    acme_user, globex_user = stack.user("admin"), stack.user("admin", org_index=1)
    acme = stack.login(acme_user["email"], acme_user["password"])
    globex = stack.login(globex_user["email"], globex_user["password"])
    assert stack.call("GET", "/org", acme).json()["domains"] == ["acme.example"]
    fresh = f"e2e-domains-{uuid.uuid4().hex[:8]}@acme.example"
    existing = stack.user("member")["email"]  # an Acme member's address

    def invite(token: str, email: str) -> tuple[int, bytes]:
        answer = stack.call("POST", "/members", token, {"email": email, "name": "Pat", "role": "member"})
        return answer.status, answer.body

    taken, free = invite(globex, existing), invite(globex, fresh)
    assert taken[0] == 422, taken
    assert taken == free  # the same answer whether or not the address is someone's
    pool = stack.info["user_pool_id"]
    assert stack.idp().list_users(UserPoolId=pool, Filter=f'email = "{fresh}"')["Users"] == []
    assert invite(acme, fresh)[0] == 201  # Acme is not blocked
    assert invite(acme, existing)[0] == 409  # within the org, an existing member is said
