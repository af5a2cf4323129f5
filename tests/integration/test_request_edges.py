"""Odd requests the property-based API run (tests/e2e/test_api_schema.py) found answered with a 500.

Each is pinned here in-process, so the fix holds without the local stack.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.mocked import Env

MULTIPART = '--xx\r\nContent-Disposition: form-data; name="name"\r\n\r\nMia\r\n--xx--\r\n'


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", '{"name": "Plain"}'),
        ("multipart/form-data", MULTIPART),  # no boundary: Powertools' parser raised a bare ValueError
        ("multipart/form-data; boundary=xx", MULTIPART),
        ("application/x-www-form-urlencoded", "name=Form"),  # parsed by Powertools, past the 64 KB check
    ],
)
def test_a_body_not_sent_as_json_is_415_and_changes_nothing(
    aws: Env, org: dict[str, Any], content_type: str, body: str
) -> None:
    member = org["members"][0]
    r = aws.call("PATCH", "/me", who=member, body=body, headers={"content-type": content_type})
    assert r.status == 415, r.body
    assert r.body["error"]["code"] == "unsupported_media_type"
    assert aws.call("GET", "/me", who=member).body["name"] == member["name"]


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON", ""])
def test_json_is_read_whatever_the_case_or_parameters(
    aws: Env, org: dict[str, Any], content_type: str
) -> None:
    member = org["members"][0]
    r = aws.call("PATCH", "/me", who=member, body='{"name": "Mia J"}', headers={"content-type": content_type})
    assert r.status == 200, r.body
    assert r.body["name"] == "Mia J"


def test_an_email_cognito_refuses_is_422_on_email_and_invites_nobody(aws: Env, org: dict[str, Any]) -> None:
    admin = org["admin"]
    before = aws.call("GET", "/members", who=admin).body["items"]
    r = aws.call("POST", "/members", who=admin, body={"email": "0@0.0", "name": "Zero", "role": "member"})
    assert r.status == 422, r.body
    assert r.body["error"]["code"] == "validation_error"
    assert [d["field"] for d in r.body["error"]["details"]] == ["email"]
    assert aws.call("GET", "/members", who=admin).body["items"] == before
