"""What every route needs from its request: the settings, the caller, and "now"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from advocacy.domain.errors import Forbidden, Unauthorized
from advocacy.domain.roles import Role, Status, at_least
from advocacy.settings import Settings
from advocacy.store import members
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
    """The API's "now" is the time API Gateway received the request."""
    epoch_ms = event.request_context.time_epoch
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC) if epoch_ms else datetime.now(UTC)


def public_base(event: APIGatewayProxyEventV2) -> str:
    """Where short links live: the configured public URL, else the API's own domain."""
    configured = settings().public_base_url
    return configured or f"https://{event.request_context.domain_name}"


def authorize(event: APIGatewayProxyEventV2, required: Role = Role.MEMBER) -> Caller:
    """The caller from the verified JWT claims plus its member record; role checked against `required`.

    API Gateway has already verified the token; the member record decides role and status, so a
    deactivated member is refused on its very next request.
    """
    claims = event.request_context.authorizer.jwt_claim or {}
    sub, org_id = claims.get("sub"), claims.get("custom:org_id")
    if not sub or not org_id:
        raise Unauthorized("Sign in to use this API.")
    member = members.find_member(str(org_id), str(sub))
    if member is None or member.status != Status.ACTIVE.value:
        raise Unauthorized("This account is not active.")
    caller = Caller(org_id=str(org_id), member=member)
    if not at_least(caller.role, required):
        raise Forbidden(f"This action needs the {required.value} role.")
    return caller
