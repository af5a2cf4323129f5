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


@router.get(
    "/me",
    tags=["me"],
    operation_id="getMe",
    summary="Read my profile",
    description=(
        "The caller's profile: name, email, role, groups, network profiles, digest choice, `points` "
        "(`balance` to spend, `lifetime` earned), `level` and `badges`.\n\n"
        "- Role: `member` (any active member).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized` (no valid token, or a deactivated member or one without a record)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def get_me() -> MeOut:
    caller = current_caller(router)
    return me_out(caller.member)


@router.patch(
    "/me",
    tags=["me"],
    operation_id="updateMe",
    summary="Edit my profile",
    description=(
        "Changes the caller's `name`, `digest` (`off`, `daily`, `weekly`) and network profiles; a field "
        "left out or `null` is unchanged, and each network's profile merges into the one kept (sending "
        "only `followers` keeps the `handle`). `followers` at the time of a share is its reach.\n\n"
        "- Role: `member` (any active member); only the caller's own profile.\n"
        "- Limits: `name` 1 to 200 characters; `handle` at most 200; `followers` 0 to 1,000,000,000; "
        "networks `linkedin`, `x`, `facebook`.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same change again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 409 `conflict` (a concurrent change: retry); "
        "422 `validation_error` (a field)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
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
