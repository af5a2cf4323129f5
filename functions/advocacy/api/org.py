"""The caller's org settings (admin)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.views import org_out
from advocacy.domain.roles import Role
from advocacy.schemas.orgs import OrgOut, OrgPatch
from advocacy.services import members

router = APIGatewayHttpRouter()


@router.get("/org", tags=["org"], openapi_extensions=access(Role.ADMIN))
def get_org() -> OrgOut:
    caller = current_caller(router)
    return org_out(members.get_org(caller.org_id))


@router.patch("/org", tags=["org"], openapi_extensions=access(Role.ADMIN))
def patch_org(body: Annotated[OrgPatch, Body()]) -> OrgOut:
    caller = current_caller(router)
    changes = body.model_dump(exclude_none=True)
    return org_out(members.update_org(caller.org_id, changes, request_time(router.current_event)))
