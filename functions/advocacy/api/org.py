"""The caller's org settings (admin)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import SAME_CHANGE, Router, rules
from advocacy.api.error_docs import A_FIELD, CONCURRENT_CHANGE, conflict, invalid
from advocacy.api.views import org_out
from advocacy.domain.roles import Role
from advocacy.services import members

router = Router("org")


@router.get(
    "/org",
    operation_id="getOrg",
    summary="Read the org's settings",
    **rules(
        Role.ADMIN,
        "The caller's org: name, time zone, point rules, EMV rates, the points managers may give "
        "(`limits`), the most self-declared followers a share counts (`follower_limits`), the default "
        "content lifetime, the day weekly digests go out, and the email domains (and single addresses) "
        "its admins may invite, which only the operator sets.",
    ),
)
def get_org() -> schemas.orgs.OrgOut:
    caller = current_caller(router)
    return org_out(members.get_org(caller.org_id))


@router.patch(
    "/org",
    operation_id="updateOrg",
    summary="Edit the org's settings",
    **rules(
        Role.ADMIN,
        "Changes the fields sent; a field left out or `null` is unchanged, and nested settings merge "
        '(`{"point_rules": {"click": 3}}` changes only `click`). Point rules apply to shares and '
        "clicks from then on; the time zone cuts days, daily caps, digests and leaderboard periods; "
        "`digest_weekday` moves weekly digests from the next run (at most one a week still). `limits` "
        "bound what managers give: a content item's `points` (`content_points_max`) and a contest "
        "place's prize points (`prize_points_max`); admins are not bound by them. `follower_limits` "
        "bound the followers a member declares on their profile when a share counts them as reach (and "
        "EMV), per network, from the next share on; a count a connected account reports (X) is not bound. "
        "`domains` and `allowed_emails` are not settings an admin changes (the operator's `set-domains`).",
        limits="point rules `share`, `click`, `content_submission`, `suggestion_accepted` 0 to 10,000, "
        "`click_daily_cap_per_share` 0 to 100,000; EMV `cpm` and `cpc` 0 to 100,000 (4 decimals), "
        "`currency` three capital letters; `default_content_ttl_days` 1 to 3,650; `timezone` an IANA "
        "name; `digest_weekday` `monday` to `sunday`; `level_thresholds` at most 50, each 1 to "
        "1,000,000,000 and more than the one before; `limits.content_points_max` 0 to 100,000, "
        "`limits.prize_points_max` 0 to 1,000,000; `follower_limits` `linkedin`, `x`, `facebook` each 0 "
        "to 1,000,000,000",
        idempotency=SAME_CHANGE,
        errors=[
            conflict(CONCURRENT_CHANGE),
            invalid(A_FIELD, "an unknown time zone", "level thresholds not each above the one before"),
        ],
    ),
)
def patch_org(body: Annotated[schemas.orgs.OrgPatch, Body()]) -> schemas.orgs.OrgOut:
    caller = current_caller(router)
    changes = body.model_dump(exclude_none=True)
    return org_out(members.update_org(caller.org_id, changes, request_time(router.current_event)))
