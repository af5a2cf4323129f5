"""Member suggestions: one item each in the suggestions table, listed per member (`by_member`) and, while
pending, in the org's queue (`queue`, a sparse index: the decision removes `queue_org`).

Accepting is one transaction: the suggestion leaves `pending` (its condition), the draft content is
written under a new id, and the member's ledger entry and balance move with them, so the points are
earned exactly once however many managers accept at the same time. What a failed condition means to
the caller is services.suggestions' to say.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.update import Action

from advocacy.store import content_items, ledger, paging
from advocacy.store.errors import CONDITION_FAILED, get_or_none, put_new, update_if
from advocacy.store.models import ContentModel, LedgerModel, MemberModel, SuggestionModel
from advocacy.store.transactions import Cancelled, writing

KEY_NAMES = {"org_id", "suggestion_id"}


def member_key(org_id: str, member_id: str) -> str:
    return f"{org_id}#{member_id}"


def create(item: SuggestionModel) -> SuggestionModel:
    """Put a new suggestion; a fresh id that exists is this operation's own earlier write, retried
    after its answer was lost: that one is returned."""
    if not put_new(item):
        existing = find(item.org_id, item.suggestion_id)
        assert existing is not None  # put_new found it
        return existing
    return item


def find(org_id: str, suggestion_id: str) -> SuggestionModel | None:
    return get_or_none(SuggestionModel, org_id, suggestion_id)


def queue(org_id: str, limit: int, cursor: str | None) -> paging.Page[SuggestionModel]:
    """The org's pending suggestions, newest first: exact pages, since decided ones leave the index."""
    start = paging.decode(cursor, org_id, KEY_NAMES | {"queue_org"}, fixed={"queue_org": org_id})
    result = SuggestionModel.queue.query(
        org_id, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
    )
    return paging.collect(result)


def member_page(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[SuggestionModel]:
    """One member's suggestions, newest first, whatever their status."""
    key = member_key(org_id, member_id)
    start = paging.decode(cursor, org_id, KEY_NAMES | {"member_key"}, fixed={"member_key": key})
    result = SuggestionModel.by_member.query(
        key, scan_index_forward=False, limit=limit, page_size=limit, last_evaluated_key=start
    )
    return paging.collect(result)


def _decision(status: str, manager_id: str, now: datetime) -> list[Action]:
    return [
        SuggestionModel.status.set(status),
        SuggestionModel.decided_by.set(manager_id),
        SuggestionModel.decided_at.set(now),
        SuggestionModel.queue_org.remove(),
    ]


def accept(
    suggestion: SuggestionModel, draft: ContentModel, entry: LedgerModel, boards: list[str], manager_id: str
) -> None:
    """pending -> accepted with the draft and the member's points in one transaction. Cancelled names
    what failed (`failed_parts`)."""
    actions = [
        *_decision("accepted", manager_id, draft.created_at),
        SuggestionModel.content_id.set(draft.content_id),
        SuggestionModel.points_awarded.set(int(entry.points)),
    ]
    with writing() as tx:
        tx.update(
            SuggestionModel(org_id=suggestion.org_id, suggestion_id=suggestion.suggestion_id),
            actions=actions,
            condition=SuggestionModel.status == "pending",
        )
        content_items.add_new(tx, draft)
        ledger.add_award(tx, entry, suggestion.org_id, suggestion.member_id, boards)


def decline(suggestion: SuggestionModel, manager_id: str, note: str, now: datetime) -> bool:
    """pending -> declined with the manager's note; False when it was not pending any more."""
    actions = [*_decision("declined", manager_id, now), SuggestionModel.decision_note.set(note)]
    return update_if(suggestion, actions, SuggestionModel.status == "pending")


def failed_parts(exc: Cancelled) -> set[str]:
    """Which parts of an acceptance failed their condition: `suggestion`, `content`, `entry` or `member`."""
    parts = {
        SuggestionModel: "suggestion",
        ContentModel: "content",
        LedgerModel: "entry",
        MemberModel: "member",
    }
    return {
        name
        for failure in exc.failures
        if failure.reason == CONDITION_FAILED
        for model, name in parts.items()
        if failure.on(model)
    }
