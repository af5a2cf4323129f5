from __future__ import annotations

from typing import Any

import boto3

from tests.support.calls import dynamodb_calls
from tests.support.mocked import Env


def test_admin_invites_a_member_with_a_cognito_user_in_the_org(aws: Env, org: dict[str, Any]) -> None:
    sales = org["groups"]["sales"]["group_id"]
    r = aws.call(
        "POST",
        "/members",
        who=org["admin"],
        body={"email": "Zoe@Acme.test", "name": "Zoe", "role": "member", "groups": [sales]},
    )
    assert r.status == 201, r.body
    assert r.body["email"] == "zoe@acme.test"
    assert r.body["status"] == "active"
    assert r.body["groups"] == [sales]
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=aws.user_pool_id, Username="zoe@acme.test")
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["custom:org_id"] == org["org"]["org_id"]
    assert attrs["sub"] == r.body["member_id"]
    group = aws.call("GET", f"/groups/{sales}", who=org["admin"]).body
    assert group["members"] == 2


def _locale(aws: Env, email: str) -> str | None:
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=aws.user_pool_id, Username=email)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}.get("locale")


def test_an_invitation_in_italian_is_the_members_language_until_they_choose(
    aws: Env, org: dict[str, Any]
) -> None:
    body = {"email": "ugo@acme.test", "name": "Ugo", "role": "member", "language": "it"}
    r = aws.call("POST", "/members", who=org["admin"], body=body)
    assert r.status == 201, r.body
    # The sign-in user's locale is what the mail trigger writes the invitation in.
    assert _locale(aws, "ugo@acme.test") == "it"
    member = {"member_id": r.body["member_id"], "org_id": org["org"]["org_id"]}
    assert aws.call("GET", "/me", who=member).body["language"] == "it"
    # Without one, the member has none (English mail) until they choose.
    plain = {"email": "eve@acme.test", "name": "Eve", "role": "member"}
    assert aws.call("POST", "/members", who=org["admin"], body=plain).status == 201
    assert _locale(aws, "eve@acme.test") is None
    bad = aws.call(
        "POST", "/members", who=org["admin"], body={**plain, "email": "fay@acme.test", "language": "fr"}
    )
    assert bad.status == 422 and [d["field"] for d in bad.body["error"]["details"]] == ["language"]


def test_inviting_the_same_email_twice_is_409_and_leaves_one_member(aws: Env, org: dict[str, Any]) -> None:
    body = {"email": "mia@acme.test", "name": "Mia again", "role": "member"}
    r = aws.call("POST", "/members", who=org["admin"], body=body)
    assert r.status == 409
    assert r.body["error"]["code"] == "conflict"
    listed = aws.call("GET", "/members", who=org["admin"], query={"limit": "100"}).body["items"]
    assert [m["name"] for m in listed if m["email"] == "mia@acme.test"] == ["Mia"]


def test_invite_with_an_unknown_group_is_422_and_creates_no_user(aws: Env, org: dict[str, Any]) -> None:
    body = {"email": "lea@acme.test", "name": "Lea", "role": "member", "groups": ["nope"]}
    r = aws.call("POST", "/members", who=org["admin"], body=body)
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "groups"
    users = boto3.client("cognito-idp").list_users(UserPoolId=aws.user_pool_id)["Users"]
    assert "lea@acme.test" not in {u["Username"] for u in users}


def test_invite_validates_email_role_and_name(aws: Env, org: dict[str, Any]) -> None:
    r = aws.call(
        "POST", "/members", who=org["admin"], body={"email": "not-an-email", "name": "", "role": "boss"}
    )
    assert r.status == 422
    assert {d["field"] for d in r.body["error"]["details"]} == {"email", "name", "role"}


def test_list_filters_and_paginates(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    sales = org["groups"]["sales"]["group_id"]
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = aws.call("GET", "/members", who=admin, query=query).body
        assert len(page["items"]) <= 2
        seen += [m["member_id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 4
    by_group = aws.call("GET", "/members", who=admin, query={"group": sales, "limit": "100"}).body["items"]
    assert [m["name"] for m in by_group] == ["Mia"]
    managers = aws.call("GET", "/members", who=admin, query={"role": "manager"}).body["items"]
    assert [m["name"] for m in managers] == ["Max"]


def test_tampered_or_foreign_cursor_is_422(aws: Env, org: dict[str, Any], other_org: dict[str, Any]) -> None:
    r = aws.call("GET", "/members", who=org["admin"], query={"cursor": "not-a-cursor"})
    assert r.status == 422
    foreign = aws.call("GET", "/members", who=other_org["admin"], query={"limit": "1"}).body["next_cursor"]
    assert foreign
    r = aws.call("GET", "/members", who=org["admin"], query={"cursor": foreign})
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "cursor"


def test_out_of_range_limit_is_422(aws: Env, org: dict[str, Any]) -> None:
    for limit in ("0", "101", "ten"):
        r = aws.call("GET", "/members", who=org["admin"], query={"limit": limit})
        assert r.status == 422, limit
        assert r.body["error"]["details"][0]["field"] == "limit"


def test_update_role_groups_and_counts(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    r = aws.call(
        "PATCH", f"/members/{mia['member_id']}", who=admin, body={"role": "manager", "groups": [eng]}
    )
    assert r.status == 200, r.body
    assert r.body["role"] == "manager"
    assert r.body["groups"] == [eng]
    assert aws.call("GET", f"/groups/{sales}", who=admin).body["members"] == 0
    assert aws.call("GET", f"/groups/{eng}", who=admin).body["members"] == 2
    assert aws.call("GET", "/me", who=mia).body["role"] == "manager"


def test_deactivated_member_is_401_on_the_next_request_and_can_be_reactivated(
    aws: Env, org: dict[str, Any]
) -> None:
    admin, noa = org["admin"], org["members"][1]
    assert aws.call("GET", "/me", who=noa).status == 200
    r = aws.call("PATCH", f"/members/{noa['member_id']}", who=admin, body={"status": "deactivated"})
    assert r.status == 200
    assert aws.call("GET", "/me", who=noa).status == 401
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=aws.user_pool_id, Username=noa["email"])
    assert user["Enabled"] is False
    aws.call("PATCH", f"/members/{noa['member_id']}", who=admin, body={"status": "active"})
    assert aws.call("GET", "/me", who=noa).status == 200


def test_admin_cannot_demote_or_deactivate_themself(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    for body in ({"role": "member"}, {"status": "deactivated"}):
        r = aws.call("PATCH", f"/members/{admin['member_id']}", who=admin, body=body)
        assert r.status == 422
    assert aws.call("GET", "/me", who=admin).body["role"] == "admin"


def test_roles_are_enforced(aws: Env, org: dict[str, Any]) -> None:
    refused = {
        "manager": (("GET", "/members"), ("GET", "/org"), ("POST", "/groups")),
        "member": (("GET", "/members"), ("GET", "/org"), ("GET", "/groups")),
    }
    for who in (org["manager"], org["members"][0]):
        for method, path in refused[who["role"]]:
            r = aws.call(method, path, who=who, body={"name": "Ops"} if method == "POST" else None)
            assert r.status == 403, (who["role"], path)
            assert r.body["error"]["code"] == "forbidden"


def test_managers_list_groups_to_target_content(aws: Env, org: dict[str, Any]) -> None:
    """Managers read every group's name (to target content), not only their own; they change none."""
    r = aws.call("GET", "/groups", who=org["manager"])
    assert r.status == 200, r.body
    assert {g["name"] for g in r.body["items"]} == {g["name"] for g in org["groups"].values()}
    sales = org["groups"]["sales"]["group_id"]
    assert aws.call("PATCH", f"/groups/{sales}", who=org["manager"], body={"name": "X"}).status == 403
    assert aws.call("DELETE", f"/groups/{sales}", who=org["manager"]).status == 403


def test_another_orgs_ids_are_404_and_change_nothing(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any]
) -> None:
    foreign = other_org["member"]["member_id"]
    admin = org["admin"]
    assert aws.call("GET", f"/members/{foreign}", who=admin).status == 404
    r = aws.call("PATCH", f"/members/{foreign}", who=admin, body={"status": "deactivated"})
    assert r.status == 404
    assert aws.call("GET", "/me", who=other_org["member"]).status == 200
    foreign_group = aws.call("POST", "/groups", who=other_org["admin"], body={"name": "Ops"}).body["group_id"]
    assert aws.call("GET", f"/groups/{foreign_group}", who=admin).status == 404
    assert aws.call("DELETE", f"/groups/{foreign_group}", who=admin).status == 404
    assert aws.call("GET", f"/groups/{foreign_group}", who=other_org["admin"]).status == 200


def test_a_member_reads_the_orgs_time_zone_and_their_own_groups_names(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    sales, eng = org["groups"]["sales"]["group_id"], org["groups"]["eng"]["group_id"]
    assert aws.call("PATCH", "/org", who=org["admin"], body={"timezone": "Europe/Rome"}).status == 200
    assert (
        aws.call(
            "PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"groups": [sales, eng]}
        ).status
        == 200
    )

    with dynamodb_calls() as calls:
        r = aws.call("GET", "/me/org", who=mia)
    assert r.status == 200, r.body
    assert calls == ["BatchGetItem", "BatchGetItem"], (
        calls
    )  # the caller's record with the org's, then the groups
    assert r.body == {
        "org_id": org["org"]["org_id"],
        "name": "Acme",
        "timezone": "Europe/Rome",
        "groups": [{"group_id": eng, "name": "Engineering"}, {"group_id": sales, "name": "Sales"}],
        "share_points": 10,  # what a share earns when its content sets no points (the default)
        "personalised_bonus": 5,  # what a share in the member's own words earns more (the default)
        "click_points": 2,  # what a unique human click on the member's link earns (the default)
    }
    # Only the caller's own groups, and none of the admins' settings.
    assert aws.call("GET", "/me/org", who=org["members"][1]).body["groups"] == [
        {"group_id": eng, "name": "Engineering"}
    ]
    assert aws.call("GET", "/me/org", who=org["admin"]).body["groups"] == []
    gone = {"status": "deactivated"}
    assert (
        aws.call("PATCH", f"/members/{org['members'][1]['member_id']}", who=org["admin"], body=gone).status
        == 200
    )
    assert aws.call("GET", "/me/org", who=org["members"][1]).status == 401  # a deactivated member is refused
    assert aws.call("DELETE", f"/groups/{eng}", who=org["admin"]).status == 204
    assert [g["name"] for g in aws.call("GET", "/me/org", who=mia).body["groups"]] == ["Sales"]
    # What sharing earns follows the admins' point rules.
    rules = {"point_rules": {"share": 7, "click": 0}}
    assert aws.call("PATCH", "/org", who=org["admin"], body=rules).status == 200
    earns = aws.call("GET", "/me/org", who=mia).body
    assert (earns["share_points"], earns["personalised_bonus"], earns["click_points"]) == (7, 5, 0)
