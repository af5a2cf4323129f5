from __future__ import annotations

from typing import Any

from advocacy.handlers import stream
from tests.support.events import FakeContext
from tests.support.mocked import Env


def test_group_lifecycle(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    r = aws.call("POST", "/groups", who=admin, body={"name": "Marketing"})
    assert r.status == 201
    group_id = r.body["group_id"]
    assert r.body == {"group_id": group_id, "name": "Marketing", "members": 0}
    assert aws.call("POST", "/groups", who=admin, body={"name": "marketing"}).status == 409
    r = aws.call("PATCH", f"/groups/{group_id}", who=admin, body={"name": "Brand"})
    assert r.status == 200
    assert r.body["name"] == "Brand"
    assert aws.call("POST", "/groups", who=admin, body={"name": "Marketing"}).status == 201
    assert aws.call("PATCH", f"/groups/{group_id}", who=admin, body={"name": "Sales"}).status == 409
    names = {g["name"] for g in aws.call("GET", "/groups", who=admin).body["items"]}
    assert names == {"Sales", "Engineering", "Brand", "Marketing"}
    r = aws.call("DELETE", f"/groups/{group_id}", who=admin)
    assert r.status == 204
    assert r.body == ""
    assert aws.call("GET", f"/groups/{group_id}", who=admin).status == 404
    assert aws.call("DELETE", f"/groups/{group_id}", who=admin).status == 404


def _stream_event(org_id: str, group_id: str) -> dict[str, Any]:
    keys = {"org_id": {"S": org_id}, "sk": {"S": f"GROUP#{group_id}"}}
    return {
        "Records": [
            {
                "eventID": "1",
                "eventName": "REMOVE",
                "eventSource": "aws:dynamodb",
                "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/it-orgs/stream/x",
                "dynamodb": {
                    "Keys": keys,
                    "OldImage": keys,
                    "SequenceNumber": "100",
                    "StreamViewType": "KEYS_ONLY",
                },
            }
        ]
    }


def test_deleting_a_group_takes_it_off_its_members_via_the_stream(aws: Env, org: dict[str, Any]) -> None:
    admin, mia = org["admin"], org["members"][0]
    sales = org["groups"]["sales"]["group_id"]
    assert aws.call("DELETE", f"/groups/{sales}", who=admin).status == 204
    event = _stream_event(org["org"]["org_id"], sales)
    assert stream.handler(event, FakeContext("stream")) == {"batchItemFailures": []}
    assert aws.call("GET", "/me", who=mia).body["groups"] == []
    # a redelivered record changes nothing and does not fail
    assert stream.handler(event, FakeContext("stream")) == {"batchItemFailures": []}


def test_org_settings_read_and_partial_update(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    r = aws.call("GET", "/org", who=admin)
    assert r.status == 200
    assert r.body["timezone"] == "UTC"
    rules = r.body["point_rules"]
    r = aws.call(
        "PATCH",
        "/org",
        who=admin,
        body={"timezone": "Europe/Paris", "point_rules": {"share": 15}, "emv": {"cpm": 9}},
    )
    assert r.status == 200, r.body
    assert r.body["timezone"] == "Europe/Paris"
    assert r.body["point_rules"] == {**rules, "share": 15}
    assert r.body["emv"]["cpm"] == 9
    assert aws.call("GET", "/org", who=admin).body["point_rules"]["share"] == 15


def test_org_digest_weekday_defaults_to_monday_and_takes_a_day_name(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    assert aws.call("GET", "/org", who=admin).body["digest_weekday"] == "monday"
    r = aws.call("PATCH", "/org", who=admin, body={"digest_weekday": "friday"})
    assert r.status == 200, r.body
    assert r.body["digest_weekday"] == "friday"
    for day in ("Friday", "funday", 4):
        r = aws.call("PATCH", "/org", who=admin, body={"digest_weekday": day})
        assert r.status == 422, day
        assert r.body["error"]["details"][0]["field"] == "digest_weekday"
    assert aws.call("GET", "/org", who=admin).body["digest_weekday"] == "friday"


def test_org_rejects_bad_time_zones_and_values(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    for body, field in (
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": "localtime"}, "timezone"),  # files of the database, not zones of the IANA list
        ({"timezone": "posixrules"}, "timezone"),
        ({"timezone": "Factory"}, "timezone"),
        ({"point_rules": {"share": -1}}, "point_rules.share"),
        ({"default_content_ttl_days": 0}, "default_content_ttl_days"),
        ({"emv": {"currency": "euro"}}, "emv.currency"),
    ):
        r = aws.call("PATCH", "/org", who=admin, body=body)
        assert r.status == 422, body
        assert r.body["error"]["details"][0]["field"] == field
    assert aws.call("GET", "/org", who=admin).body["timezone"] == "UTC"


def _full_width(text: str) -> str:
    """`text` in full-width letters (U+FF21...), which NFKC makes plain again."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def test_group_names_that_read_the_same_are_one_name(aws: Env, org: dict[str, Any]) -> None:
    """Full-width letters, case and spacing make no new name; invisible and look-alike characters are
    refused with a 422 that names the field."""
    admin = org["admin"]
    r = aws.call("POST", "/groups", who=admin, body={"name": "Field Sales"})
    assert r.status == 201, r.body
    group_id = r.body["group_id"]
    for same in (_full_width("FIELD SALES"), "field  sales", "FIELD SALES"):
        r = aws.call("POST", "/groups", who=admin, body={"name": same})
        assert r.status == 409, (same, r.body)
    for disguised in ("Field Sales\u200b", "Field\u2060Sales", "\u202eselaS dleiF", "Field S\u0430les"):
        r = aws.call("POST", "/groups", who=admin, body={"name": disguised})
        assert r.status == 422, (disguised, r.body)
        assert r.body["error"]["details"][0]["field"] == "name"
    r = aws.call("PATCH", f"/groups/{group_id}", who=admin, body={"name": _full_width("Brand")})
    assert (r.status, r.body["name"]) == (200, "Brand")  # stored in NFKC
    assert aws.call("POST", "/groups", who=admin, body={"name": "brand"}).status == 409
    assert aws.call("POST", "/groups", who=admin, body={"name": "Field Sales"}).status == 201


def test_display_names_refuse_bidirectional_controls_and_are_stored_in_nfkc(
    aws: Env, org: dict[str, Any]
) -> None:
    mia = org["members"][0]
    for name in ("Mia \u202egnp.exe", "Mia\u200d", "Mi\u0430"):
        r = aws.call("PATCH", "/me", who=mia, body={"name": name})
        assert r.status == 422, (name, r.body)
        assert r.body["error"]["details"][0]["field"] == "name"
        assert (
            "characters" in r.body["error"]["details"][0]["message"]
            or "mix" in r.body["error"]["details"][0]["message"]
        )
    r = aws.call("PATCH", "/me", who=mia, body={"name": _full_width("Mia") + " Иванова"})
    assert (r.status, r.body["name"]) == (200, "Mia Иванова")
    r = aws.call("PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"name": "Mia\u202e Jones"})
    assert r.status == 422, r.body
