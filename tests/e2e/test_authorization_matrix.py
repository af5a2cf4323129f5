"""The authorization matrix over HTTP: every route of docs/openapi.json (and the public redirect) for
every kind of caller, and another org's ids on every route that takes one.

Routes come from the OpenAPI document (the list CDK makes API Gateway routes from) and the role each
needs from its `x-advocacy-role`, which is the declaration the api enforces: nothing here lists
routes or roles, so a new route is in the matrix as soon as `make openapi` has run. Expected:
- no token, a token signed with another key, issued by another user pool, issued for another app
  client, or expired: 401 from the gateway (the JWT authorizer), on every authenticated route;
- a deactivated member: 401 from the api; a role below the route's: 403;
- an admin of another org: 404 on every route taking an id of this org (and nothing changes in any
  table or in Cognito), and lists that show none of this org's items or accept its cursors;
- anyone else: neither 401 nor 403, nor a validation error (the requests are valid, so the answer
  is the route's own), nor a 5xx, nor an answer of the gateway's own;
- everyone, whatever token it carries, on a public route (`/health`, a real short link): 2xx or 3xx.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from advocacy.domain.roles import Role, at_least
from infra.routes import REDIRECT_ROUTE_KEYS
from tests.e2e.test_connections_journey import _consent
from tests.support.openapi_examples import (
    Operation,
    example_body,
    load_document,
    operations,
    render_path,
    resolve,
)
from tests.support.stack import Response, Stack, items_json

pytestmark = pytest.mark.e2e

DOCUMENT = load_document()
# The short-link redirect is served by its own function, outside the OpenAPI document (infra/routes.py).
REDIRECTS = [
    Operation(key.split(" ")[0], key.split(" ")[1], None, (("code", {}),)) for key in REDIRECT_ROUTE_KEYS
]
OPERATIONS = operations(DOCUMENT) + REDIRECTS
PASSWORD = "Authz-matrix-pass-1!"

# What a cell expects.
PUBLIC = "answered"  # a public route: a 2xx or 3xx for anyone, whatever token it carries
OPEN = "not refused"  # a role at or above the route's: the route's own answer, whatever it is
GATEWAY_401 = "401 from the gateway"
API_401 = "401 from the api"
FORBIDDEN = "403"
NOT_FOUND = "404"


@dataclass(frozen=True)
class Principal:
    name: str
    token: str | None
    role: Role | None = None  # for org A's active members and org B's admin
    rejected_by_gateway: bool = False
    deactivated: bool = False
    other_org: bool = False


def expectation(principal: Principal, op: Operation) -> str:
    if op.role is None:
        return PUBLIC
    if principal.rejected_by_gateway:
        return GATEWAY_401
    if principal.deactivated:
        return API_401
    if principal.other_org and op.id_params:
        return NOT_FOUND
    assert principal.role is not None
    return OPEN if at_least(principal.role, op.role) else FORBIDDEN


def _error_code(response: Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def _from_gateway(response: Response) -> bool:
    """API Gateway's own answers (no route, authorizer refusal) have a `{"message": ...}` body."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and set(body) == {"message"}


def meets(response: Response, expected: str) -> bool:
    if expected == PUBLIC:
        return response.status < 400
    if expected == OPEN:
        return (
            response.status not in {401, 403, 422} and response.status < 500 and not _from_gateway(response)
        )
    if expected == GATEWAY_401:
        return response.status == 401 and _from_gateway(response)
    if expected == API_401:
        return response.status == 401 and _error_code(response) == "unauthorized"
    if expected == FORBIDDEN:
        return response.status == 403 and _error_code(response) == "forbidden"
    return response.status == 404 and _error_code(response) == "not_found"


@dataclass
class World:
    """Org A's callers and items, org B's admin, and forged or foreign tokens, made once per module."""

    stack: Stack
    principals: list[Principal]
    org_a: str
    shared: dict[str, str]  # an org A item per id parameter, for reads (and another org's attempts)
    factories: dict[str, Callable[[], str]]  # a fresh org A item per id parameter, for writes
    root: str  # the seeded admin's token, for setting things up
    invite: Callable[[str], tuple[dict[str, Any], str]]  # a new org A person with this role, and a token
    now: datetime  # one reading of the stack's clock: the bodies' times derive from it
    a_ids: set[str] = field(default_factory=set)  # every org A id the tests know of
    # Bodies the document's examples cannot give, by route: a link preview fetches its `url`, and
    # only the local stack's own page (on its gateway, 127.0.0.1) answers here; nothing leaves it.
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)

    def principal(self, name: str) -> Principal:
        return next(p for p in self.principals if p.name == name)

    def body(self, op: Operation, optional: tuple[str, ...] = (), by: Principal | None = None) -> Any:
        """A valid body for the route: its own (`bodies`), else one made from its schema; an address
        in it is of the caller's org's email domain (an admin invites only there: decision 85)."""
        if op.key in self.bodies:
            return self.bodies[op.key]
        made = example_body(DOCUMENT, op.body_schema, self.now, optional=optional)
        if by is not None and by.other_org and isinstance(made, dict) and "email" in made:
            made = {**made, "email": str(made["email"]).replace("@acme.example", "@globex.example")}
        return made

    def ids_for(self, op: Operation, fresh: bool) -> dict[str, str]:
        """Org A's items for the route's ids: shared ones, or fresh ones (for a route that changes them)."""
        ids = {"code": self.shared["code"]}  # the public short link: a real one, answered with a 302
        for name in op.id_params:
            if name not in self.factories:
                pytest.fail(f"{op.key}: no org A item for {name}; teach World how to make one")
            ids[name] = self.factories[name]() if fresh else self.shared[name]
        return ids


def _created(response: Response, key: str) -> str:
    assert response.status == 201, response.body
    return str(response.json()[key])


def _moto_key() -> Any:
    """The local pool's signing key: moto signs every pool's tokens with this one key."""
    from moto.utilities.utils import load_resource

    return jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json")).key


def _resign(token: str, key: Any, **changes: Any) -> str:
    claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
    return jwt.encode(
        claims, key, algorithm="RS256", headers={"kid": jwt.get_unverified_header(token)["kid"]}
    )


def _login(idp: Any, client_id: str, email: str) -> str:
    result = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return str(result["AuthenticationResult"]["IdToken"])


def _foreign_tokens(
    stack: Stack, org_a: str, admin_email: str, admin_token: str, at: datetime
) -> list[Principal]:
    """Tokens that would make the caller org A's admin if the authorizer did not check them."""
    idp = stack.idp()
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    # Another app client of the same pool: a real sign-in of the same admin, for another audience.
    other_client = idp.create_user_pool_client(
        UserPoolId=stack.info["user_pool_id"],
        ClientName=f"authz-{uuid.uuid4().hex[:6]}",
        ExplicitAuthFlows=flows,
    )["UserPoolClient"]["ClientId"]
    # Another pool with the same attribute: a real sign-in of a user claiming org A, another issuer.
    pool = idp.create_user_pool(
        PoolName=f"authz-other-{uuid.uuid4().hex[:6]}",
        Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": False}],
    )["UserPool"]["Id"]
    pool_client = idp.create_user_pool_client(UserPoolId=pool, ClientName="authz", ExplicitAuthFlows=flows)[
        "UserPoolClient"
    ]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool,
        Username=admin_email,
        UserAttributes=[{"Name": "email", "Value": admin_email}, {"Name": "custom:org_id", "Value": org_a}],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(UserPoolId=pool, Username=admin_email, Password=PASSWORD, Permanent=True)
    now = int(at.timestamp())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return [
        Principal("no token", None, rejected_by_gateway=True),
        Principal("signed with another key", _resign(admin_token, key), rejected_by_gateway=True),
        Principal("issued by another pool", _login(idp, pool_client, admin_email), rejected_by_gateway=True),
        Principal(
            "issued to another client", _login(idp, other_client, admin_email), rejected_by_gateway=True
        ),
        Principal(
            "expired",
            _resign(admin_token, _moto_key(), iat=now - 7200, auth_time=now - 7200, exp=now - 60),
            rejected_by_gateway=True,
        ),
    ]


@pytest.fixture(scope="module")
def world(stack: Stack) -> World:
    now = stack.now()
    seeded = stack.user("admin")
    root = stack.login(seeded["email"], seeded["password"])
    org_a = str(seeded["org_id"])
    idp = stack.idp()

    def invite(role: str) -> tuple[dict[str, Any], str]:
        email = f"authz-{role}-{uuid.uuid4().hex[:8]}@acme.example"
        r = stack.call("POST", "/members", root, {"email": email, "name": f"Authz {role}", "role": role})
        assert r.status == 201, r.body
        idp.admin_set_user_password(
            UserPoolId=stack.info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
        )
        return r.json(), _login(idp, stack.info["user_pool_client_id"], email)

    (admin, admin_token), (manager, manager_token), (member, member_token), (gone, gone_token) = (
        invite(role) for role in ("admin", "manager", "member", "member")
    )
    r = stack.call("PATCH", f"/members/{gone['member_id']}", root, {"status": "deactivated"})
    assert r.status == 200, r.body
    for who in (admin, manager, member):  # points to redeem with
        grant = {"points": 100, "reason": "authorization matrix"}
        assert stack.call("POST", f"/members/{who['member_id']}/points", root, grant).status == 201
    other = stack.user("admin", org_index=1)

    a_ids = {org_a, *(u["member_id"] for u in stack.info["users"] if u["org_id"] == org_a)}
    a_ids |= {p["member_id"] for p in (admin, manager, member, gone)}

    def content() -> str:
        body = {
            "title": f"Authz {uuid.uuid4().hex[:6]}",
            "url": "https://example.com/a",
            "status": "published",
        }
        return _created(stack.call("POST", "/content", root, body), "content_id")

    def group() -> str:
        return _created(
            stack.call("POST", "/groups", root, {"name": f"Authz {uuid.uuid4().hex[:8]}"}), "group_id"
        )

    def target() -> str:
        body = {
            "email": f"authz-{uuid.uuid4().hex[:8]}@acme.example",
            "name": "Authz target",
            "role": "member",
        }
        return _created(stack.call("POST", "/members", root, body), "member_id")

    def reward() -> str:
        return _created(stack.call("POST", "/rewards", root, {"name": "Authz mug", "cost": 1}), "reward_id")

    def export() -> str:
        made = stack.call("GET", "/analytics/export.csv", root, headers={"Prefer": "respond-async"})
        assert made.status == 202, made.body
        return str(made.json()["export_id"])

    def contest() -> str:
        body = example_body(DOCUMENT, {"$ref": "#/components/schemas/ContestCreate"}, now)
        return _created(stack.call("POST", "/contests", root, body), "contest_id")

    def redemption() -> str:
        made = stack.call("POST", f"/rewards/{shared['reward_id']}/redemptions", member_token)
        return _created(made, "redemption_id")

    def source() -> str:  # never fetched: the e2e stack runs no scheduled job
        body = {"url": f"https://acme.example/authz-{uuid.uuid4().hex[:8]}.xml"}
        return _created(stack.call("POST", "/feed-sources", root, body), "source_id")

    def suggestion() -> str:  # the member's own, pending, so it is in their list and the queue
        body = {"url": f"https://press.example/authz-{uuid.uuid4().hex[:8]}"}
        return _created(stack.call("POST", "/suggestions", member_token, body), "suggestion_id")

    def share() -> str:  # the member's share of new content, its link clicked with four User-Agents
        # from the stack's one address: a suspicious share (repeats), for the list's pages too
        r = stack.call("POST", f"/content/{content()}/shares", member_token, {"network": "linkedin"})
        assert r.status == 201, r.body
        for n in range(4):
            agent = f"Mozilla/5.0 (X11; Linux x86_64) Authz/{n}"
            assert stack.call("GET", f"/r/{r.json()['code']}", headers={"user-agent": agent}).status == 302
        return str(r.json()["share_id"])

    shared: dict[str, str] = {}
    factories: dict[str, Callable[[], str]] = {
        "content_id": content,
        "group_id": group,
        "member_id": target,
        "reward_id": reward,
        "contest_id": contest,
        "redemption_id": redemption,
        "export_id": export,
        "source_id": source,
        "suggestion_id": suggestion,
        "share_id": share,
    }

    def remembered(make: Callable[[], str]) -> Callable[[], str]:
        def made() -> str:
            item = make()
            a_ids.add(item)
            return item

        return made

    factories = {name: remembered(make) for name, make in factories.items()}
    shared.update(
        content_id=factories["content_id"](),
        group_id=factories["group_id"](),
        member_id=member["member_id"],
        reward_id=factories["reward_id"](),
        contest_id=factories["contest_id"](),
        export_id=factories["export_id"](),
        source_id=factories["source_id"](),
        suggestion_id=factories["suggestion_id"](),
    )
    shared["redemption_id"] = factories["redemption_id"]()
    factories["redemption_id"]()  # a second one, so the member's redemptions have a next page
    factories["source_id"]()  # and a second feed source and suggestion, for those lists
    factories["suggestion_id"]()
    shared["share_id"] = factories["share_id"]()
    factories["share_id"]()  # a second suspicious share, so that list has a next page
    stack.quiet()  # their clicks applied
    for network in ("linkedin", "x"):  # two shares, so the member's shares have a next page
        r = stack.call("POST", f"/content/{shared['content_id']}/shares", member_token, {"network": network})
        assert r.status == 201, r.body
        shared["code"] = r.json()["code"]

    principals = [
        *_foreign_tokens(stack, org_a, admin["email"], admin_token, now),
        Principal("deactivated member", gone_token, Role.MEMBER, deactivated=True),
        Principal(
            "admin of another org", stack.login(other["email"], other["password"]), Role.ADMIN, other_org=True
        ),
        Principal("member", member_token, Role.MEMBER),
        Principal("manager", manager_token, Role.MANAGER),
        Principal("admin", admin_token, Role.ADMIN),
    ]
    # A connection callback's code and state whose attempt the member used up (through the gateway's
    # fake of LinkedIn): every caller past authorization is then answered as a replay, 409 state_used.
    started = stack.call("POST", "/me/connections/linkedin", member_token)
    assert started.status == 200, started.body
    used = _consent(stack, started.json()["authorize_url"])
    finished = stack.call("POST", "/me/connections/linkedin/callback", member_token, used)
    assert finished.status == 200, finished.body
    # Two auto-posts for the member (LinkedIn is connected now), so their list has a next page; then
    # auto-share off again, so no later plan posts for them.
    prefs = {"enabled": True, "networks": ["linkedin"], "scope": "all", "daily_cap": 10,
             "window": {"start": "00:00", "end": "23:59"}}  # fmt: skip
    assert stack.call("PUT", "/me/auto-share", member_token, prefs).status == 200
    factories["content_id"](), factories["content_id"]()
    planned = stack.call(
        "POST", "/_local/jobs/auto-share-plan", body={"time": (now + timedelta(minutes=5)).isoformat()}
    )
    assert planned.status == 200 and planned.json()["planned"] >= 2, planned.body
    off = {**prefs, "enabled": False}
    assert stack.call("PUT", "/me/auto-share", member_token, off).status == 200
    bodies = {
        "POST /content/preview": {"url": f"{stack.url}/_local/pages/launch"},  # local/pages.py
        "POST /me/connections/{network}/callback": used,
        "PUT /me/auto-share": off,  # enabled needs a connected network, which only the member has
    }
    return World(stack, principals, org_a, shared, factories, root, invite, now, a_ids, bodies)


# ---------------------------------------------------------------------------------------------------
# Another org's ids: 404, and not one item of any table (nor any Cognito user) changes.


def _pairs(attributes: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(a["Name"], a["Value"]) for a in attributes]


def _snapshot(stack: Stack) -> dict[str, list[str]]:
    """Every item of every table, and every Cognito user of the pool, as sorted JSON lines."""
    ddb = stack.dynamodb()
    state: dict[str, list[str]] = {}
    for page in ddb.get_paginator("list_tables").paginate():
        for table in page["TableNames"]:
            items = [i for p in ddb.get_paginator("scan").paginate(TableName=table) for i in p["Items"]]
            state[table] = sorted(items_json(i) for i in items)
    users: list[str] = []
    for page in stack.idp().get_paginator("list_users").paginate(UserPoolId=stack.info["user_pool_id"]):
        users += [
            json.dumps([u["Username"], u["Enabled"], u["UserStatus"], sorted(_pairs(u["Attributes"]))])
            for u in page["Users"]
        ]
    state["cognito users"] = sorted(users)
    return state


def _quiet_snapshot(stack: Stack) -> dict[str, list[str]]:
    """A snapshot once earlier requests' stream work is done."""
    stack.quiet()
    return _snapshot(stack)


def _changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    out = []
    for name in sorted(set(before) | set(after)):
        old, new = set(before.get(name, [])), set(after.get(name, []))
        if old != new:
            out.append(
                f"{name}: {len(new - old)} new or changed, {len(old - new)} gone or changed: {sorted(new - old)[:2]}"
            )
    return out


def test_another_orgs_ids_are_not_found_and_change_nothing(world: World) -> None:
    stack, outsider = world.stack, world.principal("admin of another org")
    with_ids = [op for op in OPERATIONS if op.id_params]
    assert with_ids, "no route takes an id"
    before = _quiet_snapshot(stack)
    wrong = []
    for op in with_ids:
        # Org A's real items; PATCH bodies carry a name or title, so a leak would be a real write.
        body = world.body(op, optional=("name", "title"))
        response = stack.call(
            op.method, render_path(op, world.ids_for(op, fresh=False)), outsider.token, body
        )
        if not meets(response, NOT_FOUND):
            wrong.append(f"{op.key}: {response.status} {response.body[:200]!r}")
    # Org A's group named in a body that creates something in org B: refused like any unknown group.
    for op in OPERATIONS:
        properties = resolve(DOCUMENT, op.body_schema or {}).get("properties", {})
        if op.method == "POST" and not op.id_params and "groups" in properties:
            body = {**example_body(DOCUMENT, op.body_schema, world.now), "groups": [world.shared["group_id"]]}
            response = stack.call(op.method, render_path(op, {}), outsider.token, body)
            if response.status != 422:
                wrong.append(f"{op.key} with org A's group: {response.status} {response.body[:200]!r}")
    after = _snapshot(stack)
    assert not wrong, "another org's ids must not be found:\n" + "\n".join(wrong)
    assert not _changes(before, after), "calls with another org's ids changed data:\n" + "\n".join(
        _changes(before, after)
    )


def test_another_orgs_lists_show_none_of_its_items_and_refuse_its_cursors(world: World) -> None:
    stack, outsider = world.stack, world.principal("admin of another org")
    insiders = [world.principal("admin"), world.principal("member")]
    lists = [op for op in OPERATIONS if op.method == "GET" and op.role is not None and not op.id_params]
    assert lists
    wrong = []

    def leaks(response: Response) -> list[str]:
        return sorted(i for i in world.a_ids if i.encode() in response.body)

    for op in lists:
        path = render_path(op, {})
        response = stack.call("GET", path, outsider.token)
        if response.status != 200 or leaks(response):
            wrong.append(f"{op.key}: {response.status}, org A ids {leaks(response)}")
        if "group" in op.query_params:  # a filter naming org A's group: not found, or nothing of org A
            response = stack.call("GET", f"{path}?group={world.shared['group_id']}", outsider.token)
            if response.status not in {200, 404} or leaks(response):
                wrong.append(f"{op.key}?group=<org A's>: {response.status}, org A ids {leaks(response)}")
        if "cursor" in op.query_params:  # org A's own next page, handed to org B: refused
            pages = (stack.call("GET", f"{path}?limit=1", p.token).json() for p in insiders)
            cursor = next((page["next_cursor"] for page in pages if page.get("next_cursor")), None)
            if cursor is None:
                pytest.fail(f"{op.key}: org A has no second page to take a cursor from; add items in World")
            response = stack.call("GET", f"{path}?cursor={cursor}", outsider.token)
            if response.status != 422 or leaks(response):
                wrong.append(f"{op.key}?cursor=<org A's>: {response.status}, org A ids {leaks(response)}")
    assert not wrong, "\n".join(wrong)


def test_a_demoted_admin_is_refused_even_an_answer_it_was_given_before(world: World) -> None:
    """The role is checked before anything of the route runs, the stored answer of a retried
    `Idempotency-Key` included: a replay must not hand an admin's answer to a caller no longer admin."""
    stack = world.stack
    person, token = world.invite("admin")
    body, headers = {"name": f"Authz replay {uuid.uuid4().hex[:6]}"}, {"Idempotency-Key": uuid.uuid4().hex}
    first = stack.call("POST", "/groups", token, body, headers=headers)
    assert first.status == 201, first.body
    again = stack.call("POST", "/groups", token, body, headers=headers)
    assert (again.status, again.json()) == (201, first.json())  # a replay, as documented
    demoted = stack.call("PATCH", f"/members/{person['member_id']}", world.root, {"role": "member"})
    assert demoted.status == 200, demoted.body
    replay = stack.call("POST", "/groups", token, body, headers=headers)
    assert meets(replay, FORBIDDEN), (replay.status, replay.body)


# ---------------------------------------------------------------------------------------------------
# The matrix: every route, every caller.


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_caller_on_every_route(world: World, op: Operation) -> None:
    path = render_path(op, world.ids_for(op, fresh=op.method not in {"GET", "HEAD"}))
    wrong = []
    for principal in world.principals:
        expected = expectation(principal, op)
        body = world.body(op, by=principal)
        response = world.stack.call(op.method, path, principal.token, body)
        if not meets(response, expected):
            wrong.append(
                f"{principal.name}: expected {expected}, got {response.status} {response.body[:160]!r}"
            )
    assert not wrong, f"{op.key} ({'public' if op.role is None else op.role.value}):\n" + "\n".join(wrong)
