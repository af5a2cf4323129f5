"""The member side of content: the feed, one-click shares, and the caller's shares and points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import (
    admitter,
    authorizes_itself,
    current_caller,
    public_base,
    request_time,
    settings,
    token_claims,
)
from advocacy.api.docs import OWN, Router, list_rules, rules, short_pages
from advocacy.api.error_docs import conflict, invalid, not_found
from advocacy.api.params import ContentId, Cursor, Limit
from advocacy.api.views import answer, content_out, entry_out, page_out
from advocacy.domain import links
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import posting, sharing

if TYPE_CHECKING:
    pass

router = Router("sharing")


@router.get(
    "/feed",
    operation_id="getFeed",
    summary="Read the feed",
    **list_rules(
        Role.MEMBER,
        "Published, unexpired content targeted at the caller (content for everyone, or for a group the "
        "caller is in), newest published first. Each item carries `my_shares`: per network the caller "
        "already shared it to, the share's `share_id` and `tracked_url`.",
        limits=short_pages("A page", " (content not targeted at the caller)"),
    ),
)
@authorizes_itself
def get_feed(limit: Limit = 20, cursor: Cursor = None) -> schemas.content.FeedPage:
    """Published, unexpired content for the caller's groups, newest first, with the caller's shares."""
    org_id, member_id = token_claims(router.current_event)
    now = request_time(router.current_event)
    page = sharing.feed(org_id, member_id, now, limit, cursor, admitter(router))
    base = public_base(router.current_event)
    items = [
        schemas.content.FeedItem(
            **content_out(entry.item, now).model_dump(),
            my_shares={
                network: schemas.content.MyShare(
                    share_id=s.share_id, tracked_url=links.tracked_url(base, s.code), post_url=s.post_url
                )
                for network, s in entry.shares.items()
            },
        )
        for entry in page.items
    ]
    return schemas.content.FeedPage(items=items, next_cursor=page.next_cursor)


def _share_out(done: sharing.Shared, base: str, points: int, bonus: int) -> schemas.content.ShareOut:
    share, item = done.share, done.item
    tracked = links.tracked_url(base, share.code)
    share_url = links.share_intent_url(share.network, tracked, done.message, item.title)
    similarity = float(share.similarity) if share.similarity is not None else 1.0  # shared before it was kept
    return answer(schemas.content.ShareOut, share, tracked_url=tracked, share_url=share_url, points_awarded=points,
                  similarity=similarity, personalised=bool(share.personalised), personalised_bonus=bonus)  # fmt: skip


def _shared(done: sharing.Shared, base: str, metric: str) -> Response[schemas.content.ShareOut]:
    """201 with the new share and its points (counted as `metric`), or 200 with the first one and none."""
    if not done.created:
        return Response(200, "application/json", _share_out(done, base, 0, 0))
    metrics.add_metric(name=metric, unit=MetricUnit.Count, value=1)
    points = int(done.share.points_awarded)
    return Response(201, "application/json", _share_out(done, base, points, done.bonus))


SHARE_RESPONSES: dict[int, OpenAPIResponse] = {
    201: {"description": "Shared: the new share and the points it earned"},
    200: {"description": "Already shared to this network: the same share, nothing more awarded"},
}


@router.post(
    "/content/<content_id>/shares",
    status_code=201,
    responses=SHARE_RESPONSES,
    operation_id="shareContent",
    summary="Share content",
    **rules(
        Role.MEMBER,
        "Shares content to one network, once per member, content and network: 201 with the share "
        "(`code`, `tracked_url`, `share_url` to open on the network) and the points it earned. A repeat, "
        "even a concurrent one from another device, answers 200 with the same share and "
        "`points_awarded: 0`. `message` defaults to the content's message for the network. The share "
        "says how close `message` is to that suggested text (`similarity`) and whether it is in the "
        "member's own words (`personalised`: similarity below 0.8 with at least 3 words added); a "
        "personalised share earns the org's `point_rules.personalised_share` more, once, in "
        "`points_awarded` (`personalised_bonus` says how much).",
        who=", for content targeted at them",
        limits="`message` within the network's limit (LinkedIn 3,000, X 256 as X counts with each "
        "link as 23, Facebook 63,206, email 20,000 characters)",
        idempotency="honours `Idempotency-Key`; without one a repeat is safe too (200, the same "
        "share, nothing awarded)",
        errors=[
            not_found("content unknown, not published or not targeted at the caller"),
            conflict("expired content"),
            invalid(
                "a network the content is not offered on",
                "a message over the network's limit",
                "a message other than the suggested text for content whose text is not editable",
            ),
        ],
    ),
)
def share_content(
    content_id: ContentId, body: Annotated[schemas.content.ShareCreate, Body()]
) -> Response[schemas.content.ShareOut]:
    """Share once per network: a repeat (even a concurrent one) returns the same share with 200."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    base = public_base(router.current_event)
    done = sharing.share(caller.member, content_id, body.network, body.message, now)
    return _shared(done, base, "ContentShared")


POST_FAILED = "the network refused for a reason of the program's (credits, API version): share instead"
POST_RESPONSES: dict[int, OpenAPIResponse] = {
    201: {"description": "Posted: the new share, with the post's id and URL and the points it earned"},
    200: {"description": "Already posted to this network: the same share, nothing posted or awarded"},
    502: {
        "description": "The network refused the post for a reason of the program's; share instead",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    },
}


@router.post(
    "/content/<content_id>/posts",
    status_code=201,
    responses=POST_RESPONSES,
    operation_id="shareContentByAccount",
    summary="Post content through my connected account",
    **rules(
        Role.MEMBER,
        "Posts content to LinkedIn or X through the caller's connected account and records the share as "
        "`shareContent` does (the same checks, own words, tracked link and points, once), only once the "
        "network accepted the post: 201 with the share, its `post_id` and `post_url`. LinkedIn gets the "
        "message and the tracked link as an article (title and body of the content); X the message "
        "followed by the tracked link. A repeat answers 200 with the same share. When the network's "
        "answer is lost after sending, the post is not sent again: 409 `post_unconfirmed`, now and on "
        "every later try. Facebook and email are shared with `shareContent` only.",
        who=", for content targeted at them, with a connected account for the network",
        limits="`message` as for `shareContent`",
        idempotency="honours `Idempotency-Key`; without one a repeat is safe too (200, the same "
        "share, nothing posted or awarded)",
        errors=[
            not_found("content unknown, not published or not targeted at the caller"),
            conflict("expired content"),
            conflict(
                "no working connection to the network (none, expired, revoked): reconnect", "needs_reconnect"
            ),
            conflict("shared to this network with `shareContent` before", "already_shared"),
            conflict("the network refused the text as a duplicate of a recent post", "post_duplicate"),
            conflict("an earlier post of this share got no answer and may be published", "post_unconfirmed"),
            invalid(
                "a network other than LinkedIn or X, or one the program has no connection for",
                "a message as `shareContent` refuses it, or one the network refused",
            ),
            (502, "post_failed", POST_FAILED),
            (
                503,
                "unavailable",
                "the network is limiting posts or failing: nothing was posted; retry after "
                "`Retry-After` seconds",
            ),
        ],
    ),
)
def post_content(
    content_id: ContentId, body: Annotated[schemas.content.PostCreate, Body()]
) -> Response[schemas.content.ShareOut]:
    """Post through the member's connected account; the share is recorded once the network accepted it."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    base = public_base(router.current_event)
    config = settings()
    provider = config.providers.get(body.network)
    if provider is None:
        raise ValidationFailed(
            "Posts to that network cannot be made through a connected account in this program.",
            [FieldIssue("network", "no connected accounts for this network")],
        )
    endpoint = posting.Endpoint(provider.api_base, base, config.linkedin_version)
    done = posting.post_now(caller.member, content_id, body.network, body.message, now, endpoint)
    return _shared(done, base, "ContentPosted")


@router.get(
    "/me/shares",
    operation_id="listMyShares",
    summary="List my shares",
    **list_rules(
        Role.MEMBER,
        "The caller's shares, newest first, each with its tracked link, the points it earned and its "
        "`clicks` and `unique_clicks` so far. With `titles=true`, each also names its content's current "
        "`title` (one read more a page; null without it).",
        who=f"{OWN} shares",
    ),
)
def my_shares(
    limit: Limit = 20, cursor: Cursor = None, titles: Annotated[bool, Query()] = False
) -> schemas.content.MySharePage:
    caller = current_caller(router)
    base = public_base(router.current_event)
    mine = sharing.my_shares(caller.org_id, caller.member_id, limit, cursor, titles)
    return page_out(
        schemas.content.MySharePage,
        mine.page,
        lambda share: answer(
            schemas.content.MyShareOut,
            share,
            title=mine.titles.get(share.content_id),
            tracked_url=links.tracked_url(base, share.code),
        ),
    )


@router.get(
    "/me/points",
    operation_id="listMyPoints",
    summary="List my points",
    **list_rules(
        Role.MEMBER,
        "The caller's points ledger, newest first: one entry per `share`, rewarded `click`, contest "
        "`prize`, admin `adjustment`, `redemption` (negative), `refund` and `void` (negative: an "
        "earning of a share an admin voided, its `ref` naming the share and the entry), each with a "
        "`ref` naming what it was for. The balance and lifetime total are on `getMe`.",
        who=f"{OWN} ledger",
    ),
)
def my_points(limit: Limit = 20, cursor: Cursor = None) -> schemas.content.LedgerPage:
    caller = current_caller(router)
    page = sharing.my_points(caller.org_id, caller.member_id, limit, cursor)
    return page_out(schemas.content.LedgerPage, page, entry_out)
