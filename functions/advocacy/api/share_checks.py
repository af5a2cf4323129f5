"""Suspicious shares and voiding a share's points (admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import DAY_RANGE, Router, rules, short_pages
from advocacy.api.error_docs import A_FIELD, BAD_RANGE, FOREIGN_CURSOR, MALFORMED_ID, invalid, not_found
from advocacy.api.params import Cursor, Day, FromDay, Limit, PathId
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import share_checks

if TYPE_CHECKING:
    from advocacy.store.models import ShareModel

router = Router("analytics")


def _voiding(share: ShareModel) -> dict[str, str]:
    """Who voided a share and why, as the answers name them."""
    return {"voided_by": share.voided_by or "", "reason": share.void_reason or ""}


def _suspect(found: share_checks.Suspect) -> schemas.share_checks.SuspiciousShare:
    share = found.share
    counts = ("clicks", "human_clicks", "unique_clicks", "repeat_clicks", "capped_clicks")
    evidence = answer(
        schemas.share_checks.EvidenceOut,
        found.evidence,
        **{name: int(getattr(share, name) or 0) for name in counts},
        own_clicks=None,
        reasons=list(found.evidence.reasons),
    )
    void = None if share.voided_at is None else answer(schemas.share_checks.VoidOut, share, **_voiding(share))
    return answer(
        schemas.share_checks.SuspiciousShare,
        share,
        points_awarded=int(share.points_awarded or 0),
        evidence=evidence,
        void=void,
    )


@router.get(
    "/analytics/suspicious-shares",
    operation_id="listSuspiciousShares",
    summary="List suspicious shares",
    **rules(
        Role.ADMIN,
        "Shares made from `from` to `to` (days in the org's time zone, by default the last 30 up to "
        "today), newest first, whose clicks left a mark of farming (3 or more human clicks from "
        "addresses already counted that day, or unique clicks a cap left unrewarded) or that were "
        "voided, each with its evidence: distinct User-Agents per address, the densest burst, the "
        "reasons it trips.",
        limits=f"{short_pages('A page', ' (the marks are filtered after the read)')}; {DAY_RANGE}",
        errors=[invalid(BAD_RANGE, FOREIGN_CURSOR)],
    ),
)
def list_suspicious_shares(
    from_: FromDay = None, to: Day = None, limit: Limit = 20, cursor: Cursor = None
) -> schemas.share_checks.SuspiciousSharePage:
    caller = current_caller(router)
    now = request_time(router.current_event)
    page = share_checks.suspicious(caller.org_id, from_, to, limit, cursor, now)
    return page_out(schemas.share_checks.SuspiciousSharePage, page, _suspect)


@router.post(
    "/shares/<share_id>/void",
    operation_id="voidShare",
    summary="Void a share's points",
    **rules(
        Role.ADMIN,
        "Takes back every point the share earned (its share entry and its click entries) with `void` "
        "entries in the sharer's ledger, from the balance (which may go below zero), the lifetime "
        "points, the period leaderboards and the running contests; its later clicks still count but "
        "earn nothing. Answers when and by whom it was voided, and why.",
        limits="`reason` 1 to 1,000 characters",
        idempotency="honours `Idempotency-Key` (a retry with the same key gets the first answer); without "
        "a key too, a repeat voids nothing twice and answers the first void",
        errors=[not_found("no such share"), invalid(A_FIELD, MALFORMED_ID)],
    ),
)
def void_share(
    share_id: PathId, body: Annotated[schemas.share_checks.ShareVoid, Body()]
) -> schemas.share_checks.VoidedShare:
    caller = current_caller(router)
    now = request_time(router.current_event)
    share = share_checks.void(caller.org_id, share_id, body.reason, caller.member_id, now)
    metrics.add_metric(name="ShareVoided", unit=MetricUnit.Count, value=1)
    return answer(schemas.share_checks.VoidedShare, share, **_voiding(share))
