"""`GET /analytics/export.csv` (admin, manager): one row per share in the range, with its clicks.

A small range is the response itself. Anything larger (or when the client sends
`Prefer: respond-async`) is built by the exports function: the answer is 202 with the export and a
`Location` to poll, `GET /analytics/exports/{export_id}`, which redirects to the file once it is ready.
"Small" is decided before reading any share, from the daily rollups' share count.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time, settings
from advocacy.api.docs import DAY_RANGE, EXPORT_POLL, READ, Router, read_rules, rules
from advocacy.api.error_docs import BAD_RANGE, invalid
from advocacy.api.params import Day, FromDay, PathId, Prefer, Redirect
from advocacy.api.views import POLL_RESPONSES, export_accepted, export_polled, export_responses
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import exports

router = Router("analytics")


CSV_RESPONSES = export_responses(
    {
        "description": "CSV, one row per share (a small range)",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    },
    "range",
    "/analytics/exports/{export_id}",
)


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
    prefer: Prefer = None,
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
    **read_rules(
        Role.MANAGER,
        f"An export of the caller's org: {EXPORT_POLL}",
        "no such export, or one past its day",
        who=" of the same org",
    ),
)
def get_export(export_id: PathId, redirect: Redirect = True) -> Response[schemas.exports.ExportOut]:
    caller = current_caller(router)
    found = exports.find(
        caller.org_id, export_id, request_time(router.current_event), settings().exports_bucket
    )
    return export_polled(found, redirect)
