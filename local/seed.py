"""Two demo orgs, so tenant isolation can be seen: each with an admin, a manager and members in two groups.

Everything goes through `advocacy.ops.bootstrap`, the same code path as the API (Cognito user
with custom:org_id, then the member record). Passwords are then set permanently so the users
listed in stack.json can sign in straight away. The environment (tables, pool, endpoint) must
be set before this module's functions run.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from local.aws import client
from local.lambdas import LambdaContext

# One password for every demo user: local only, and it meets the pool's password policy
# (12+ characters, upper, lower, digit, symbol).
DEMO_PASSWORD = "Advocacy-local-1!"


@dataclass(frozen=True)
class DemoOrg:
    name: str
    domain: str  # the email domain it owns: every demo address is there
    timezone: str
    groups: tuple[str, str]
    # (local part, name, role, index of the group in `groups` or None)
    people: tuple[tuple[str, str, str, int | None], ...]


DEMO_ORGS = (
    DemoOrg(
        name="Acme Robotics",
        domain="acme.example",
        timezone="Europe/London",
        groups=("Engineering", "Sales"),
        people=(
            ("admin", "Ada Admin", "admin", None),
            ("manager", "Max Manager", "manager", 1),
            ("ava", "Ava Engineer", "member", 0),
            ("ben", "Ben Engineer", "member", 0),
            ("cleo", "Cleo Seller", "member", 1),
        ),
    ),
    DemoOrg(
        name="Globex",
        domain="globex.example",
        timezone="America/New_York",
        groups=("Marketing", "Support"),
        people=(
            ("admin", "Hank Admin", "admin", None),
            ("manager", "Mona Manager", "manager", 0),
            ("dan", "Dan Marketer", "member", 0),
            ("eve", "Eve Support", "member", 1),
            ("finn", "Finn Support", "member", 1),
        ),
    ),
)


@dataclass(frozen=True)
class SeededOrg:
    """What later seeding steps (content, shares, rewards) build on."""

    org: dict[str, Any]
    groups: list[dict[str, Any]]
    members: list[dict[str, Any]]  # API member bodies, the admin first


def _api(method: str, path: str, caller: dict[str, Any], now: datetime, body: Any = None) -> dict[str, Any]:
    """Call the api function in-process as `caller`, exactly as the gateway would after the authorizer."""
    from advocacy.handlers import api

    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "user-agent": "local-seed"},
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
            "requestId": f"seed-{uuid.uuid4().hex}",
            "routeKey": f"{method} {path}",
            "stage": "$default",
            "timeEpoch": int(now.timestamp() * 1000),
            "authorizer": {
                "jwt": {"claims": {"sub": caller["member_id"], "custom:org_id": caller["org_id"]}}
            },
        },
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = json.dumps(body)
    result = api.handler(event, LambdaContext("local-seed"))
    if result["statusCode"] >= 400:
        raise RuntimeError(f"seed {method} {path} failed: {result['statusCode']} {result.get('body')}")
    return dict(json.loads(result["body"]))


def seed_content(seeded: SeededOrg, now: datetime) -> None:
    """Demo content through the real API code: live posts (one for a single group), one scheduled for
    later today and one that has already expired, so a newcomer sees a live feed."""

    manager = {**next(m for m in seeded.members if m["role"] == "manager"), "org_id": seeded.org["org_id"]}
    name, site = seeded.org["name"], seeded.members[0]["email"].split("@", 1)[1]
    posts = [
        {
            "title": f"{name} is hiring",
            "body": "We are growing the team. Know someone great? Share the openings.",
            "url": f"https://{site}/careers?src=advocacy",
            "messages": {
                "x": f"{name} is hiring! Come build with us.",
                "linkedin": "We're hiring. Have a look:",
            },
            "status": "published",
        },
        {
            "title": f"Inside {seeded.groups[0]['name']}: how we ship",
            "url": f"https://{site}/blog/how-we-ship",
            "groups": [seeded.groups[0]["group_id"]],
            "status": "published",
        },
        {
            "title": f"{name} quarterly results",
            "url": f"https://{site}/investors/q4",
            "status": "scheduled",
            "publish_at": (now + timedelta(hours=2)).isoformat(),
        },
    ]
    for post in posts:
        _api("POST", "/content", manager, now, post)
    old = {"title": f"{name} at last year's fair", "url": f"https://{site}/events/fair", "status": "published",
           "expires_at": (now - timedelta(days=10)).isoformat()}  # fmt: skip
    _api("POST", "/content", manager, now - timedelta(days=40), old)
    _job("publish-due", now)


def _job(name: str, now: datetime) -> None:
    """Run a scheduled job now, as its schedule would."""
    from advocacy.handlers import jobs

    event = {"version": "0", "id": f"seed-{uuid.uuid4().hex}", "detail-type": "Scheduled Event", "source": "aws.events",
             "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "detail": {"job": name}}  # fmt: skip
    jobs.handler(event, LambdaContext("local-seed"))


def seed_gamification(seeded: SeededOrg, now: datetime) -> None:
    """Points from a few shares, two rewards, a running contest, fresh leaderboards and analytics, so
    every screen of the app has something to show."""
    org_id = seeded.org["org_id"]
    admin = {**seeded.members[0], "org_id": org_id}
    members = [{**m, "org_id": org_id} for m in seeded.members if m["role"] == "member"]
    for member, network in zip(members, ("linkedin", "x", "facebook"), strict=False):
        for item in _api("GET", "/feed", member, now)["items"][:1]:
            _api("POST", f"/content/{item['content_id']}/shares", member, now, {"network": network})
    for reward in ({"name": "Company hoodie", "cost": 50, "stock": 20, "per_member_limit": 1},
                   {"name": "Coffee with the CEO", "cost": 200, "stock": 3}):  # fmt: skip
        _api("POST", "/rewards", admin, now, reward)
    contest = {"name": "Share-a-thon", "starts_at": now.isoformat(), "ends_at": (now + timedelta(days=14)).isoformat(),
               "metric": "points", "prizes": [{"place": 1, "points": 100, "badge": "share_champion"}]}  # fmt: skip
    _api("POST", "/contests", admin, now, contest)
    _job("leaderboards", now)
    _job("rollups", now)


# Steps run for each org after its people exist; append to extend the seed.
EXTRA_SEEDERS: list[Callable[[SeededOrg, datetime], None]] = [seed_content, seed_gamification]


def seed(endpoint_url: str, user_pool_id: str, now: datetime | None = None) -> list[dict[str, str]]:
    """Create the demo orgs; returns the users for stack.json (email, password, role, org_id, member_id)."""
    from advocacy.ops import bootstrap

    now = now or datetime.now(UTC)
    idp = client("cognito-idp", endpoint_url)
    users: list[dict[str, str]] = []
    for demo in DEMO_ORGS:
        (local, admin_name, _, _), *others = demo.people
        org, admin = bootstrap.create_org(
            demo.name,
            f"{local}@{demo.domain}",
            admin_name,
            now,
            demo.timezone,
            send_invitation=False,
            domains=[demo.domain],  # its admins invite addresses there only (decision 85)
        )
        groups = [bootstrap.create_group(org["org_id"], name, now) for name in demo.groups]
        members = [admin]
        for local_part, name, role, group in others:
            group_ids = [groups[group]["group_id"]] if group is not None else []
            members.append(
                bootstrap.add_member(
                    org["org_id"],
                    f"{local_part}@{demo.domain}",
                    name,
                    role,
                    group_ids,
                    now,
                    send_invitation=False,
                )
            )
        for member in members:
            idp.admin_set_user_password(
                UserPoolId=user_pool_id, Username=member["email"], Password=DEMO_PASSWORD, Permanent=True
            )
            users.append(
                {
                    "email": member["email"],
                    "password": DEMO_PASSWORD,
                    "role": member["role"],
                    "org_id": org["org_id"],
                    "member_id": member["member_id"],
                    "org_name": org["name"],
                }
            )
        seeded = SeededOrg(org, groups, members)
        for step in EXTRA_SEEDERS:
            step(seeded, now)
    return users
