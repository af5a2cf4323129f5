"""The caller's org settings (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.domain.timezones import is_valid_timezone
from advocacy.schemas.orgs import Emv, OrgOut, OrgPatch, PointRules
from advocacy.store import orgs
from advocacy.store.models import OrgModel, plain

router = APIGatewayHttpRouter()


def org_out(org: OrgModel) -> OrgOut:
    return OrgOut(
        org_id=org.org_id,
        name=org.name,
        timezone=org.timezone,
        point_rules=PointRules(**plain(org.point_rules)),
        emv=Emv(**plain(org.emv)),
        default_content_ttl_days=int(org.default_content_ttl_days),
        created_at=org.created_at,
        updated_at=org.updated_at,
    )


@router.get("/org", tags=["org"], openapi_extensions=access(Role.ADMIN))
def get_org() -> OrgOut:
    caller = current_caller(router)
    return org_out(orgs.get_org(caller.org_id))


@router.patch("/org", tags=["org"], openapi_extensions=access(Role.ADMIN))
def patch_org(body: Annotated[OrgPatch, Body()]) -> OrgOut:
    caller = current_caller(router)
    if body.timezone is not None and not is_valid_timezone(body.timezone):
        raise ValidationFailed(
            "Unknown time zone.", [FieldIssue("timezone", "use an IANA name like Europe/Paris")]
        )
    current = orgs.get_org(caller.org_id)
    changes: dict[str, Any] = body.model_dump(exclude_none=True, exclude={"point_rules", "emv"})
    if body.point_rules is not None:
        changes["point_rules"] = {
            **plain(current.point_rules),
            **body.point_rules.model_dump(exclude_none=True),
        }
    if body.emv is not None:
        changes["emv"] = {**plain(current.emv), **body.emv.model_dump(exclude_none=True)}
    if not changes:
        return org_out(current)
    return org_out(orgs.update_org(caller.org_id, changes, request_time(router.current_event)))
