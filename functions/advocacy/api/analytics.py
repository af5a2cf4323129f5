"""Analytics (admin, manager): the program's figures over a range of days in the org's time zone."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.params import ContentId, Day, FromDay
from advocacy.domain.roles import Role
from advocacy.schemas.analytics import Summary
from advocacy.schemas.common import Id
from advocacy.services import analytics

router = APIGatewayHttpRouter()


@router.get(
    "/analytics/summary",
    tags=["analytics"],
    operation_id="getAnalyticsSummary",
    summary="Read the program's figures",
    description=(
        "The org's figures (or one `group`'s, by the sharer's groups at the time of sharing) over the "
        "days `from` to `to` in the org's time zone, by default the last 30 days up to today: members, "
        "active advocates, participation, shares, clicks (bots included), human and unique clicks, "
        "reach, EMV, per network, the top content and advocates, and daily figures.\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: `from` and `to` between 2000-01-01 and 2100-12-31, `from` not after `to`, at most "
        "366 days.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (a `group` that does "
        "not exist); 422 `validation_error` (a range out of order or over 366 days)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def get_summary(
    from_: FromDay = None,
    to: Day = None,
    group: Annotated[Id | None, Query()] = None,
) -> Summary:
    caller = current_caller(router)
    figures = analytics.org_summary(caller.org_id, from_, to, group, request_time(router.current_event))
    return Summary.model_validate(figures)


@router.get(
    "/content/<content_id>/analytics",
    tags=["analytics"],
    operation_id="getContentAnalytics",
    summary="Read one content's figures",
    description=(
        "The same figures as `getAnalyticsSummary` for one piece of content, by default from its "
        "creation to today (at most 366 days).\n\n"
        "- Role: `manager` (or `admin`).\n"
        "- Limits: `from` and `to` between 2000-01-01 and 2100-12-31, `from` not after `to`, at most "
        "366 days.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member); 404 `not_found` (no such content); "
        "422 `validation_error` (a range out of order or over 366 days, a malformed id)."
    ),
    openapi_extensions=access(Role.MANAGER),
)
def get_content_analytics(
    content_id: ContentId,
    from_: FromDay = None,
    to: Day = None,
) -> Summary:
    """The same figures for one piece of content (by default from its creation to today)."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    return Summary.model_validate(analytics.content_summary(caller.org_id, content_id, from_, to, now))
