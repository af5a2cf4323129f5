"""Analytics (admin, manager): the program's figures over a range of days in the org's time zone."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import DAY_RANGE, Router, rules
from advocacy.api.error_docs import BAD_RANGE, MALFORMED_ID, invalid, not_found
from advocacy.api.params import ContentId, Day, FromDay
from advocacy.domain.roles import Role
from advocacy.schemas.common import Id
from advocacy.services import analytics

router = Router("analytics")


@router.get(
    "/analytics/summary",
    operation_id="getAnalyticsSummary",
    summary="Read the program's figures",
    **rules(
        Role.MANAGER,
        "The org's figures (or one `group`'s, by the sharer's groups at the time of sharing) over the "
        "days `from` to `to` in the org's time zone, by default the last 30 days up to today: members, "
        "active advocates, participation, shares, clicks (bots included), human and unique clicks, "
        "reach, EMV, per network, the top content and advocates, and daily figures. The `rollups` job "
        "computes them every 15 minutes: `computed_at` says when.",
        limits=DAY_RANGE,
        errors=[not_found("a `group` that does not exist"), invalid(BAD_RANGE)],
    ),
)
def get_summary(
    from_: FromDay = None,
    to: Day = None,
    group: Annotated[Id | None, Query()] = None,
) -> schemas.analytics.Summary:
    caller = current_caller(router)
    figures = analytics.org_summary(caller.org_id, from_, to, group, request_time(router.current_event))
    return schemas.analytics.Summary.model_validate(figures)


@router.get(
    "/content/<content_id>/analytics",
    operation_id="getContentAnalytics",
    summary="Read one content's figures",
    **rules(
        Role.MANAGER,
        "The same figures as `getAnalyticsSummary` for one piece of content, by default from its "
        "creation to today (at most 366 days).",
        limits=DAY_RANGE,
        errors=[not_found("no such content"), invalid(BAD_RANGE, MALFORMED_ID)],
    ),
)
def get_content_analytics(
    content_id: ContentId,
    from_: FromDay = None,
    to: Day = None,
) -> schemas.analytics.Summary:
    """The same figures for one piece of content (by default from its creation to today)."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    return schemas.analytics.Summary.model_validate(
        analytics.content_summary(caller.org_id, content_id, from_, to, now)
    )
