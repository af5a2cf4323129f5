"""The caller's own profile."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import (
    admitter,
    authorizes_itself,
    current_caller,
    request_time,
    settings,
    token_claims,
)
from advocacy.api.docs import OWN, SAME_CHANGE, Router, rules
from advocacy.api.error_docs import A_FIELD, CONCURRENT_CHANGE, conflict, invalid
from advocacy.api.views import answer, as_dict, my_org_out
from advocacy.domain.badges import all_badges, next_milestone
from advocacy.domain.roles import Role
from advocacy.services import members

router = Router("me")


def me_out(me: members.Me) -> schemas.members.MeOut:
    member = me.member
    shares, clicks = int(member.shares_count or 0), int(member.unique_clicks_count or 0)
    at, badge = me.next_level_at, next_milestone(shares, clicks)
    upcoming = (
        None
        if at is None
        else schemas.members.NextLevel(level=me.level + 1, points=at, remaining=at - int(member.lifetime))
    )
    return answer(
        schemas.members.MeOut,
        member,
        networks=as_dict(member.networks),
        points=answer(schemas.members.Points, member),
        level=me.level,
        next_level=upcoming,
        badges=all_badges(shares, clicks, member.badges or ()),
        next_badge=None if badge is None else answer(schemas.members.NextBadge, badge),
    )


@router.get(
    "/me",
    operation_id="getMe",
    summary="Read my profile",
    **rules(
        Role.MEMBER,
        "The caller's profile: name, email, role, groups, network profiles, digest choice, `language` "
        "(null until the member chooses one), `points` "
        "(`balance` to spend, `lifetime` earned), `level` and `badges`, and what comes next: `next_level` "
        "(the lifetime points that reach it and how many remain; null at the org's last level) and "
        "`next_badge` (the milestone badge nearest to earned, with the count so far and the count that "
        "earns it; null once all are earned).",
        errors=[(401, "unauthorized", "no valid token, or a deactivated member or one without a record")],
    ),
)
@authorizes_itself
def get_me() -> schemas.members.MeOut:
    org_id, _ = token_claims(router.current_event)
    return me_out(members.me(org_id, admitter(router)))


@router.get(
    "/me/org",
    operation_id="getMyOrg",
    summary="Read my org",
    **rules(
        Role.MEMBER,
        "What any member may know of the caller's org: its name, its time zone (the one that cuts days, "
        "leaderboard periods and contest dates), the names of the caller's own groups, sorted by name "
        "(a group deleted meanwhile is left out), and what sharing earns: `share_points` a share (content "
        "with `points` of its own earns those instead), `personalised_bonus` more in the member's own "
        "words, `click_points` a unique human click. The org's other rules stay with admins (`GET /org`), "
        "its other groups with managers and admins (`GET /groups`).",
    ),
)
@authorizes_itself
def get_my_org() -> schemas.orgs.MyOrgOut:
    org_id, _ = token_claims(router.current_event)
    org, groups = members.org_for_member(org_id, admitter(router))
    return my_org_out(org, groups)


@router.patch(
    "/me",
    operation_id="updateMe",
    summary="Edit my profile",
    **rules(
        Role.MEMBER,
        "Changes the caller's `name`, `digest` (`off`, `daily`, `weekly`), `language` (`en`, `it`: the "
        "web app's, which digest emails use too) and network profiles; a field "
        "left out or `null` is unchanged, and each network's profile merges into the one kept (sending "
        "only `followers` keeps the `handle`). `followers` is self-declared and kept as sent; a share "
        "counts it as reach up to the org's `follower_limits` for the network, and a connected X "
        "account's own count replaces it.",
        who=f"{OWN} profile",
        limits="`name` 1 to 200 characters; `handle` at most 200; `followers` 0 to 1,000,000,000; "
        "networks `linkedin`, `x`, `facebook`",
        idempotency=SAME_CHANGE,
        errors=[conflict(CONCURRENT_CHANGE), invalid(A_FIELD)],
    ),
)
def patch_me(body: Annotated[schemas.members.MePatch, Body()]) -> schemas.members.MeOut:
    caller = current_caller(router)
    me = members.update_me(
        settings().user_pool_id,
        caller.member,
        body.model_dump(include={"name", "digest", "language"}, exclude_none=True),
        None if body.networks is None else body.networks.model_dump(exclude_none=True),
        request_time(router.current_event),
    )
    return me_out(me)
