"""A fresh org for the run: groups, members (signed in), followers and content, all through the API but
the org itself, which only an operator creates. Setup failures end the run: nothing to reconcile."""

from __future__ import annotations

import argparse
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.load.config import EMV, RULES
from bench.load.http_client import Answer, Http, time_header
from bench.load.world import Content, Member, World

PASSWORD = "Load-bench-local-1!"  # noqa: S105 - local stack only; meets the pool's password policy


def must(answer: Answer | None, status: int, what: str) -> Any:
    """The answer's body when it has `status`; otherwise the run stops with what went wrong."""
    if answer is None or answer.status != status:
        got = "no answer" if answer is None else f"{answer.status} {answer.body[:300]!r}"
        raise SystemExit(f"setup failed: {what}: {got}")
    return answer.json()


def cognito_login(info: dict[str, Any]) -> Callable[[str], str]:
    """Signs a user in through the local Cognito (setting the bench's password first): an ID token."""
    import boto3

    idp = boto3.client(
        "cognito-idp",
        endpoint_url=info["aws_endpoint_url"],
        region_name=info["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - the emulator's dummy credentials
    )

    def login(email: str) -> str:
        idp.admin_set_user_password(
            UserPoolId=info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
        )
        result = idp.initiate_auth(
            ClientId=info["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        return str(result["AuthenticationResult"]["IdToken"])

    return login


def create_groups(http_: Http, token: str, tag: str) -> list[str]:
    return [
        must(
            http_.call("setup", "POST", "/groups", token=token, body={"name": f"{name} {tag}"}),
            201,
            "POST /groups",
        )["group_id"]
        for name in ("Engineering", "Sales", "Marketing")
    ]


def create_members(
    http_: Http,
    token: str,
    login: Callable[[str], str],
    groups: list[str],
    tag: str,
    count: int,
    rng: random.Random,
) -> dict[str, Member]:
    """Members invited by the admin, signed in, with their follower counts set on their profile."""
    members: dict[str, Member] = {}
    for i in range(count):
        # Most members in one group, some in two, some in none (content for everyone only).
        shape = i % 6
        mine = [groups[i % 3]] if shape < 4 else [groups[i % 3], groups[(i + 1) % 3]] if shape == 4 else []
        email = f"m{i:03d}@{tag}.load.example"  # the run's own org owns its own domain (decision 85)
        body = {"email": email, "name": f"Member {i:03d}", "role": "member", "groups": mine}
        created = must(http_.call("setup", "POST", "/members", token=token, body=body), 201, "POST /members")
        followers = {n: rng.randint(0, 5000) for n in ("linkedin", "x", "facebook") if rng.random() < 0.8}
        member = Member(created["member_id"], email, tuple(mine), followers, login(email))
        networks = {n: {"followers": f} for n, f in followers.items()}
        must(
            http_.call("setup", "PATCH", "/me", token=member.token, body={"networks": networks}),
            200,
            "PATCH /me",
        )
        members[member.member_id] = member
    return members


def create_contents(http_: Http, token: str, groups: list[str], tag: str, at: datetime) -> dict[str, Content]:
    """Six pieces of content published at `at`: for everyone, worth 25 points, for one group, for two
    networks, worth 0, for two groups; as the API stored them."""
    specs: list[dict[str, Any]] = [
        {"title": "For everyone"},
        {"title": "Worth more", "points": 25},
        {"title": "Engineering only", "groups": [groups[0]]},
        {"title": "Two networks", "networks": ["linkedin", "x"]},
        {"title": "No share points", "points": 0},
        {"title": "Sales and marketing", "groups": [groups[1], groups[2]]},
    ]
    headers = {"x-local-time": time_header(at)}
    contents: dict[str, Content] = {}
    for i, spec in enumerate(specs):
        body = {**spec, "url": f"https://load.example/{tag}/{i}?ref=bench", "status": "published"}
        item = must(
            http_.call("setup", "POST", "/content", token=token, body=body, headers=headers),
            201,
            "POST /content",
        )
        contents[item["content_id"]] = Content(
            item["content_id"], tuple(item["groups"]), tuple(item["networks"]), item["points"]
        )
    return contents


def setup(http_: Http, info: dict[str, Any], args: argparse.Namespace, rng: random.Random) -> World:
    """The org (operator path) two hours before the window, then the rest through the API."""
    from advocacy.ops import bootstrap

    tag = uuid.uuid4().hex[:8]
    zone = ZoneInfo(args.timezone)
    start = datetime.combine(args.start, datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(args.start + timedelta(days=args.days), datetime.min.time(), zone).astimezone(UTC)
    before = start - timedelta(hours=2)
    org, admin = bootstrap.create_org(
        f"Load bench {tag}", f"admin@{tag}.load.example", "Load Admin", before, args.timezone, False
    )
    login = cognito_login(info)
    admin_token = login(admin["email"])
    must(
        http_.call("setup", "PATCH", "/org", token=admin_token, body={"point_rules": RULES, "emv": EMV}),
        200,
        "PATCH /org",
    )
    groups = create_groups(http_, admin_token, tag)
    members = create_members(http_, admin_token, login, groups, tag, args.members, rng)
    contents = create_contents(http_, admin_token, groups, tag, before)
    return World(
        org["org_id"], admin["member_id"], admin_token, args.timezone, start, end, groups, members, contents
    )
