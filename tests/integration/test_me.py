from __future__ import annotations

from typing import Any

import boto3

from tests.support.calls import dynamodb_calls
from tests.support.mocked import Env


def test_me_reads_the_callers_member_record(aws: Env, org: dict[str, Any]) -> None:
    member = org["members"][0]
    r = aws.call("GET", "/me", who=member)
    assert r.status == 200
    assert r.body["member_id"] == member["member_id"]
    assert r.body["org_id"] == org["org"]["org_id"]
    assert r.body["role"] == "member"
    assert r.body["groups"] == [org["groups"]["sales"]["group_id"]]
    assert r.body["points"] == {"balance": 0, "lifetime": 0}
    assert r.body["level"] == 1
    # What comes next: level 2 on the default curve, and the first share's badge.
    assert r.body["next_level"] == {"level": 2, "points": 100, "remaining": 100}
    assert r.body["next_badge"] == {"badge": "first_share", "counter": "shares", "count": 0, "target": 1}


def test_patch_me_merges_networks_and_keeps_other_fields(aws: Env, org: dict[str, Any]) -> None:
    member = org["members"][0]
    r = aws.call(
        "PATCH", "/me", who=member, body={"networks": {"linkedin": {"handle": "mia", "followers": 500}}}
    )
    assert r.status == 200, r.body
    r = aws.call(
        "PATCH", "/me", who=member, body={"networks": {"linkedin": {"followers": 650}}, "digest": "weekly"}
    )
    assert r.status == 200
    assert r.body["networks"]["linkedin"] == {"handle": "mia", "followers": 650}
    assert r.body["digest"] == "weekly"
    assert aws.call("GET", "/me", who=member).body["networks"]["linkedin"]["followers"] == 650


def test_language_is_unset_until_chosen_and_only_a_known_one(aws: Env, org: dict[str, Any]) -> None:
    member = org["members"][0]
    assert aws.call("GET", "/me", who=member).body["language"] is None
    r = aws.call("PATCH", "/me", who=member, body={"language": "fr"})
    assert r.status == 422
    assert [d["field"] for d in r.body["error"]["details"]] == ["language"]
    r = aws.call("PATCH", "/me", who=member, body={"language": "it"})
    assert r.status == 200 and r.body["language"] == "it"
    # The sign-in user's locale follows: the password-reset mail is written in it.
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=aws.user_pool_id, Username=r.body["email"])
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["locale"] == "it"
    # A later change of another field keeps it.
    assert aws.call("PATCH", "/me", who=member, body={"digest": "daily"}).body["language"] == "it"
    assert aws.call("GET", "/me", who=member).body["language"] == "it"


def test_malformed_json_is_400_and_unknown_field_is_422(aws: Env, org: dict[str, Any]) -> None:
    member = org["members"][0]
    r = aws.call("PATCH", "/me", who=member, body="{not json")
    assert r.status == 400
    assert r.body["error"]["code"] == "bad_request"
    r = aws.call("PATCH", "/me", who=member, body={"nickname": "x"})
    assert r.status == 422
    assert r.body["error"]["code"] == "validation_error"
    assert r.body["error"]["details"][0]["field"] == "nickname"
    assert aws.call("GET", "/me", who=member).body["name"] == "Mia"


def test_body_over_64_kb_is_413(aws: Env, org: dict[str, Any]) -> None:
    r = aws.call("PATCH", "/me", who=org["members"][0], body={"name": "x" * (65 * 1024)})
    assert r.status == 413
    assert r.body["error"]["code"] == "payload_too_large"


def test_missing_claims_or_unknown_member_is_401(aws: Env, org: dict[str, Any]) -> None:
    assert aws.call("GET", "/me").status == 401
    stranger = {"member_id": "nobody", "org_id": org["org"]["org_id"]}
    r = aws.call("GET", "/me", who=stranger)
    assert r.status == 401
    assert r.body["error"]["code"] == "unauthorized"


def test_health_is_public(aws: Env) -> None:
    r = aws.call("GET", "/health")
    assert r.status == 200
    assert r.body["status"] == "ok"


def test_unknown_route_is_a_json_404(aws: Env) -> None:
    r = aws.call("GET", "/nowhere")
    assert r.status == 404
    assert r.body["error"]["code"] == "not_found"


def test_an_orgs_own_level_thresholds_decide_the_level(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    member_id = mia["member_id"]
    r = aws.call("POST", f"/members/{member_id}/points", who=admin, body={"points": 120, "reason": "talk"})
    assert r.status == 201, r.body
    me = aws.call("GET", "/me", who=mia).body
    assert me["level"] == 2  # the curve: level 2 at 100 points
    assert me["next_level"] == {"level": 3, "points": 300, "remaining": 180}
    assert aws.call("GET", "/org", who=admin).body["level_thresholds"] == []

    r = aws.call("PATCH", "/org", who=admin, body={"level_thresholds": [50, 100, 110]})
    assert (r.status, r.body.get("level_thresholds")) == (200, [50, 100, 110]), r.body
    with dynamodb_calls() as calls:
        assert aws.call("GET", "/me", who=mia).body["level"] == 4  # the last level the org set
    assert calls == ["BatchGetItem"]  # the caller's record and the org's, one round trip
    patched = aws.call("PATCH", "/me", who=mia, body={"digest": "weekly"}).body
    assert (patched["level"], patched["next_level"]) == (4, None)  # nothing after the org's last level
    r = aws.call("PATCH", "/org", who=admin, body={"level_thresholds": [50, 100, 500]})
    assert r.status == 200, r.body
    assert aws.call("GET", "/me", who=mia).body["next_level"] == {"level": 4, "points": 500, "remaining": 380}

    for bad in ([100, 100], [300, 200], [0], list(range(1, 52))):
        r = aws.call("PATCH", "/org", who=admin, body={"level_thresholds": bad})
        assert r.status == 422, bad
        assert r.body["error"]["details"][0]["field"].startswith("level_thresholds"), r.body
    assert aws.call("GET", "/org", who=admin).body["level_thresholds"] == [50, 100, 500]

    assert aws.call("PATCH", "/org", who=admin, body={"level_thresholds": []}).status == 200
    assert aws.call("GET", "/me", who=mia).body["level"] == 2
