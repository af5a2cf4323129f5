"""Member suggestions: a member proposes a link, a manager accepts it (a prefilled draft, and points for
the member, once) or declines it with a note, and the member sees how each ended.

Decisions follow redemptions' (services.rewards): a suggestion is decided once; a second decision is a
409, except this request's own write retried after its answer was lost, which answers what it did.
"""

from __future__ import annotations

from datetime import datetime

from advocacy.domain import content as content_rules
from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.domain.ids import derived_id
from advocacy.domain.orgs import point_rule
from advocacy.services import found
from advocacy.services.members import get_org
from advocacy.store import ledger, paging
from advocacy.store import suggestion_records as records
from advocacy.store.boards import award_boards
from advocacy.store.models import ContentModel, MemberModel, SuggestionModel, plain
from advocacy.store.operation import sortable_id
from advocacy.store.transactions import Cancelled, retrying

TITLE_LENGTH = 200  # a draft's title when the member gave none: the link, cut to a title's length


def suggest(
    org_id: str, member: MemberModel, url: str, title: str | None, note: str | None, now: datetime
) -> SuggestionModel:
    """A pending suggestion of `url`, validated as content URLs are (a 422 names `url`)."""
    if not content_rules.is_http_url(url):
        raise ValidationFailed(
            "Some fields are not valid.", [FieldIssue("url", "must be an absolute http(s) URL")]
        )
    member_id = member.member_id
    item = SuggestionModel(
        org_id=org_id,
        suggestion_id=sortable_id(now),
        member_id=member_id,
        member_name=member.name,
        url=url,
        title=title or None,
        note=note or None,
        status="pending",
        created_at=now,
        member_key=records.member_key(org_id, member_id),
        queue_org=org_id,
    )
    return records.create(item)


def mine(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[SuggestionModel]:
    return records.member_page(org_id, member_id, limit, cursor)


def pending(org_id: str, limit: int, cursor: str | None) -> paging.Page[SuggestionModel]:
    return records.queue(org_id, limit, cursor)


def accept(org_id: str, suggestion_id: str, manager_id: str, now: datetime) -> SuggestionModel:
    """pending -> accepted: a draft with the suggestion's title, link and note, credited to the member
    (`suggested_by`), and the org's `suggestion_accepted` points for them, in one transaction."""
    content_id = sortable_id(now)  # one id for every attempt: a failed attempt wrote nothing

    def attempt() -> SuggestionModel:
        item = _suggestion(org_id, suggestion_id)
        if item.status != "pending":
            return _ours_or_conflict(org_id, suggestion_id, "accepted", manager_id, now)
        org = get_org(org_id)
        member_id = str(item.member_id)
        draft = ContentModel(
            org_id=org_id,
            content_id=content_id,
            title=item.title or str(item.url)[:TITLE_LENGTH],
            body=item.note or "",
            url=item.url,
            status="draft",
            created_by=manager_id,
            suggested_by=member_id,
            created_at=now,
            updated_at=now,
        )
        entry = ledger.entry(
            org_id,
            member_id,
            derived_id("suggestion", org_id, suggestion_id),
            "suggestion",
            point_rule(plain(org.point_rules), "suggestion_accepted"),
            now,
            {"suggestion_id": suggestion_id, "content_id": content_id},
        )
        try:
            records.accept(item, draft, entry, award_boards(org, now), manager_id)
        except Cancelled as exc:
            if "suggestion" in records.failed_parts(exc):
                return _ours_or_conflict(org_id, suggestion_id, "accepted", manager_id, now)
            raise
        return _suggestion(org_id, suggestion_id)

    return retrying(attempt)


def decline(org_id: str, suggestion_id: str, manager_id: str, note: str, now: datetime) -> SuggestionModel:
    """pending -> declined, with the manager's note for the member."""
    item = _suggestion(org_id, suggestion_id)
    if not records.decline(item, manager_id, note, now):
        return _ours_or_conflict(org_id, suggestion_id, "declined", manager_id, now)
    return _suggestion(org_id, suggestion_id)


def _suggestion(org_id: str, suggestion_id: str) -> SuggestionModel:
    return found(records.find(org_id, suggestion_id), "suggestion")


def _ours_or_conflict(
    org_id: str, suggestion_id: str, status: str, manager_id: str, now: datetime
) -> SuggestionModel:
    """The decision's condition failed. If the suggestion carries exactly this decision (status,
    manager and request time), it is this request's own write, retried after its answer was lost;
    otherwise it was decided already: 409."""
    current = _suggestion(org_id, suggestion_id)
    if current.status == status and current.decided_by == manager_id and current.decided_at == now:
        return current
    raise Conflict(f"This suggestion has already been {current.status}.")
