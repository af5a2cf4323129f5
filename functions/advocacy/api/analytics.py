"""Analytics (admin, manager): the program's figures over a range of days in the org's time zone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy import analytics
from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.members import PathId
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.schemas.analytics import Summary
from advocacy.schemas.common import EARLIEST_YEAR, LATEST_YEAR, YEAR_PATTERN, Id
from advocacy.store import content, groups, members, orgs

router = APIGatewayHttpRouter()

MAX_DAYS = 366
DEFAULT_DAYS = 30
FIRST_DAY, LAST_DAY = date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 12, 31)
# A day between FIRST_DAY and LAST_DAY (the pattern says so of the year; `format: date` the rest).
_DAY_SCHEMA = {"pattern": YEAR_PATTERN}
Day = Annotated[
    date | None,
    Query(description="YYYY-MM-DD in the org's time zone, 2000 to 2100", json_schema_extra=_DAY_SCHEMA),
]
FromDay = Annotated[
    date | None,
    Query(
        alias="from",
        description="YYYY-MM-DD in the org's time zone, 2000 to 2100",
        json_schema_extra=_DAY_SCHEMA,
    ),
]


def day_range(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    for name, day in (("from", first), ("to", last)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationFailed(
                f"Dates must lie between {FIRST_DAY} and {LAST_DAY}.",
                [FieldIssue(name, f"must be between {FIRST_DAY} and {LAST_DAY}")],
            )
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ValidationFailed("The range is empty.", [FieldIssue("from", "must not be after to")])
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed("The range is too long.", [FieldIssue("from", f"at most {MAX_DAYS} days")])
    return first, last


@router.get("/analytics/summary", tags=["analytics"], openapi_extensions=access(Role.MANAGER))
def get_summary(
    from_: FromDay = None,
    to: Day = None,
    group: Annotated[Id | None, Query()] = None,
) -> Summary:
    caller = current_caller(router)
    org = orgs.get_org(caller.org_id)
    today = request_time(router.current_event).astimezone(ZoneInfo(org.timezone)).date()
    first, last = day_range(from_, to, today)
    if group:
        groups.get_group(caller.org_id, group)
    scope = f"{caller.org_id}#group:{group}" if group else f"{caller.org_id}#all"
    figures = analytics.summary(org, scope, first, last, members.count_active(caller.org_id, group))
    return Summary.model_validate(figures)


@router.get("/content/<content_id>/analytics", tags=["analytics"], openapi_extensions=access(Role.MANAGER))
def get_content_analytics(
    content_id: PathId,
    from_: FromDay = None,
    to: Day = None,
) -> Summary:
    """The same figures for one piece of content (by default from its creation to today)."""
    caller = current_caller(router)
    org = orgs.get_org(caller.org_id)
    item = content.get(caller.org_id, content_id)
    zone = ZoneInfo(org.timezone)
    today = request_time(router.current_event).astimezone(zone).date()
    created = item.created_at.astimezone(zone).date()
    start = from_ or max(created, today - timedelta(days=MAX_DAYS - 1))
    first, last = day_range(start, to, today)
    figures: dict[str, Any] = analytics.summary(
        org, f"{caller.org_id}#content:{content_id}", first, last, members.count_active(caller.org_id)
    )
    return Summary.model_validate(figures)
