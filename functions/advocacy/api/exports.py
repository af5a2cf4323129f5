"""`GET /analytics/export.csv` (admin, manager): one row per share in the range, with its clicks.

A small range is the response itself. Anything larger (or when the client sends
`Prefer: respond-async`) is built by the exports function: the answer is 202 with the export and a
`Location` to poll, `GET /analytics/exports/{export_id}`, which redirects to the file once it is ready.
"Small" is decided before reading any share, from the daily rollups' share count.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header
from aws_lambda_powertools.event_handler.openapi.types import (
    OpenAPIResponse,
    OpenAPIResponseContentModel,
    OpenAPIResponseContentSchema,
    OpenAPIResponseHeader,
)
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.deps import current_caller, request_time, settings
from advocacy.api.docs import BAD_ID, BAD_RANGE, DAY_RANGE, READ, Router, invalid, not_found, rules
from advocacy.api.params import Day, FromDay, PathId, Redirect
from advocacy.api.views import export_accepted, export_polled
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.exports import ExportOut
from advocacy.services import exports

router = Router("analytics")


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
    200: {
        "description": "Still pending or building (poll again after Retry-After), failed, or (with "
        "`redirect=false`) ready with its `url`"
    },
    302: {
        "description": "Ready: Location (and `url`) is the file, presigned for 15 minutes",
        "headers": {"Location": {"description": "The file", "schema": {"type": "string"}}},
        "content": _JSON,
    },
}


@router.get(
    "/analytics/export.csv",
    responses=CSV_RESPONSES,
    operation_id="exportAnalytics",
    summary="Export shares as CSV",
    **rules(
        Role.MANAGER,
        "One CSV row per share made in the range (oldest first) with its clicks. Up to 5,000 shares and "
        "4 MB the CSV is the answer (200, `text/csv`, with a file name); a larger range, or any range "
        "with `Prefer: respond-async`, answers 202 with the export, `Location` to poll "
        "(`getAnalyticsExport`) and `Retry-After`. The range defaults as for `getAnalyticsSummary`. "
        "`member_email` is filled for an admin only; a manager's export keeps the column, empty.",
        limits=f"{DAY_RANGE}. An export file lives one day",
        idempotency=f"{READ} (each 202 starts another export)",
        errors=[invalid(BAD_RANGE)],
    ),
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
    now = request_time(router.current_event)
    wants_file = "respond-async" in (prefer or "").lower()
    emails = caller.role == Role.ADMIN  # members' emails are admin-only (decision 89)
    answer = exports.request(caller.org_id, caller.member_id, from_, to, wants_file, now, emails=emails)
    if isinstance(answer, exports.Inline):
        return Response(
            200,
            "text/csv; charset=utf-8",
            answer.body.decode("utf-8"),
            headers={"Content-Disposition": f'attachment; filename="{answer.filename}"'},
        )
    metrics.add_metric(name="ExportRequested", unit=MetricUnit.Count, value=1)
    return export_accepted(answer, f"/analytics/exports/{answer.record.export_id}", wants_file)


@router.get(
    "/analytics/exports/<export_id>",
    responses=POLL_RESPONSES,
    operation_id="getAnalyticsExport",
    summary="Poll an export",
    **rules(
        Role.MANAGER,
        "An export of the caller's org: 200 while `pending` or `building` (poll again after "
        "`Retry-After`), 200 with `failed` and an `error` (request it again), and once `ready` a 302 "
        "whose `Location`, also the body's `url`, is the file, presigned for 15 minutes; with "
        "`redirect=false` a ready export is a 200 with `url` instead (a browser cannot read a redirect's "
        "`Location` across origins). Answers are `Cache-Control: no-store`.",
        who=" of the same org",
        errors=[not_found("no such export, or one past its day"), BAD_ID],
    ),
)
def get_export(
    export_id: PathId,
    redirect: Redirect = True,
) -> Response[ExportOut]:
    """An export of the caller's org: its status, or a redirect to the file once it is ready."""
    caller = current_caller(router)
    found = exports.find(
        caller.org_id, export_id, request_time(router.current_event), settings().exports_bucket
    )
    return export_polled(found, redirect)
