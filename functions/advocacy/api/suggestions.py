"""Member suggestions: members propose links; managers accept them as drafts or decline them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import OWN, THEMSELVES, Router, creates, decision_rules, list_rules, rules
from advocacy.api.error_docs import A_FIELD, invalid
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import suggestions

if TYPE_CHECKING:
    from advocacy.store.models import SuggestionModel

router = Router("suggestions")

SuggestionId = PathId
UNKNOWN = "no such suggestion in the caller's org"


def suggestion_out(item: SuggestionModel) -> schemas.suggestions.SuggestionOut:
    return answer(schemas.suggestions.SuggestionOut, item)


@router.post(
    "/suggestions",
    status_code=201,
    operation_id="createSuggestion",
    summary="Suggest content",
    **rules(
        Role.MEMBER,
        "Proposes a link for the org's content, with an optional title and a note saying why it is worth "
        "sharing. It waits, `pending`, until a manager accepts it (a draft is made from it and the member "
        "earns the org's `suggestion_accepted` points) or declines it with a note.",
        who=THEMSELVES,
        limits="`url` an absolute http(s) URL of at most 2,048 characters (as content's `url`); `title` 1 "
        "to 200 characters; `note` at most 2,000",
        idempotency=creates("suggestion"),
        errors=[invalid(A_FIELD, "a `url` that is not http(s)")],
    ),
)
def create_suggestion(
    body: Annotated[schemas.suggestions.SuggestionCreate, Body()],
) -> schemas.suggestions.SuggestionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    item = suggestions.suggest(caller.org_id, caller.member, body.url, body.title, body.note, now)
    metrics.add_metric(name="ContentSuggested", unit=MetricUnit.Count, value=1)
    return suggestion_out(item)


@router.get(
    "/me/suggestions",
    operation_id="listMySuggestions",
    summary="List my suggestions",
    **list_rules(
        Role.MEMBER,
        "The caller's suggestions, newest first, each with how it ended: `pending`, `accepted` (with the "
        "draft's `content_id` and the points earned) or `declined` (with the manager's note).",
        who=OWN,
    ),
)
def my_suggestions(limit: Limit = 20, cursor: Cursor = None) -> schemas.suggestions.SuggestionPage:
    caller = current_caller(router)
    page = suggestions.mine(caller.org_id, caller.member_id, limit, cursor)
    return page_out(schemas.suggestions.SuggestionPage, page, suggestion_out)


@router.get(
    "/suggestions",
    operation_id="listSuggestions",
    summary="List pending suggestions",
    **list_rules(
        Role.MANAGER,
        "The org's pending suggestions, newest first: the queue a manager decides. A decided suggestion "
        "leaves it.",
    ),
)
def list_suggestions(limit: Limit = 20, cursor: Cursor = None) -> schemas.suggestions.SuggestionPage:
    caller = current_caller(router)
    page = suggestions.pending(caller.org_id, limit, cursor)
    return page_out(schemas.suggestions.SuggestionPage, page, suggestion_out)


@router.post(
    "/suggestions/<suggestion_id>/accept",
    operation_id="acceptSuggestion",
    summary="Accept a suggestion",
    **decision_rules(
        Role.MANAGER,
        "Accepts a pending suggestion: a `draft` content item is made with its title (the link when it "
        "had none), link and note (as the body), credited to the member (`suggested_by`), who earns the "
        "org's `suggestion_accepted` points (a `suggestion` ledger entry), all in one step. Answers the "
        "suggestion with the draft's `content_id`. Takes no body.",
        UNKNOWN,
        once=" and awards once",
    ),
)
def accept_suggestion(suggestion_id: SuggestionId) -> schemas.suggestions.SuggestionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    item = suggestions.accept(caller.org_id, suggestion_id, caller.member_id, now)
    metrics.add_metric(name="SuggestionAccepted", unit=MetricUnit.Count, value=1)
    return suggestion_out(item)


@router.post(
    "/suggestions/<suggestion_id>/decline",
    operation_id="declineSuggestion",
    summary="Decline a suggestion",
    **decision_rules(
        Role.MANAGER,
        "Declines a pending suggestion with a `note` the member reads beside it.",
        UNKNOWN,
        note="`note` 1 to 1,000 characters",
    ),
)
def decline_suggestion(
    suggestion_id: SuggestionId, body: Annotated[schemas.suggestions.SuggestionDecline, Body()]
) -> schemas.suggestions.SuggestionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return suggestion_out(suggestions.decline(caller.org_id, suggestion_id, caller.member_id, body.note, now))
