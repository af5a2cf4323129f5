"""Shares and their short links. One transaction writes the share, its link, the ledger entry, the
balance and the content's share count; the share's key (member, content, network) makes a repeat or a
concurrent duplicate a no-op that returns the first share."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from advocacy.domain.errors import Conflict, Unavailable
from advocacy.store import analytics, ledger, paging
from advocacy.store.errors import failures
from advocacy.store.models import ContentModel, LedgerModel, LinkModel, MemberModel, ShareModel
from advocacy.store.tables import transaction

KEY_NAMES = {"org_id", "share_key"}
ATTEMPTS = 3


class CodeTaken(Exception):
    """The random short code already exists (about 1 in 2^72): draw another."""


def share_key(member_id: str, content_id: str, network: str) -> str:
    return f"{member_id}#{content_id}#{network}"


def find(org_id: str, key: str) -> ShareModel | None:
    try:
        return ShareModel.get(org_id, key, consistent_read=True)
    except DoesNotExist:
        return None


def create(
    share: ShareModel, link: LinkModel, award: LedgerModel, boards: list[str], day: str, reach: int
) -> tuple[ShareModel, bool]:
    """Write the share and everything it causes, once: the link, the content's count, the ledger entry,
    the balance, the member's share count, the scores on `boards` and the analytics of `day` (with
    the sharer's followers on that network as `reach`).

    Returns (the share, whether this call made it).
    """
    for attempt in range(ATTEMPTS):
        try:
            with transaction() as tx:
                tx.save(share, condition=ShareModel.share_key.does_not_exist())
                tx.save(link, condition=LinkModel.code.does_not_exist())
                tx.update(
                    ContentModel(org_id=share.org_id, content_id=share.content_id),
                    actions=[ContentModel.stats_shares.add(1)],
                    condition=ContentModel.status == "published",
                )
                ledger.add_award(
                    tx, award, share.org_id, share.member_id, boards, [MemberModel.shares_count.add(1)]
                )
                analytics.count_share(tx, link, day, reach)
            return share, True
        except TransactWriteError as exc:
            failed = failures(tx, exc)
            taken = [f for f in failed if f.reason == "ConditionalCheckFailed"]
            if any(f.on(ShareModel) for f in taken):
                existing = find(share.org_id, share.share_key)
                if existing is not None:
                    return existing, False
            if any(f.on(LinkModel) for f in taken):
                raise CodeTaken() from exc
            if any(f.on(ContentModel) and f.reason == "ConditionalCheckFailed" for f in failed):
                raise Conflict("This content is no longer published.") from exc
            if any(f.reason == "TransactionConflict" for f in failed):
                if attempt + 1 < ATTEMPTS:
                    time.sleep(0.05 * (attempt + 1))  # an identical share is committing right now
                    continue
                existing = find(share.org_id, share.share_key)
                if existing is not None:
                    return existing, False
                raise Unavailable() from exc
            raise
    raise Unavailable()


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
    result = ShareModel.query(
        org_id,
        ShareModel.share_key.startswith(f"{member_id}#"),
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
        last_evaluated_key=paging.decode(cursor, org_id, KEY_NAMES, prefixes={"share_key": f"{member_id}#"}),
    )
    return paging.collect(result)
