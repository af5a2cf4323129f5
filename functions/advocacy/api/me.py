"""The caller's own profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time, settings
from advocacy.api.views import as_dict
from advocacy.domain.badges import all_badges
from advocacy.domain.levels import level_for
from advocacy.domain.roles import Role
from advocacy.schemas.members import MeOut, MePatch, NetworkOut, Points
from advocacy.services import members

if TYPE_CHECKING:
    from advocacy.store.models import MemberModel

router = APIGatewayHttpRouter()


def me_out(member: MemberModel) -> MeOut:
    networks = {name: NetworkOut(**value) for name, value in as_dict(member.networks).items()}
    return MeOut(
        member_id=member.member_id,
        org_id=member.org_id,
        email=member.email,
        name=member.name,
        role=member.role,  # type: ignore[arg-type]
        groups=sorted(member.groups or ()),
        networks=networks,
        digest=member.digest,  # type: ignore[arg-type]
        points=Points(balance=int(member.balance), lifetime=int(member.lifetime)),
        level=level_for(int(member.lifetime)),
        badges=all_badges(
            int(member.shares_count or 0), int(member.unique_clicks_count or 0), member.badges or ()
        ),
    )


@router.get("/me", tags=["me"], openapi_extensions=access(Role.MEMBER))
def get_me() -> MeOut:
    caller = current_caller(router)
    return me_out(caller.member)


@router.patch("/me", tags=["me"], openapi_extensions=access(Role.MEMBER))
def patch_me(body: Annotated[MePatch, Body()]) -> MeOut:
    caller = current_caller(router)
    member = members.update_me(
        settings().user_pool_id,
        caller.member,
        body.name,
        body.digest,
        None if body.networks is None else body.networks.model_dump(exclude_none=True),
        request_time(router.current_event),
    )
    return me_out(member)
