"""Every route declares its least role, and the api enforces exactly that declaration before the route runs.

The member lookup is stubbed (no network): each operation of the resolver's own OpenAPI document is
resolved in-process with a valid request as each role, deactivated, and without claims. A refusal
must come before any of the route's code; an allowed caller must reach the route, which is replaced
by a marker at the point where it asks for its caller.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api import deps, errors
from advocacy.api.app import build_app, openapi_document, routers_kept
from advocacy.domain.roles import Role, Status, at_least
from advocacy.services import sharing
from advocacy.store.models import MemberModel
from advocacy.store.paging import Page
from tests.support.clock import NOW
from tests.support.events import FakeContext, http_event
from tests.support.openapi_examples import Operation, example_body, operations, render_path

DOCUMENT = openapi_document()
OPERATIONS = operations(DOCUMENT)
PROTECTED = [op for op in OPERATIONS if op.role is not None]
CLAIMS = {"sub": "member-1", "custom:org_id": "org-1"}


class RouteReached(Exception):
    """Raised where a route asks for its caller: the request got past authorization."""


@pytest.fixture(scope="module")
def app() -> Iterator[APIGatewayHttpResolver]:
    with routers_kept():
        resolver = build_app()

        @resolver.exception_handler(RouteReached)
        def _reached(_: RouteReached) -> Response[str]:
            return Response(299, "text/plain", "route reached")

        yield resolver


@pytest.fixture
def caller_as(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Set `["role"]` and `["status"]` to choose what the (stubbed) members table says about the caller."""
    current: dict[str, Any] = {"role": Role.MEMBER, "status": Status.ACTIVE}

    def find_member(org_id: str, member_id: str) -> MemberModel:
        now = NOW
        return MemberModel(
            org_id=org_id, member_id=member_id, email="m@example.com", name="M",
            role=current["role"].value, status=current["status"].value, created_at=now, updated_at=now,
        )  # fmt: skip

    def reached(_router: object) -> None:
        raise RouteReached

    def authorized(router: Any, reads: dict[str, Any]) -> None:
        deps.authorize_with(router, reads)  # the real check, on the stubbed member
        raise RouteReached

    def admitter(router: Any) -> Any:
        return lambda reads: authorized(router, reads)

    monkeypatch.setattr(deps.member_records, "find_member", find_member)
    monkeypatch.setattr(
        deps.member_records, "find_member_with", lambda org, sub, _: (find_member(org, sub), {})
    )
    # A route that authorizes with its first read (deps.authorizes_itself) may read before it: the feed
    # reads its page first, stubbed here.
    monkeypatch.setattr(sharing.content_items, "feed_page", lambda *_: Page([], None))
    for name, module in list(sys.modules.items()):
        if name.startswith("advocacy.api.") and hasattr(module, "current_caller"):
            monkeypatch.setattr(module, "current_caller", reached)
        if (
            name.startswith("advocacy.api.")
            and name != "advocacy.api.deps"
            and hasattr(module, "authorize_with")
        ):
            monkeypatch.setattr(module, "authorize_with", authorized)
        if name.startswith("advocacy.api.") and name != "advocacy.api.deps" and hasattr(module, "admitter"):
            monkeypatch.setattr(module, "admitter", admitter)
    yield current


def call(app: APIGatewayHttpResolver, op: Operation, claims: dict[str, str] | None) -> int:
    ids = {name: f"{name}-1" for name in op.id_params}
    body = example_body(DOCUMENT, op.body_schema, NOW)
    event = http_event(op.method, render_path(op, ids), body, claims=claims, now=NOW)
    return int(app.resolve(event, FakeContext())["statusCode"])


def test_every_operation_declares_a_known_role_and_public_ones_need_no_token() -> None:
    assert OPERATIONS, "the document lists no operations"
    for op in OPERATIONS:
        raw = DOCUMENT["paths"][op.path][op.method.lower()]
        assert (raw.get("security") == []) == (op.role is None), op.key


@pytest.mark.parametrize("op", PROTECTED, ids=lambda op: op.key)
def test_the_declared_role_is_what_the_route_enforces(
    app: APIGatewayHttpResolver, caller_as: dict[str, Any], op: Operation
) -> None:
    assert op.role is not None
    assert call(app, op, None) == 401, "no claims"
    for role in Role:
        caller_as.update(role=role, status=Status.ACTIVE)
        expected = 299 if at_least(role, op.role) else 403
        assert call(app, op, CLAIMS) == expected, f"as {role.value}, on a route declared {op.role.value}"
        caller_as.update(status=Status.DEACTIVATED)
        assert call(app, op, CLAIMS) == 401, f"deactivated {role.value}"


def test_public_operations_run_without_a_caller(
    app: APIGatewayHttpResolver, caller_as: dict[str, Any]
) -> None:
    public = [op for op in OPERATIONS if op.role is None]
    assert public
    for op in public:
        assert call(app, op, None) < 400, op.key


def test_a_route_without_a_declaration_is_refused_and_not_documented() -> None:
    router = APIGatewayHttpRouter()
    ran: list[str] = []

    @router.get("/undeclared")
    def undeclared() -> dict[str, str]:
        ran.append("undeclared")
        return {"open": "yes"}

    resolver = APIGatewayHttpResolver(enable_validation=True)
    resolver.include_router(router)
    resolver.use(middlewares=[deps.enforce_access])
    errors.register(resolver)
    response = resolver.resolve(http_event("GET", "/undeclared", claims=CLAIMS, now=NOW), FakeContext())
    assert response["statusCode"] == 500
    assert ran == []
    with pytest.raises(deps.UndeclaredAccess, match="GET /undeclared declares no role"):
        deps.declared_role({}, "GET /undeclared")
    with pytest.raises(AssertionError, match="declares no x-advocacy-role"):
        operations({"paths": {"/undeclared": {"get": {"responses": {}}}}})
