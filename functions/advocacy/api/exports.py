"""`GET /analytics/export.csv` (admin, manager): one row per share in the range, with its clicks."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.analytics import Day, day_range
from advocacy.api.deps import authorize, request_time, settings
from advocacy.domain.ids import new_id
from advocacy.domain.roles import Role
from advocacy.store import exports, orgs

router = APIGatewayHttpRouter()

# Lambda answers at most 6 MB; bigger files go to S3 and the client is redirected there.
INLINE_LIMIT = 4 * 1024 * 1024
COLUMNS = (
    "share_id", "shared_at", "member_id", "member_name", "member_email", "content_id", "content_title",
    "network", "tracked_code", "points_awarded", "clicks", "human_clicks", "unique_clicks",
)  # fmt: skip


def render(org_id: str, start: datetime, end: datetime) -> bytes:
    rows = sorted(exports.shares_between(org_id, start, end), key=lambda s: (s.created_at, s.share_id))
    people = exports.names(org_id, (s.member_id for s in rows))
    titles = exports.titles(org_id, (s.content_id for s in rows))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: quotes where needed, CRLF lines
    writer.writerow(COLUMNS)
    for s in rows:
        person = people.get(s.member_id)
        writer.writerow([
            s.share_id, s.created_at.isoformat().replace("+00:00", "Z"), s.member_id,
            person.name if person else "", person.email if person else "", s.content_id,
            titles.get(s.content_id, ""), s.network, s.code, int(s.points_awarded or 0),
            int(s.clicks or 0), int(s.human_clicks or 0), int(s.unique_clicks or 0),
        ])  # fmt: skip
    return out.getvalue().encode("utf-8")


@router.get(
    "/analytics/export.csv",
    tags=["analytics"],
    responses={
        200: {
            "description": "CSV, one row per share",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        302: {"description": "A large export: follow Location (a presigned URL, valid 15 minutes)"},
    },
)
def export_csv(from_: Annotated[date | None, Query(alias="from")] = None, to: Day = None) -> Response[str]:
    caller = authorize(router.current_event, Role.MANAGER)
    org = orgs.get_org(caller.org_id)
    zone = ZoneInfo(org.timezone)
    today = request_time(router.current_event).astimezone(zone).date()
    first, last = day_range(from_, to, today)
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    body = render(caller.org_id, start, end)
    filename = f"advocacy-shares-{first.isoformat()}-{last.isoformat()}.csv"
    if len(body) <= INLINE_LIMIT:
        return Response(
            200,
            "text/csv; charset=utf-8",
            body.decode("utf-8"),
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    key = f"exports/{caller.org_id}/{new_id()}/{filename}"
    url = exports.store(settings().exports_bucket, key, body)
    return Response(302, "text/plain", "", headers={"Location": url, "Cache-Control": "no-store"})
