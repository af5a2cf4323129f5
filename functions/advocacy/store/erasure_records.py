"""Erasing a departed member's personal data (decision 86), one idempotent write per item.

Each function changes only what still names the member, on the condition that it still does, so a
retried erasure finds its earlier writes done and moves on. The member's opaque id stays where it keys
points (ledger, scores, shares, links): it names no one once the profile and the sign-in user are gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.expressions.condition import Condition

from advocacy.domain.roles import Status
from advocacy.store.boards import LIVE
from advocacy.store.errors import update_if
from advocacy.store.models import (
    BoardModel,
    ContestModel,
    LinkModel,
    LiveBoardsModel,
    MemberModel,
    ShareModel,
    SuggestionModel,
)
from advocacy.store.post_attempt_model import PostAttemptModel
from advocacy.store.suggestion_records import member_key

FORMER_MEMBER = "Former member"


class NotDeactivated(Exception):
    """Only a deactivated member may be erased (an admin deactivates them first)."""


def start(member: MemberModel, now: datetime) -> None:
    """Mark the erasure under way and drop the profile (name, network handles and followers, digest, language):
    from here on the member cannot be edited or reactivated. A repeat changes nothing more."""
    if member.erasure_started_at is not None:
        return
    condition = (
        MemberModel.status == Status.DEACTIVATED.value
    ) & MemberModel.erasure_started_at.does_not_exist()
    actions = [
        MemberModel.erasure_started_at.set(now),
        MemberModel.name.set(FORMER_MEMBER),
        MemberModel.networks.set({}),
        MemberModel.digest.set("off"),
        MemberModel.language.remove(),
        MemberModel.rev.add(1),  # a concurrent edit read before this fails and is retried
        MemberModel.updated_at.set(now),
    ]
    if not update_if(member, actions, condition):
        raise NotDeactivated(member.member_id)


def finish(member: MemberModel, now: datetime) -> None:
    """The last step, once the sign-in user is gone: the email goes and the member reads as erased."""
    update_if(
        member,
        [MemberModel.email.set(""), MemberModel.erased_at.set(now), MemberModel.updated_at.set(now)],
        MemberModel.erased_at.does_not_exist(),
    )


def _entry_of(member_id: str) -> dict[str, str]:
    """How a list of `{member_id, name, ...}` entries written as compact JSON names the member, as a
    value already serialized (the JSON attribute would otherwise quote it as a JSON string)."""
    return {"S": f'"member_id":"{member_id}"'}


def _renamed(entries: list[dict[str, Any]], member_id: str) -> list[dict[str, Any]]:
    return [{**e, "name": FORMER_MEMBER} if e.get("member_id") == member_id else e for e in entries]


def _names(entries: list[dict[str, Any]] | None, member_id: str) -> bool:
    return any(e.get("member_id") == member_id and e.get("name") != FORMER_MEMBER for e in entries or ())


def rename_in_boards(org_id: str, member_id: str) -> int:
    """Leaderboard snapshots naming the member (past periods keep theirs) now say "Former member".
    Returns the snapshots that moved since read (the job rewrote them): the caller reads again."""
    moved = 0
    # The entries are compressed (decision 101), so the filter cannot look inside them: every board is
    # read (as a `contains` filter would have read it: a filter saves no read units) and checked here.
    for board in BoardModel.query(org_id, filter_condition=BoardModel.entries.exists()):
        if not _names(board.entries, member_id):
            continue
        condition: Condition = BoardModel.generated_at == board.generated_at  # the job did not rewrite it
        if not update_if(board, [BoardModel.entries.set(_renamed(board.entries, member_id))], condition):
            moved += 1
    return moved + _rename_in_live_boards(org_id, member_id)


def _rename_in_live_boards(org_id: str, member_id: str) -> int:
    """The same in each scope's live boards (one item per scope, decision 102)."""
    moved = 0
    for live in LiveBoardsModel.query(org_id, LiveBoardsModel.sk.startswith(LIVE)):
        boards = dict(live.boards or {})
        if not any(_names(board.get("entries"), member_id) for board in boards.values()):
            continue
        renamed = {
            p: {**board, "entries": _renamed(board["entries"], member_id)} for p, board in boards.items()
        }
        condition: Condition = LiveBoardsModel.generated_at == live.generated_at  # not rewritten since
        if not update_if(live, [LiveBoardsModel.boards.set(renamed)], condition):
            moved += 1
    return moved


def rename_in_contests(org_id: str, member_id: str) -> int:
    """Closed contests' final standings naming the member; returns those that moved since read."""
    moved = 0
    found = ContestModel.query(org_id, filter_condition=ContestModel.results.contains(_entry_of(member_id)))
    for contest in found:
        if not _names(contest.results, member_id):
            continue
        condition: Condition = ContestModel.results == contest.results
        if not update_if(
            contest, [ContestModel.results.set(_renamed(contest.results, member_id))], condition
        ):
            moved += 1
    return moved


def suggestions(org_id: str, member_id: str) -> Iterator[SuggestionModel]:
    return SuggestionModel.by_member.query(
        member_key(org_id, member_id), filter_condition=SuggestionModel.member_name != FORMER_MEMBER
    )


def unname_suggestion(suggestion: SuggestionModel) -> None:
    """The managers' queue and history say "Former member" instead of the name kept when suggesting."""
    update_if(
        suggestion,
        [SuggestionModel.member_name.set(FORMER_MEMBER)],
        SuggestionModel.suggestion_id.exists(),
    )


def posted_shares(org_id: str, member_id: str) -> Iterator[ShareModel]:
    """The member's shares: each may hold, on it or its link, their words or the address of their post."""
    return ShareModel.query(org_id, ShareModel.share_key.startswith(f"{member_id}#"))


def strip_share(share: ShareModel) -> None:
    """Keep the share (its code, points and clicks: the link still redirects, sums still add up) without
    the member's text (on its link, or on the share for shares made before) and post address."""
    update_if(
        share,
        [ShareModel.message.remove(), ShareModel.post_url.remove(), ShareModel.post_id.remove()],
        ShareModel.share_key.exists(),
    )
    update_if(LinkModel(code=share.code), [LinkModel.message.remove()], LinkModel.code.exists())


def post_attempts(org_id: str, member_id: str) -> Iterator[PostAttemptModel]:
    """Posts through the member's connected accounts left unconfirmed or unrecorded (with the post's
    address, once the network took it): the member who could finish them has left."""
    return PostAttemptModel.query(org_id, PostAttemptModel.share_key.startswith(f"post#{member_id}#"))


def drop_attempt(attempt: PostAttemptModel) -> None:
    """Gone whatever its state (a repeat finds nothing to delete)."""
    attempt.delete()
