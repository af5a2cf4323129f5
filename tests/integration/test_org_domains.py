"""One person, one org: an org's admins invite only addresses of the email domains the operator gave it
(plus single addresses allowed to it), and a refused invite says nothing about the address (decision 85)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.support.mocked import Env


def _invite(aws: Env, admin: dict[str, Any], email: str) -> Any:
    return aws.call("POST", "/members", who=admin, body={"email": email, "name": "Someone", "role": "member"})


def _users(aws: Env, email: str) -> list[Any]:
    idp = boto3.client("cognito-idp")
    return list(idp.list_users(UserPoolId=aws.user_pool_id, Filter=f'email = "{email}"')["Users"])


def test_another_orgs_admin_cannot_invite_its_addresses_and_it_still_can(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any]
) -> None:
    refused = _invite(aws, other_org["admin"], "zed@acme.test")
    assert refused.status == 422, refused.body
    assert refused.body["error"]["code"] == "validation_error"
    assert [d["field"] for d in refused.body["error"]["details"]] == ["email"]
    assert "globex.test" in refused.body["error"]["details"][0]["message"]  # its own domains, said
    assert _users(aws, "zed@acme.test") == []  # nobody was made: Acme is not blocked
    made = _invite(aws, org["admin"], "zed@acme.test")
    assert made.status == 201, made.body
    assert made.body["email"] == "zed@acme.test"
    # Deactivated, the member still blocks nobody but their own org's second invite (a plain 409 there).
    member_id = made.body["member_id"]
    patch = aws.call("PATCH", f"/members/{member_id}", who=org["admin"], body={"status": "deactivated"})
    assert patch.status == 200
    assert _invite(aws, org["admin"], "zed@acme.test").status == 409
    assert _invite(aws, other_org["admin"], "zed@acme.test").status == 422


def test_a_refused_invite_is_the_same_whether_or_not_the_address_exists_elsewhere(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any]
) -> None:
    existing = org["members"][0]["email"]  # mia@acme.test, an Acme member
    assert _users(aws, existing)
    taken = _invite(aws, other_org["admin"], existing)
    free = _invite(aws, other_org["admin"], "nobody-at-all@acme.test")
    assert taken.status == free.status == 422
    assert taken.body == free.body
    # A domain no org owns is refused the same way.
    assert _invite(aws, other_org["admin"], "someone@elsewhere.test").body == free.body


def test_the_org_lists_its_domains_and_a_member_of_the_org_is_still_a_409(
    aws: Env, org: dict[str, Any]
) -> None:
    settings = aws.call("GET", "/org", who=org["admin"])
    assert settings.status == 200
    assert settings.body["domains"] == ["acme.test"]
    assert settings.body["allowed_emails"] == []
    again = _invite(aws, org["admin"], org["members"][0]["email"])
    assert again.status == 409
    assert again.body["error"]["code"] == "conflict"
    # Not an org setting an admin changes: PATCH /org refuses the field.
    r = aws.call("PATCH", "/org", who=org["admin"], body={"domains": ["globex.test"]})
    assert r.status == 422


def test_the_operator_sets_domains_and_single_addresses(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: Any
) -> None:
    from advocacy.domain.errors import Conflict, ValidationFailed
    from advocacy.ops import bootstrap

    acme = org["org"]["org_id"]
    globex = other_org["org"]["org_id"]
    # A domain another org owns cannot be taken, and nothing changes.
    with pytest.raises(Conflict, match=r"acme\.test"):
        bootstrap.set_domains(globex, ["globex.test", "acme.test"], [], now)
    assert aws.call("GET", "/org", who=other_org["admin"]).body["domains"] == ["globex.test"]
    # A second domain, and a single address outside them.
    out = bootstrap.set_domains(acme, ["acme.test", "Acme-Robotics.TEST."], ["Pat@Gmail.test"], now)
    assert out["domains"] == ["acme-robotics.test", "acme.test"]
    assert out["allowed_emails"] == ["pat@gmail.test"]
    assert _invite(aws, org["admin"], "kim@acme-robotics.test").status == 201
    assert _invite(aws, org["admin"], "pat@gmail.test").status == 201
    assert _invite(aws, org["admin"], "lee@gmail.test").status == 422
    # One address belongs to one org: Globex cannot be allowed Acme's, nor one in Acme's domains.
    with pytest.raises(Conflict, match=r"pat@gmail\.test"):
        bootstrap.set_domains(globex, ["globex.test"], ["pat@gmail.test"], now)
    with pytest.raises(Conflict, match=r"acme\.test"):
        bootstrap.set_domains(globex, ["globex.test"], ["boss@acme.test"], now)
    with pytest.raises(ValidationFailed):
        bootstrap.set_domains(acme, ["acme.test"], ["ada@acme.test"], now)  # already covered
    with pytest.raises(ValidationFailed):
        bootstrap.set_domains(acme, ["not a domain"], [], now)
    # Released, a domain can be another org's; the first org's admins can no longer invite there.
    bootstrap.set_domains(acme, ["acme.test"], [], now)
    bootstrap.set_domains(globex, ["globex.test", "acme-robotics.test"], [], now)
    assert _invite(aws, org["admin"], "ivy@acme-robotics.test").status == 422
    assert _invite(aws, other_org["admin"], "ivy@acme-robotics.test").status == 201


def test_a_new_org_cannot_claim_an_owned_domain_or_have_an_admin_outside_its_own(
    aws: Env, org: dict[str, Any], now: Any
) -> None:
    from advocacy.domain.errors import Conflict, ValidationFailed
    from advocacy.ops import bootstrap

    with pytest.raises(Conflict, match=r"acme\.test"):
        bootstrap.create_org("Copycat", "cat@acme.test", "Cat", now, send_invitation=False)
    with pytest.raises(ValidationFailed):
        bootstrap.create_org(
            "Initech", "bill@gmail.test", "Bill", now, send_invitation=False, domains=["initech.test"]
        )
    org_body, admin = bootstrap.create_org(
        "Initech", "bill@gmail.test", "Bill", now, send_invitation=False, domains=["initech.test"],
        allowed=("bill@gmail.test",),
    )  # fmt: skip
    assert org_body["domains"] == ["initech.test"]
    assert org_body["allowed_emails"] == ["bill@gmail.test"]
    assert admin["role"] == "admin"
