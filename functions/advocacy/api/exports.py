"""`GET /analytics/export.csv` (admin, manager): one row per share in the range, with its clicks.

A small range is the response itself. Anything larger (or when the client sends
`Prefer: respond-async`) is built by the exports function: the answer is 202 with the export and a
`Location` to poll, `GET /analytics/exports/{export_id}`, which redirects to the file once it is ready.
"Small" is decided before reading any share, from the daily rollups' share count.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header
from aws_lambda_powertools.event_handler.openapi.types import (
    OpenAPIResponse,
    OpenAPIResponseContentModel,
    OpenAPIResponseContentSchema,
    OpenAPIResponseHeader,
)
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import exports
from advocacy.api.analytics import Day, FromDay, day_range
from advocacy.api.deps import access, current_caller, request_time, settings
from advocacy.api.members import PathId
from advocacy.domain.errors import NotFound
from advocacy.domain.ids import new_id
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.exports import ExportOut
from advocacy.store import analytics, orgs
from advocacy.store import exports as store
from advocacy.store.models import ExportModel

router = APIGatewayHttpRouter()

# Inline when the range holds at most this many shares (by the rollups) and the file fits in this
# many bytes (a Lambda response carries at most 6 MB); anything else becomes an export file.
INLINE_MAX_ROWS = 5000
INLINE_LIMIT = 4 * 1024 * 1024
POLL_SECONDS = 2
STALLED_AFTER = timedelta(minutes=30)  # no progress for this long: no invocation is building it
EXPORT_ID = re.compile(r"^[0-9a-f]{32}$")

_JSON: dict[str, OpenAPIResponseContentSchema | OpenAPIResponseContentModel] = {
    "application/json": {"model": ExportOut}
}
_LOCATION: dict[str, OpenAPIResponseHeader] = {
    "Location": {"description": "Where to poll: /analytics/exports/{export_id}", "schema": {"type": "string"}}
}
CSV_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "CSV, one row per share (a small range)",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    },
    202: {
        "description": "A large range (or `Prefer: respond-async`): the export is being built; poll Location",
        "headers": _LOCATION,
        "content": _JSON,
    },
}
POLL_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {"description": "Still pending or building (poll again after Retry-After), or failed"},
    302: {
        "description": "Ready: Location (and `url`) is the file, presigned for 15 minutes",
        "headers": {"Location": {"description": "The file", "schema": {"type": "string"}}},
        "content": _JSON,
    },
}


@router.get(
    "/analytics/export.csv",
    tags=["analytics"],
    responses=CSV_RESPONSES,
    openapi_extensions=access(Role.MANAGER),
)
def export_csv(
    from_: FromDay = None,
    to: Day = None,
    prefer: Annotated[
        str | None,
        Header(
            description="`respond-async`: always build a file (answer 202)",
            max_length=200,
            examples=["respond-async"],
        ),
    ] = None,
) -> Response[str]:
    caller = current_caller(router)
    org = orgs.get_org(caller.org_id)
    zone = ZoneInfo(org.timezone)
    now = request_time(router.current_event)
    first, last = day_range(from_, to, now.astimezone(zone).date())
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    filename = f"advocacy-shares-{first.isoformat()}-{last.isoformat()}.csv"
    wants_file = "respond-async" in (prefer or "").lower()
    expected = analytics.share_count(f"{caller.org_id}#all", first.isoformat(), last.isoformat())
    if not wants_file and expected <= INLINE_MAX_ROWS:
        body = exports.render(caller.org_id, start, end, INLINE_LIMIT)
        if body is not None:
            return Response(
                200,
                "text/csv; charset=utf-8",
                body.decode("utf-8"),
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
    export_id = new_id()
    record = store.create(
        store.new_record(
            caller.org_id,
            export_id,
            caller.member_id,
            (first.isoformat(), last.isoformat()),
            start,
            end,
            f"exports/{caller.org_id}/{export_id}/{filename}",
            filename,
            expected,
            now,
        )
    )
    metrics.add_metric(name="ExportRequested", unit=MetricUnit.Count, value=1)
    headers = {"Location": f"/analytics/exports/{export_id}", "Retry-After": str(POLL_SECONDS)}
    if wants_file:
        headers["Preference-Applied"] = "respond-async"
    return Response(
        202, "application/json", _out(record, now).model_dump_json(by_alias=True), headers=headers
    )


@router.get(
    "/analytics/exports/<export_id>",
    tags=["analytics"],
    responses=POLL_RESPONSES,
    openapi_extensions=access(Role.MANAGER),
)
def get_export(export_id: PathId) -> Response[ExportOut]:
    """An export of the caller's org: its status, or a redirect to the file once it is ready."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    record = store.find(caller.org_id, export_id) if EXPORT_ID.match(export_id) else None
    if record is None or record.expires <= now:  # TTL deletion lags; an expired export is gone
        raise NotFound("No such export.")
    out = _out(record, now)
    if out.status == "ready":
        out.url = store.presign(settings().exports_bucket, record.s3_key)
        return Response(
            302, "application/json", out, headers={"Location": out.url, "Cache-Control": "no-store"}
        )
    headers = {"Cache-Control": "no-store"}
    if out.status != "failed":
        headers["Retry-After"] = str(POLL_SECONDS)
    return Response(200, "application/json", out, headers=headers)


def _out(record: ExportModel, now: datetime) -> ExportOut:
    status, error = record.status, record.error
    if status in ("pending", "building") and record.updated_at + STALLED_AFTER < now:
        status, error = "failed", exports.FAILED  # nothing has moved it for too long: it will not finish
    return ExportOut.model_validate(
        {
            "export_id": record.export_id,
            "status": status,
            "from": record.from_day,
            "to": record.to_day,
            "created_at": record.created_at,
            "rows": int(record.rows or 0),
            "error": error,
        }
    )
