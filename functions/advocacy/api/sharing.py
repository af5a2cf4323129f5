"""The member side of content: the feed, one-click shares, and the caller's shares and points."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.content import ContentId, check_visible, content_out
from advocacy.api.deps import (
    access,
    authorize_with,
    authorizes_itself,
    current_caller,
    public_base,
    request_time,
    token_claims,
)
from advocacy.api.members import Cursor, Limit
from advocacy.domain import content as rules
from advocacy.domain import links
from advocacy.domain.clicks import day_key
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.ids import derived_id
from advocacy.domain.networks import NETWORKS
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.content import (
    FeedItem,
    FeedPage,
    LedgerEntryOut,
    LedgerPage,
    MyShare,
    MyShareOut,
    MySharePage,
    ShareCreate,
    ShareOut,
)
from advocacy.store import content as content_store
from advocacy.store import ledger, shares
from advocacy.store.boards import award_boards
from advocacy.store.models import ContentModel, LinkModel, MemberModel, OrgModel, ShareModel, plain

router = APIGatewayHttpRouter()


@router.get("/feed", tags=["sharing"], openapi_extensions=access(Role.MEMBER))
@authorizes_itself
def get_feed(limit: Limit = 20, cursor: Cursor = None) -> FeedPage:
    """Published, unexpired content for the caller's groups, newest first, with the caller's shares.

    Two round trips: the feed page, then the caller's member record with its shares of that page.
    """
    org_id, member_id = token_claims(router.current_event)
    now = request_time(router.current_event)
    page = content_store.feed_page(org_id, None, now, limit, cursor)
    ids = [i.content_id for i in page.items]
    caller, found = authorize_with(router, shares.reads_for_contents(org_id, member_id, ids, NETWORKS))
    groups = set(caller.member.groups or ())
    base = public_base(router.current_event)
    mine: dict[str, dict[str, MyShare]] = {}
    for share in shares.from_reads(found):
        mine.setdefault(share.content_id, {})[share.network] = MyShare(
            share_id=share.share_id, tracked_url=links.tracked_url(base, share.code)
        )
    items = [
        FeedItem(**content_out(item, now).model_dump(), my_shares=mine.get(item.content_id, {}))
        for item in page.items
        if rules.is_visible_to(set(item.groups or ()), groups)
    ]
    return FeedPage(items=items, next_cursor=page.next_cursor)


def _share_out(share: ShareModel, item: ContentModel, base: str, points: int) -> ShareOut:
    tracked = links.tracked_url(base, share.code)
    return ShareOut(
        share_id=share.share_id,
        content_id=share.content_id,
        network=share.network,  # type: ignore[arg-type]
        code=share.code,
        tracked_url=tracked,
        share_url=links.share_intent_url(share.network, tracked, share.message, item.title),
        points_awarded=points,
    )


SHARE_RESPONSES: dict[int, OpenAPIResponse] = {
    201: {"description": "Shared: the new share and the points it earned"},
    200: {"description": "Already shared to this network: the same share, nothing more awarded"},
}


@router.post(
    "/content/<content_id>/shares",
    tags=["sharing"],
    status_code=201,
    responses=SHARE_RESPONSES,
    openapi_extensions=access(Role.MEMBER),
)
def share_content(content_id: ContentId, body: Annotated[ShareCreate, Body()]) -> Response[ShareOut]:
    """Share once per network: a repeat (even a concurrent one) returns the same share with 200."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    base = public_base(router.current_event)
    item, org = content_store.get_with_org(caller.org_id, content_id)
    check_visible(item, set(caller.member.groups or ()), now)
    if item.networks and body.network not in item.networks:
        raise ValidationFailed(
            "This content is not shared to that network.", [FieldIssue("network", "not offered")]
        )
    message = body.message if body.message is not None else plain(item.messages).get(body.network)
    issues = rules.message_issues({body.network: message}) if message is not None else []
    if issues:
        raise ValidationFailed(
            "The message cannot be posted.", [FieldIssue("message", i.message) for i in issues]
        )
    # No read of an earlier share: the transaction's condition on the share's key finds a repeat.
    share, created = _create_share(caller.member, org, item, body.network, message, now)
    if not created:
        return Response(200, "application/json", _share_out(share, item, base, 0))
    metrics.add_metric(name="ContentShared", unit=MetricUnit.Count, value=1)
    return Response(201, "application/json", _share_out(share, item, base, int(share.points_awarded)))


def _create_share(
    member: MemberModel, org: OrgModel, item: ContentModel, network: str, message: str | None, now: datetime
) -> tuple[ShareModel, bool]:
    """Points from the content's own `points`, else the org's share rule; reach from the sharer's
    followers on that network."""
    org_id, member_id = member.org_id, member.member_id
    rule = int(plain(org.point_rules).get("share", 0))
    points = int(item.points) if item.points is not None else rule
    share_id = derived_id(org_id, member_id, item.content_id, network)
    award = ledger.entry(
        org_id,
        member_id,
        derived_id("share", share_id),
        "share",
        points,
        now,
        {"content_id": item.content_id, "share_id": share_id, "network": network},
    )
    boards = award_boards(org, now)
    reach = int((plain(member.networks).get(network) or {}).get("followers") or 0)
    for _ in range(3):
        code = links.new_code()
        share = ShareModel(
            org_id=org_id,
            share_key=shares.share_key(member_id, item.content_id, network),
            share_id=share_id,
            member_id=member_id,
            content_id=item.content_id,
            network=network,
            code=code,
            message=message,
            points_awarded=points,
            created_at=now,
        )
        link = LinkModel(
            code=code,
            org_id=org_id,
            share_id=share_id,
            content_id=item.content_id,
            member_id=member_id,
            network=network,
            url=links.with_utm(item.url, network, item.content_id),
            groups=set(member.groups or ()),
        )
        try:
            return shares.create(share, link, award, boards, day_key(now, org.timezone), reach)
        except shares.CodeTaken:
            continue
    raise RuntimeError("could not draw an unused short code in 3 attempts")


@router.get("/me/shares", tags=["sharing"], openapi_extensions=access(Role.MEMBER))
def my_shares(limit: Limit = 20, cursor: Cursor = None) -> MySharePage:
    caller = current_caller(router)
    base = public_base(router.current_event)
    page = shares.list_page(caller.org_id, caller.member_id, limit, cursor)
    items = [
        MyShareOut(
            share_id=s.share_id,
            content_id=s.content_id,
            network=s.network,  # type: ignore[arg-type]
            code=s.code,
            tracked_url=links.tracked_url(base, s.code),
            points_awarded=int(s.points_awarded or 0),
            created_at=s.created_at,
            clicks=int(s.clicks or 0),
            unique_clicks=int(s.unique_clicks or 0),
        )
        for s in page.items
    ]
    return MySharePage(items=items, next_cursor=page.next_cursor)


@router.get("/me/points", tags=["sharing"], openapi_extensions=access(Role.MEMBER))
def my_points(limit: Limit = 20, cursor: Cursor = None) -> LedgerPage:
    """The caller's ledger, newest first."""
    caller = current_caller(router)
    page = ledger.list_page(caller.org_id, caller.member_id, limit, cursor)
    items = [
        LedgerEntryOut(
            entry_id=e.entry_id,
            type=e.type,  # type: ignore[arg-type]
            points=int(e.points),
            created_at=e.created_at,
            ref=plain(e.ref),
        )
        for e in page.items
    ]
    return LedgerPage(items=items, next_cursor=page.next_cursor)
