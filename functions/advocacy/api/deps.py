"""What every route needs from its request: the settings, the caller, and "now"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from advocacy.adapters.powertools import matched_route
from advocacy.domain.errors import Forbidden, Unauthorized
from advocacy.domain.roles import Role, Status, at_least
from advocacy.services import Admit, Found, Reads
from advocacy.settings import Settings
from advocacy.store import member_records, operation
from advocacy.store.models import MemberModel

_settings: Settings | None = None


def configure(settings: Settings) -> None:
    global _settings  # noqa: PLW0603 - set once per container at cold start
    _settings = settings


def settings() -> Settings:
    if _settings is None:
        raise RuntimeError("api.deps.configure() was not called at cold start")
    return _settings


@dataclass(frozen=True)
class Caller:
    org_id: str
    member: MemberModel

    @property
    def member_id(self) -> str:
        return self.member.member_id

    @property
    def role(self) -> Role:
        return Role(self.member.role)


def request_time(event: APIGatewayProxyEventV2) -> datetime:
    """The API's "now" is the time API Gateway received the request (for a keyed retry, the time of
    its first attempt: see advocacy.store.operation)."""
    op = operation.current()
    if op is not None:
        return op.now
    epoch_ms = event.request_context.time_epoch
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC) if epoch_ms else datetime.now(UTC)


def public_base(event: APIGatewayProxyEventV2) -> str:
    """Where short links live: the configured public URL, else the API's own domain."""
    configured = settings().public_base_url
    return configured or f"https://{event.request_context.domain_name}"


def token_claims(event: APIGatewayProxyEventV2) -> tuple[str, str]:
    """(org id, sub) of the verified JWT: who the caller says it is, before its member record is read."""
    claims = event.request_context.authorizer.jwt_claim or {}
    sub, org_id = claims.get("sub"), claims.get("custom:org_id")
    if not sub or not org_id:
        raise Unauthorized("Sign in to use this API.")
    return str(org_id), str(sub)


def _admit(org_id: str, member: MemberModel | None, required: Role) -> Caller:
    if member is None or member.status != Status.ACTIVE.value:
        raise Unauthorized("This account is not active.")
    caller = Caller(org_id=org_id, member=member)
    if not at_least(caller.role, required):
        raise Forbidden(f"This action needs the {required.value} role.")
    return caller


def authorize(event: APIGatewayProxyEventV2, required: Role = Role.MEMBER) -> Caller:
    """The caller from the verified JWT claims plus its member record; role checked against `required`.

    API Gateway has already verified the token; the member record decides role and status, so a
    deactivated member is refused on its very next request.
    """
    org_id, sub = token_claims(event)
    return _admit(org_id, member_records.find_member(org_id, sub), required)


# Every route declares the least role it needs, once, in its decorator: `**docs.rules(Role.X, ...)`,
# which puts `access(Role.X)` in its `openapi_extensions` and says the role in its description.
# `enforce_access` (a middleware on every route) applies it before the handler runs, and the OpenAPI
# document publishes it as `x-advocacy-role`, which the authorization matrix test reads.
ROLE_EXTENSION = "x-advocacy-role"
PUBLIC = "public"
CALLER_KEY = "advocacy_caller"
PENDING_KEY = "advocacy_pending_role"
AUTHORIZES_ITSELF = "__advocacy_authorizes_itself__"
Route = TypeVar("Route", bound=Callable[..., Any])


class UndeclaredAccess(RuntimeError):
    """A route without a role declaration: refused (500), never served open."""


def access(role: Role | None) -> dict[str, Any]:
    """The declaration for a route's decorator: the least role it needs, or None for a public route."""
    return {ROLE_EXTENSION: PUBLIC if role is None else role.value}


def declared_role(extensions: Mapping[str, Any] | None, route: str = "this route") -> Role | None:
    """The least role a route declared (None when it is public); UndeclaredAccess when it declared none."""
    value = (extensions or {}).get(ROLE_EXTENSION)
    if value == PUBLIC:
        return None
    try:
        return Role(str(value))
    except ValueError:
        raise UndeclaredAccess(
            f"{route} declares no role: add **rules(Role.X, ...) or **rules(None, ...) to its decorator"
        ) from None


def enforce_access(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Authorize every request against its route's declared role before the handler runs.

    Runs after request validation (Powertools validates first). Powertools' own routes (not found,
    CORS preflight) carry no declaration and pass; any of ours that lacks one is refused.
    """
    route = matched_route(app)
    if route is None:
        raise UndeclaredAccess("no matched route in the resolver's context")
    if not route.is_powertools_own:
        required = declared_role(route.extensions, f"{route.method} {route.path}")
        if required is not None and getattr(route.handler, AUTHORIZES_ITSELF, False):
            return _authorized_by_route(app, next_middleware, required)
        if required is not None:
            app.append_context(**{CALLER_KEY: authorize(app.current_event, required)})
    return next_middleware(app)


def authorizes_itself(route: Route) -> Route:
    """Mark a route that reads the caller's member record in the same round trip as its own first
    reads (`authorize_with`), so a read-only request makes one call fewer. `enforce_access` then
    leaves the read to the route, refuses (500) an answer made without it, and answers 401/403
    instead of any error the route raised before authorizing; nothing is written before it."""
    setattr(route, AUTHORIZES_ITSELF, True)
    return route


def _authorized_by_route(
    app: APIGatewayHttpResolver, next_middleware: NextMiddleware, required: Role
) -> Response:
    app.append_context(**{PENDING_KEY: required})
    try:
        response = next_middleware(app)
    except Exception:
        if not isinstance(app.context.get(CALLER_KEY), Caller):
            authorize(app.current_event, required)  # the caller's 401 or 403 comes first
        raise
    if not isinstance(app.context.get(CALLER_KEY), Caller):
        raise UndeclaredAccess("a route that authorizes itself answered without authorize_with()")
    return response


def authorize_with(router: BaseRouter, reads: dict[str, dict[str, Any]]) -> tuple[Caller, dict[str, Any]]:
    """Authorize the caller of a route marked `authorizes_itself`, reading its member record in one
    BatchGetItem with the route's own `reads` (table -> keys); returns the caller and what was found."""
    required = router.context.get(PENDING_KEY)
    if not isinstance(required, Role):
        raise UndeclaredAccess("authorize_with() in a route not marked authorizes_itself")
    org_id, sub = token_claims(cast(APIGatewayProxyEventV2, router.current_event))
    member, found = member_records.find_member_with(org_id, sub, reads)
    caller = _admit(org_id, member, required)
    router.append_context(**{CALLER_KEY: caller})
    return caller, found


def admitter(router: BaseRouter) -> Admit:
    """`authorize_with` as a use case takes it: its reads in, the caller's member record and what was
    found out."""

    def admit(reads: Reads) -> tuple[MemberModel, Found]:
        caller, found = authorize_with(router, reads)
        return caller.member, found

    return admit


def current_caller(router: BaseRouter) -> Caller:
    """The caller `enforce_access` authorized for this request (a route declared public has none)."""
    caller = router.context.get(CALLER_KEY)
    if not isinstance(caller, Caller):
        raise UndeclaredAccess("current_caller() in a route that declares no role")
    return caller
