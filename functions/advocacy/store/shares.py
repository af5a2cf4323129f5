"""Shares and their short links. One transaction writes the share, its link, the ledger entry, the
balance and the content's share count; the share's key (member, content, network) makes a repeat or a
concurrent duplicate fail its condition (services.sharing then answers with the first share)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DeleteError

from advocacy.store import content_stats, ledger, paging, rollups
from advocacy.store.errors import condition_failed, get_or_none, put_new, update_if
from advocacy.store.models import (
    LedgerModel,
    LinkModel,
    MemberModel,
    PostAttemptModel,
    ShareModel,
)
from advocacy.store.transactions import writing

ATTEMPTS = 3


def share_key(member_id: str, content_id: str, network: str) -> str:
    return f"{member_id}#{content_id}#{network}"


def find(org_id: str, key: str) -> ShareModel | None:
    return get_or_none(ShareModel, org_id, key)


def create(
    share: ShareModel,
    link: LinkModel,
    award: LedgerModel,
    boards: list[str],
    day: str,
    reach: int,
    personalised: bool = False,
    verified: bool = False,
) -> None:
    """Write the share and everything it causes, once: the link, the content's count, the ledger entry,
    the balance, the member's share count and last activity (in the update of the member the award
    makes anyway: no item more) and the scores on `boards`. The share carries what the rollup job counts
    for the analytics of `day` (decision 91: the sharer's followers on that network as `reach`, whether
    a connected account `verified` them, whether it was `personalised` or posted, the sharer's groups)
    and the day the rollup job counts it on (`rollup_day`). Cancelled says what was there already: the share (a
    repeat), the link (its code is taken) or the content no longer published."""
    share.groups = set(link.groups or ()) or None
    share.reach, share.reach_verified, share.personalised = reach, verified or None, personalised
    share.posted = share.post_id is not None or None
    share.rollup_day = rollups.day_shard(share.org_id, day, share.share_id)
    with writing() as tx:
        tx.save(share, condition=ShareModel.share_key.does_not_exist())
        tx.save(link, condition=LinkModel.code.does_not_exist())
        content_stats.count_share(tx, share.org_id, share.content_id)
        member = [MemberModel.shares_count.add(1), MemberModel.last_active_at.set(share.created_at)]
        ledger.add_award(tx, award, share.org_id, share.member_id, boards, member)


def text_of(share: ShareModel) -> str | None:
    """The text a share went out with: on its link (on the share itself for shares made before)."""
    if share.message is not None:
        return share.message
    link = get_or_none(LinkModel, share.code, consistent=False)
    return link.message if link is not None else None


def attempt_key(member_id: str, content_id: str, network: str) -> str:
    return f"post#{share_key(member_id, content_id, network)}"


def claim_attempt(attempt: PostAttemptModel) -> bool:
    """Record a post about to be sent; False when one for the same share is there already."""
    return put_new(attempt)


def find_attempt(org_id: str, key: str) -> PostAttemptModel | None:
    return get_or_none(PostAttemptModel, org_id, key)


def unconfirmed(attempt: PostAttemptModel) -> None:
    """No answer came back: the attempt stays, so the same share is never sent again (decision 73)."""
    update_if(
        attempt,
        [PostAttemptModel.state.set("unconfirmed")],
        PostAttemptModel.attempt_id == attempt.attempt_id,
    )


def posted(attempt: PostAttemptModel, post_id: str, post_url: str) -> None:
    """The network accepted the post but the share could not be written: a retry writes it from here."""
    update_if(
        attempt,
        [
            PostAttemptModel.state.set("posted"),
            PostAttemptModel.post_id.set(post_id),
            PostAttemptModel.post_url.set(post_url),
        ],
        PostAttemptModel.attempt_id == attempt.attempt_id,
    )


def drop_attempt(attempt: PostAttemptModel) -> None:
    """The provider published nothing, or the share is recorded: the attempt is over."""
    try:
        attempt.delete(condition=PostAttemptModel.attempt_id == attempt.attempt_id)
    except DeleteError as exc:
        if not condition_failed(exc):
            raise


def attach_post(share: ShareModel, post_id: str, post_url: str) -> None:
    """A share made another way in the meantime carries the post too (never a second award)."""
    update_if(
        share,
        [ShareModel.post_id.set(post_id), ShareModel.post_url.set(post_url)],
        ShareModel.post_id.does_not_exist(),
    )


def reads_for_contents(
    org_id: str, member_id: str, content_ids: Iterable[str], networks: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for the member's shares of these contents (for `authorize_with`)."""
    keys = [
        {"org_id": {"S": org_id}, "share_key": {"S": share_key(member_id, c, n)}}
        for c in content_ids
        for n in networks
    ]
    return {ShareModel.Meta.table_name: {"Keys": keys}} if keys else {}


def from_reads(found: dict[str, list[dict[str, Any]]]) -> list[ShareModel]:
    return [ShareModel.from_raw_data(item) for item in found.get(ShareModel.Meta.table_name, [])]


def list_page(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[ShareModel]:
    """The member's shares, newest content first (content ids sort by creation time)."""
    return paging.org_page(ShareModel, org_id, limit, cursor, prefix=f"{member_id}#", newest_first=True)
