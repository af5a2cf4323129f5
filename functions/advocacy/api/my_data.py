"""`POST /me/export` (any member): a copy of everything stored about the caller, as JSON (decision 87).

Like `GET /analytics/export.csv`: a small copy is the answer (200), anything larger (or with
`Prefer: respond-async`) is built into a file by the exports function (202 with `Location`), polled
at `GET /me/exports/{export_id}`, which is the caller's own and answers as the analytics poll does.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time, settings
from advocacy.api.docs import EXPORT_POLL, KEYED, OWN, Router, read_rules, rules
from advocacy.api.params import PathId, Prefer, Redirect
from advocacy.api.views import POLL_RESPONSES, export_accepted, export_polled, export_responses
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import member_data

router = Router("me")

EXPORT_RESPONSES = export_responses(
    {
        "description": "The caller's data (a small copy): `format`, `generated_at`, `about`, `profile`, "
        "`shares`, `clicks_received`, `ledger`, `redemptions`, `contests`, `suggestions`, "
        "`connected_accounts`",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "copy",
    "/me/exports/{export_id}",
)


@router.post(
    "/me/export",
    responses=EXPORT_RESPONSES,
    operation_id="exportMyData",
    summary="Download my data",
    **rules(
        Role.MEMBER,
        "A copy of everything stored about the caller, as JSON: the profile, shares with their click "
        "counts (per share, and per day the clicks that earned points), the points ledger, redemptions, "
        "contests, suggestions and connected accounts (network, status, dates; never a token). No other "
        "member's data is in it, nor the visitors' keyed hashes. A small copy is the answer (200, with a "
        "file name); a larger one, or any with `Prefer: respond-async`, answers 202 with the export, "
        "`Location` to poll (`getMyExport`) and `Retry-After`.",
        who=f"{OWN} data",
        limits="An export file lives one day",
        idempotency=f"{KEYED}); without one, each 202 starts another export",
    ),
)
def export_my_data(
    prefer: Prefer = None,
) -> Response[str]:
    caller = current_caller(router)
    wants_file = "respond-async" in (prefer or "").lower()
    answer = member_data.request(caller.member, wants_file, request_time(router.current_event))
    metrics.add_metric(name="MemberDataExported", unit=MetricUnit.Count, value=1)
    if isinstance(answer, member_data.Inline):
        return Response(
            200,
            "application/json",
            answer.body.decode("utf-8"),
            headers={
                "Content-Disposition": f'attachment; filename="{answer.filename}"',
                "Cache-Control": "no-store",
            },
        )
    return export_accepted(answer, f"/me/exports/{answer.record.export_id}", wants_file)


@router.get(
    "/me/exports/<export_id>",
    responses=POLL_RESPONSES,
    operation_id="getMyExport",
    summary="Poll my data export",
    **read_rules(
        Role.MEMBER,
        f"The caller's own data export: {EXPORT_POLL}",
        "no such export of the caller's, or one past its day",
        who=OWN,
    ),
)
def get_my_export(export_id: PathId, redirect: Redirect = True) -> Response[schemas.exports.ExportOut]:
    caller = current_caller(router)
    found = member_data.find_own(
        caller.org_id,
        caller.member_id,
        export_id,
        request_time(router.current_event),
        settings().exports_bucket,
    )
    return export_polled(found, redirect)
