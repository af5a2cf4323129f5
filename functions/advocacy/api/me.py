"""The caller's own profile."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time, settings
from advocacy.domain.badges import all_badges
from advocacy.domain.levels import level_for
from advocacy.domain.roles import Role
from advocacy.schemas.members import MeOut, MePatch, NetworkOut, Points
from advocacy.store import people
from advocacy.store.models import MemberModel, plain

router = APIGatewayHttpRouter()


def me_out(member: MemberModel) -> MeOut:
    networks = {name: NetworkOut(**value) for name, value in plain(member.networks).items()}
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
    changes: dict[str, Any] = {}
    if body.name is not None:
        changes["name"] = body.name
    if body.digest is not None:
        changes["digest"] = body.digest
    if body.networks is not None:
        networks = {k: dict(v) for k, v in plain(caller.member.networks).items()}
        for network, profile in body.networks.model_dump(exclude_none=True).items():
            merged = {**networks.get(network, {}), **profile}
            networks[network] = {
                "handle": merged.get("handle"),
                "followers": int(merged.get("followers") or 0),
            }
        changes["networks"] = networks
    if not changes:
        return me_out(caller.member)
    member = people.update(
        settings().user_pool_id, caller.org_id, caller.member_id, changes, request_time(router.current_event)
    )
    return me_out(member)
