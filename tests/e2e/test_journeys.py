"""Real journeys over HTTP against the local stack, signed in through the local Cognito."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.stack import Response, Stack

pytestmark = pytest.mark.e2e

PASSWORD = "E2e-journey-pass-1!"


def _error_code(response: Response) -> str:
    return str(response.json()["error"]["code"])


def _invite(stack: Stack, admin_token: str, role: str = "member") -> tuple[dict[str, Any], str]:
    """Admin invites someone; the invitation's temporary password is replaced as the user would."""
    email = f"e2e-{uuid.uuid4().hex[:8]}@acme.example"
    created = stack.call(
        "POST", "/members", admin_token, {"email": email, "name": "E2E Person", "role": role, "groups": []}
    )
    assert created.status == 201, created.body
    stack.idp().admin_set_user_password(
        UserPoolId=stack.info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
    )
    return created.json(), stack.login(email, PASSWORD)


@pytest.fixture(scope="module")
def admin_token(stack: Stack) -> str:
    admin = stack.user("admin")
    return stack.login(admin["email"], admin["password"])


@pytest.fixture(scope="module")
def member_token(stack: Stack) -> str:
    member = stack.user("member")
    return stack.login(member["email"], member["password"])


def test_stack_json_lists_working_users(stack: Stack) -> None:
    users = stack.info["users"]
    assert len({u["org_id"] for u in users}) == 2
    for org_id in {u["org_id"] for u in users}:
        roles = [u["role"] for u in users if u["org_id"] == org_id]
        assert roles.count("admin") == 1 and roles.count("manager") == 1 and roles.count("member") >= 3
    for key in ("api_url", "aws_endpoint_url", "region", "user_pool_id", "user_pool_client_id"):
        assert stack.info[key]


def test_health_is_public(stack: Stack) -> None:
    response = stack.call("GET", "/health")
    assert response.status == 200
    assert response.json()["status"] == "ok"


def test_unknown_route_is_api_gateway_404(stack: Stack) -> None:
    response = stack.call("GET", "/no-such-route")
    assert response.status == 404
    assert response.json() == {"message": "Not Found"}


def test_admin_reads_me(stack: Stack, admin_token: str) -> None:
    admin = stack.user("admin")
    response = stack.call("GET", "/me", admin_token)
    assert response.status == 200, response.body
    me = response.json()
    assert (me["member_id"], me["org_id"], me["role"]) == (admin["member_id"], admin["org_id"], "admin")


def test_the_demo_orgs_analytics_count_their_seeded_shares_from_the_start(stack: Stack) -> None:
    """The seed runs the rollups job as it runs the leaderboards: the Analytics page of `make dev`
    shows the seeded shares at once, not after the job's first scheduled run (15 minutes)."""
    admin = stack.user("admin", org_index=1)  # Globex: three members shared one item each
    response = stack.call("GET", "/analytics/summary", stack.login(admin["email"], admin["password"]))
    assert response.status == 200, response.body
    summary = response.json()
    assert summary["shares"] >= 3, summary
    assert summary["active_advocates"] >= 3, summary


def test_invited_member_signs_in_and_reads_me(stack: Stack, admin_token: str) -> None:
    member, token = _invite(stack, admin_token)
    assert member["member_id"] and member["role"] == "member"
    me = stack.call("GET", "/me", token)
    assert me.status == 200, me.body
    assert me.json()["role"] == "member"
    assert me.json()["org_id"] == stack.user("admin")["org_id"]
    assert me.json()["member_id"] == member["member_id"]


def test_member_gets_403_on_admin_route(stack: Stack, member_token: str) -> None:
    response = stack.call("GET", "/members", member_token)
    assert response.status == 403, response.body
    assert _error_code(response) == "forbidden"


def test_other_orgs_member_is_404(stack: Stack, admin_token: str) -> None:
    other = stack.user("member", org_index=1)
    response = stack.call("GET", f"/members/{other['member_id']}", admin_token)
    assert response.status == 404, response.body
    assert _error_code(response) == "not_found"


def test_malformed_json_is_400(stack: Stack, member_token: str) -> None:
    response = stack.call("PATCH", "/me", member_token, raw=b'{"name": ')
    assert response.status == 400, response.body
    assert _error_code(response) == "bad_request"


def test_unknown_field_is_422(stack: Stack, member_token: str) -> None:
    response = stack.call("PATCH", "/me", member_token, {"name": "Ava", "favourite_colour": "teal"})
    assert response.status == 422, response.body
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]


def test_no_token_is_401(stack: Stack) -> None:
    response = stack.call("GET", "/me")
    assert response.status == 401
    assert response.json() == {"message": "Unauthorized"}


def _segments(token: str) -> list[str]:
    return token.split(".")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_token_signed_with_another_key_is_401(stack: Stack, member_token: str) -> None:
    claims = jwt.decode(member_token, options={"verify_signature": False})
    header = jwt.get_unverified_header(member_token)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})
    response = stack.call("GET", "/me", forged)
    assert response.status == 401
    assert response.json() == {"message": "Unauthorized"}


def test_tampered_payload_is_401(stack: Stack, member_token: str, admin_token: str) -> None:
    header, _, signature = _segments(member_token)
    claims = jwt.decode(member_token, options={"verify_signature": False})
    claims["sub"] = stack.user("admin")["member_id"]  # try to become the admin
    tampered = ".".join([header, _b64(claims), signature])
    response = stack.call("GET", "/me", tampered)
    assert response.status == 401


def test_expired_token_is_401(stack: Stack, member_token: str) -> None:
    """Signed with the pool's real key (moto's), so only the expiry is wrong."""
    from moto.utilities.utils import load_resource

    private_jwk = load_resource("cognitoidp/resources/jwks-private.json")
    key = jwt.PyJWK(private_jwk).key
    claims = jwt.decode(member_token, options={"verify_signature": False})
    now = int(stack.now().timestamp())
    claims.update(iat=now - 7200, auth_time=now - 7200, exp=now - 3600)
    header = jwt.get_unverified_header(member_token)
    expired = jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})
    response = stack.call("GET", "/me", expired)
    assert response.status == 401
    assert "expired" in response.headers.get("www-authenticate", "")
    # The same forgery with a valid expiry passes, so the 401 above is the expiry alone.
    claims.update(exp=now + 600)
    fresh = jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})
    assert stack.call("GET", "/me", fresh).status == 200


def test_deactivated_member_is_401_with_a_still_valid_token(stack: Stack, admin_token: str) -> None:
    member, token = _invite(stack, admin_token)
    assert stack.call("GET", "/me", token).status == 200
    response = stack.call("PATCH", f"/members/{member['member_id']}", admin_token, {"status": "deactivated"})
    assert response.status == 200, response.body
    assert response.json()["status"] == "deactivated"
    after = stack.call("GET", "/me", token)
    assert after.status == 401, after.body


def test_local_job_runs_with_given_time(stack: Stack) -> None:
    response = stack.call("POST", "/_local/jobs/publish-due", body={"time": "2030-01-01T09:00:00Z"})
    assert response.status == 200, response.body
    assert stack.call("POST", "/_local/jobs/publish-due").status == 200


def test_unknown_local_job_is_404(stack: Stack) -> None:
    assert stack.call("POST", "/_local/jobs/no-such-job").status == 404


def test_unknown_short_link_is_404(stack: Stack) -> None:
    response = stack.call("GET", "/r/doesnotexist")
    assert response.status == 404
    assert stack.call("HEAD", "/r/doesnotexist").status == 404


@pytest.fixture(scope="module")
def shared_link(stack: Stack, member_token: str) -> dict[str, Any]:
    """A manager publishes content to everyone; a member shares it to LinkedIn."""
    manager = stack.user("manager")
    manager_token = stack.login(manager["email"], manager["password"])
    content = stack.call(
        "POST",
        "/content",
        manager_token,
        {"title": "E2E launch post", "url": "https://example.com/launch?ref=blog", "status": "published"},
    )
    assert content.status == 201, content.body
    share = stack.call(
        "POST", f"/content/{content.json()['content_id']}/shares", member_token, {"network": "linkedin"}
    )
    assert share.status == 201, share.body
    return {"content": content.json(), "share": share.json()}


def test_member_sees_published_content_in_feed(
    stack: Stack, member_token: str, shared_link: dict[str, Any]
) -> None:
    feed = stack.call("GET", "/feed", member_token)
    assert feed.status == 200, feed.body
    ids = [item["content_id"] for item in feed.json()["items"]]
    assert shared_link["content"]["content_id"] in ids


def test_tracked_link_redirects_with_utm(stack: Stack, shared_link: dict[str, Any]) -> None:
    share = shared_link["share"]
    assert share["tracked_url"].endswith(f"/r/{share['code']}")
    response = stack.call(
        "GET", f"/r/{share['code']}", headers={"user-agent": "Mozilla/5.0 (X11; Linux) e2e"}
    )
    assert response.status == 302, response.body
    location = response.headers["Location"]
    assert location.startswith("https://example.com/launch?")
    assert "ref=blog" in location and "utm_source=linkedin" in location and "utm_medium=advocacy" in location
    assert response.headers.get("Cache-Control") == "no-store"


def test_sharing_twice_returns_the_same_share(
    stack: Stack, member_token: str, shared_link: dict[str, Any]
) -> None:
    content_id = shared_link["content"]["content_id"]
    again = stack.call("POST", f"/content/{content_id}/shares", member_token, {"network": "linkedin"})
    assert again.status == 200, again.body
    assert again.json()["share_id"] == shared_link["share"]["share_id"]


def test_human_click_earns_points_through_the_stream(
    stack: Stack, member_token: str, shared_link: dict[str, Any]
) -> None:
    """The click is recorded by the redirect; the stream poller feeds it to the stream function,
    which awards the sharer click points (eventually, as in AWS)."""
    code = shared_link["share"]["code"]
    stack.call("GET", f"/r/{code}", headers={"user-agent": "Mozilla/5.0 (Macintosh) e2e-clicker"})
    stack.quiet()
    points = stack.call("GET", "/me/points", member_token)
    assert points.status == 200, points.body
    types = [entry["type"] for entry in points.json()["items"]]
    assert "click" in types, f"no click points once the stream was quiet; ledger types: {types}"
