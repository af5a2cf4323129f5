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


@router.get("/analytics/summary", tags=["analytics"], openapi_extensions=access(Role.MANAGER))
def get_summary(
    from_: FromDay = None,
    to: Day = None,
    group: Annotated[Id | None, Query()] = None,
) -> Summary:
    caller = current_caller(router)
    figures = analytics.org_summary(caller.org_id, from_, to, group, request_time(router.current_event))
    return Summary.model_validate(figures)


@router.get("/content/<content_id>/analytics", tags=["analytics"], openapi_extensions=access(Role.MANAGER))
def get_content_analytics(
    content_id: ContentId,
    from_: FromDay = None,
    to: Day = None,
) -> Summary:
    """The same figures for one piece of content (by default from its creation to today)."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    return Summary.model_validate(analytics.content_summary(caller.org_id, content_id, from_, to, now))
