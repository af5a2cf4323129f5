"""RSS and Atom feed sources of the caller's org (admin): the `feeds` job imports their new entries as
content (services/feeds.py)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import SAME_CHANGE, Router, creates, delete_rules, list_rules, read_rules, rules
from advocacy.api.error_docs import A_FIELD, CONCURRENT_CHANGE, conflict, invalid, not_found
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.services import feeds

router = Router("feeds")

SourceId = PathId
UNKNOWN = "no such feed source in the caller's org"
LIMITS = "`url` absolute http(s), at most 2,048 characters; at most 50 `groups`; `points` 0 to 100,000"
BAD_FIELDS = invalid(A_FIELD, "a URL that is not http(s)", "a group id naming no group of the org")


def source_out(source: Any) -> schemas.feeds.FeedSourceOut:
    return answer(
        schemas.feeds.FeedSourceOut,
        source,
        groups=sorted(source.groups or ()),
        imported=int(source.imported or 0),
        failures=int(source.failures or 0),
        points=None if source.points is None else int(source.points),
    )


@router.get(
    "/feed-sources",
    operation_id="listFeedSources",
    summary="List feed sources",
    **list_rules(
        Role.ADMIN,
        "The org's RSS and Atom sources in a stable order, each with its status: the last fetch, the "
        "last success, the last error, the entries imported, the failures in a row and, after "
        "repeated failures, when it is tried next.",
    ),
)
def list_sources(limit: Limit = 20, cursor: Cursor = None) -> schemas.feeds.FeedSourcePage:
    caller = current_caller(router)
    return page_out(schemas.feeds.FeedSourcePage, feeds.page(caller.org_id, limit, cursor), source_out)


@router.post(
    "/feed-sources",
    status_code=201,
    operation_id="createFeedSource",
    summary="Add a feed source",
    **rules(
        Role.ADMIN,
        "Adds an RSS or Atom source. The `feeds` job (every 15 minutes) fetches it and creates one piece "
        "of content per new entry (title, link, summary as the body, image), targeted at `groups`, "
        "with `points`, published at once when `publish` is true, else as a draft.",
        limits=LIMITS,
        idempotency=creates("feed source"),
        errors=[BAD_FIELDS],
    ),
)
def create_source(body: Annotated[schemas.feeds.FeedSourceCreate, Body()]) -> schemas.feeds.FeedSourceOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return source_out(feeds.create(caller.org_id, caller.member_id, body.model_dump(), now))


@router.get(
    "/feed-sources/<source_id>",
    operation_id="getFeedSource",
    summary="Read a feed source",
    **read_rules(Role.ADMIN, "One feed source of the org with its status.", UNKNOWN),
)
def get_source(source_id: SourceId) -> schemas.feeds.FeedSourceOut:
    caller = current_caller(router)
    return source_out(feeds.get(caller.org_id, source_id))


@router.patch(
    "/feed-sources/<source_id>",
    operation_id="updateFeedSource",
    summary="Edit a feed source",
    **rules(
        Role.ADMIN,
        "Changes the fields sent. A new `url` starts the source afresh (no failures, no backoff); the "
        "entries already imported stay imported.",
        limits=LIMITS,
        idempotency=SAME_CHANGE,
        errors=[not_found(UNKNOWN), conflict(CONCURRENT_CHANGE), BAD_FIELDS],
    ),
)
def update_source(
    source_id: SourceId, body: Annotated[schemas.feeds.FeedSourcePatch, Body()]
) -> schemas.feeds.FeedSourceOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    changes = body.model_dump(exclude_unset=True)
    return source_out(feeds.edit(caller.org_id, source_id, changes, now))


@router.delete(
    "/feed-sources/<source_id>",
    status_code=204,
    operation_id="deleteFeedSource",
    summary="Delete a feed source",
    **delete_rules(
        Role.ADMIN,
        "Deletes a feed source (204, no body); the content it imported stays.",
        "no such feed source",
    ),
)
def delete_source(source_id: SourceId) -> Response[None]:
    caller = current_caller(router)
    feeds.delete(caller.org_id, source_id)
    return Response(status_code=204)
