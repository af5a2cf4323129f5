"""The member's side of content: the feed, one-tap shares with their tracked links, the member's
shares and points."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from advocacy.domain import content as rules
from advocacy.domain import links, own_words
from advocacy.domain.clicks import day_key
from advocacy.domain.errors import Conflict, FieldIssue, NotFound, Unavailable, ValidationFailed
from advocacy.domain.ids import derived_id
from advocacy.domain.networks import NETWORKS
from advocacy.domain.orgs import counted_followers, point_rule
from advocacy.services import Admit, found
from advocacy.store import content_items, content_stats, ledger, paging, shares
from advocacy.store.boards import award_boards
from advocacy.store.content_stats_model import ContentStatsModel
from advocacy.store.models import (
    ContentModel,
    LedgerModel,
    LinkModel,
    MemberModel,
    OrgModel,
    ShareModel,
    plain,
)
from advocacy.store.transactions import Cancelled, Retry, retrying

ATTEMPTS = 3  # enough for a taken short code (about 1 in 2^72) or an identical share committing now


@dataclass
class FeedEntry:
    item: ContentModel
    shares: dict[str, ShareModel] = field(default_factory=dict)  # the caller's, by network


@dataclass
class Shared:
    share: ShareModel
    item: ContentModel
    created: bool  # False: shared to this network before, nothing more awarded
    bonus: int = 0  # the personalised bonus in the points this share earned (decision 68)
    message: str | None = None  # the text it went out with (its link keeps it: `shared`)


def shared(made: ShareModel, ready: Prepared, created: bool) -> Shared:
    """The answer to a share: a new one went out with the text just checked; an earlier one with the
    text its link kept (one read, on a repeat only)."""
    text = ready.text if created else shares.text_of(made)
    return Shared(made, ready.item, created, ready.bonus if created else 0, text)


def check_visible(item: ContentModel, member_groups: set[str], now: datetime) -> None:
    """Content a member may act on: published, unexpired and targeted at them; anything else is 404/409."""
    status = rules.effective_status(item.status, item.publish_at, item.expires_at, now)
    if status not in {"published", "expired"} or not rules.is_visible_to(
        set(item.groups or ()), member_groups
    ):
        raise NotFound("content not found")
    if status == "expired":
        raise Conflict("This content has expired.")


def feed(
    org_id: str, member_id: str, now: datetime, limit: int, cursor: str | None, admit: Admit
) -> paging.Page[FeedEntry]:
    """Published, unexpired content for the caller's groups, newest first, with the caller's shares.

    Two round trips: the feed page, then the caller's member record with its shares of that page and
    the page's counters (one BatchGetItem up to its 100 keys: a page of up to 19 items whatever their
    networks; a longer one takes a second).
    """
    page = content_items.feed_page(org_id, None, now, limit, cursor)
    ids = [i.content_id for i in page.items]
    reads = {
        **shares.reads_for_contents(org_id, member_id, ids, NETWORKS),
        **content_stats.reads(org_id, ids),
    }
    member, found = admit(reads)
    content_stats.with_stats(page.items, found)
    groups = set(member.groups or ())
    mine: dict[str, dict[str, ShareModel]] = {}
    for share in shares.from_reads(found):
        mine.setdefault(share.content_id, {})[share.network] = share
    entries = [
        FeedEntry(item, mine.get(item.content_id, {}))
        for item in page.items
        if rules.is_visible_to(set(item.groups or ()), groups)
    ]
    return paging.Page(entries, page.next_cursor)


def share(member: MemberModel, content_id: str, network: str, message: str | None, now: datetime) -> Shared:
    """Share once per network: a repeat (even a concurrent one) returns the first share, unchanged.

    No read of an earlier share: the transaction's condition on the share's key finds a repeat.
    """
    ready = prepare(member, content_id, network, message, now)
    made, created = write_share(member, ready, now)
    return shared(made, ready, created)


@dataclass(frozen=True)
class Prepared:
    """A share checked and ready to write: the text as it will go out and how it is rewarded."""

    item: ContentModel
    org: OrgModel
    network: str
    text: str | None
    words: own_words.Comparison
    bonus: int
    verified_followers: int | None = None  # what the member's connected account reports (decision 84)


def prepare(
    member: MemberModel, content_id: str, network: str, message: str | None, now: datetime
) -> Prepared:
    """The checks every share passes (visible content, an offered network, the text rules of the content
    and the network) and its own-words measure; the same for an intent and a post through an account."""
    found_item, found_org, verified = content_items.find_for_share(
        member.org_id, content_id, member.member_id, network
    )
    item, org = found(found_item, "content"), found(found_org, "org")
    check_visible(item, set(member.groups or ()), now)
    if item.networks and network not in item.networks:
        raise ValidationFailed(
            "This content is not shared to that network.", [FieldIssue("network", "not offered")]
        )
    suggested = plain(item.messages).get(network)
    if message is not None and item.text_editable is False and message.strip() != (suggested or "").strip():
        raise ValidationFailed(
            "This content is shared with its suggested text only.",
            [FieldIssue("message", "must be the suggested text: this content's text is not editable")],
        )
    text = message if message is not None else suggested
    issues = rules.message_issues({network: text}) if text is not None else []
    if issues:
        raise ValidationFailed(
            "The message cannot be posted.", [FieldIssue("message", i.message) for i in issues]
        )
    words = own_words.compare(suggested, text or "")
    bonus = own_words.personalised_bonus(plain(org.point_rules)) if words.personalised else 0
    return Prepared(item, org, network, text, words, bonus, verified)


def write_share(
    member: MemberModel,
    ready: Prepared,
    now: datetime,
    code: str | None = None,
    post: tuple[str, str] | None = None,
) -> tuple[ShareModel, bool]:
    """Points from the content's own `points`, else the org's share rule, plus `bonus` in the same
    ledger entry (no item more); reach from the sharer's followers on that network: those their connected
    account reports, else their own count bounded by the org's `follower_limits`. Each attempt draws
    a new short code, unless `code` is already in a posted text; `post` is the provider's post id and
    URL when it was posted through the member's account."""
    item, org, network = ready.item, ready.org, ready.network
    message, words, bonus = ready.text, ready.words, ready.bonus
    org_id, member_id = member.org_id, member.member_id
    rule = point_rule(plain(org.point_rules), "share")
    points = (int(item.points) if item.points is not None else rule) + bonus
    share_id = derived_id(org_id, member_id, item.content_id, network)
    key = shares.share_key(member_id, item.content_id, network)
    award = ledger.entry(
        org_id,
        member_id,
        derived_id("share", share_id),
        "share",
        points,
        now,
        {"content_id": item.content_id, "share_id": share_id, "network": network}
        | ({"personalised_bonus": str(bonus)} if bonus else {}),
    )
    boards = award_boards(org, now)
    declared = int((plain(member.networks).get(network) or {}).get("followers") or 0)
    reach, verified = counted_followers(
        declared, ready.verified_followers, plain(org.follower_limits), network
    )
    day = day_key(now, org.timezone)

    def attempt() -> tuple[ShareModel, bool]:
        # What the share and its link both carry: the link is read alone by the redirect.
        both: dict[str, Any] = {"org_id": org_id, "share_id": share_id, "member_id": member_id, "content_id": item.content_id,
                "network": network, "code": code or links.new_code()}  # fmt: skip
        posted: dict[str, Any] = {"post_id": post[0], "post_url": post[1]} if post else {}
        made = ShareModel(share_key=key, points_awarded=points, created_at=now,
                          similarity=round(words.similarity, 4), personalised=words.personalised, **both, **posted)  # fmt: skip
        link = LinkModel(
            url=links.with_utm(item.url, network, item.content_id), groups=set(member.groups or ()),
            message=message, **both,
        )  # fmt: skip
        try:
            shares.create(made, link, award, boards, day, reach, words.personalised, verified)
        except Cancelled as exc:
            if exc.condition_failed(ShareModel) and (existing := shares.find(org_id, key)) is not None:
                return existing, False
            if exc.condition_failed(LinkModel) and code is None:
                raise Retry() from exc  # the short code is taken: draw another
            if exc.condition_failed(ContentStatsModel):
                raise Conflict("This content is no longer published.") from exc
            raise  # a conflict (an identical share committing right now) is retried
        return made, True

    try:
        return retrying(attempt, attempts=ATTEMPTS)
    except Unavailable:
        existing = shares.find(org_id, key)  # the conflicting share may have committed meanwhile
        if existing is None:
            raise
        return existing, False


@dataclass(frozen=True)
class MyShares:
    page: paging.Page[ShareModel]
    titles: dict[str, str]  # content id -> title; deleted content is missing


def my_shares(org_id: str, member_id: str, limit: int, cursor: str | None, titles: bool = False) -> MyShares:
    """The member's shares, newest content first; with `titles`, their contents' titles too (a share
    keeps only the content's id, and a title can change): one BatchGetItem more a page, asked for only
    where titles are shown, since content items are read whole (up to 20,000 characters of body)."""
    page = shares.list_page(org_id, member_id, limit, cursor)
    named = content_items.titles(org_id, (share.content_id for share in page.items)) if titles else {}
    return MyShares(page, named)


def my_points(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[LedgerModel]:
    """The member's ledger, newest first."""
    return ledger.list_page(org_id, member_id, limit, cursor)
