"""Auto-share preferences, auto-posts, the daily cap's counters and the org's counts (keys in
store.autoshare_model).

An auto-post is planned in one transaction with its day's counter: the post only if its key is new
(a plan run again, or two runs racing, write it once), the counter only while under the cap. The
cancellation says which: planned already, or that day is full (try the next)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from advocacy.domain.autoshare import DISPATCHED, QUEUED
from advocacy.domain.times import key_time
from advocacy.store import paging
from advocacy.store.autoshare_model import AutoCountModel, AutoPostModel, AutoShareModel, DayCapModel
from advocacy.store.errors import get_or_none, update_if
from advocacy.store.transactions import Cancelled, writing

PREFS, POST, CAP, COUNT = "AUTO#", "AP#", "CAP#", "STATS#AUTO#"
QUEUE = "QUEUED"
CAP_DAYS_KEPT = 8


def prefs_key(member_id: str) -> str:
    return f"{PREFS}{member_id}"


def post_key(member_id: str, content_id: str, network: str) -> str:
    return f"{POST}{member_id}#{content_id}#{network}"


def find_prefs(org_id: str, member_id: str) -> AutoShareModel | None:
    return get_or_none(AutoShareModel, org_id, prefs_key(member_id))


def save_prefs(prefs: AutoShareModel) -> None:
    """The member's preferences, replaced whole (a PUT)."""
    prefs.save()


def all_prefs(org_id: str) -> Iterator[AutoShareModel]:
    """Every member's preferences in the org, on or off (one query: a few hundred bytes each)."""
    return AutoShareModel.query(org_id, AutoShareModel.sk.startswith(PREFS))


class DayFull(Exception):
    """The member's cap for that day is reached."""


def plan(post: AutoPostModel, cap: int, now: datetime) -> bool:
    """Write a queued auto-post counted against its day; False when it was planned already.
    DayFull when that day has `cap` posts planned."""
    post.queue_pk, post.queue_at = QUEUE, f"{key_time(post.due_at)}#{post.org_id}#{post.sk}"
    counter = DayCapModel(post.org_id, f"{CAP}{post.member_id}#{post.network}#{post.day}")
    try:
        with writing() as tx:
            tx.save(post, condition=AutoPostModel.sk.does_not_exist())
            tx.update(
                counter,
                actions=[
                    DayCapModel.planned.add(1),
                    DayCapModel.expires.set(now + timedelta(days=CAP_DAYS_KEPT)),
                ],
                condition=DayCapModel.planned.does_not_exist() | (DayCapModel.planned < cap),
            )
    except Cancelled as exc:
        if exc.condition_failed(AutoPostModel, POST):
            return False
        if exc.condition_failed(DayCapModel, CAP):
            raise DayFull() from exc
        raise
    return True


def due(now: datetime, limit: int) -> list[AutoPostModel]:
    """Queued auto-posts whose moment has come, across orgs, oldest first (at most `limit`)."""
    found = AutoPostModel.queue.query(
        QUEUE, AutoPostModel.queue_at < key_time(now) + "~", limit=limit, page_size=limit
    )
    return list(found)


def dispatched(post: AutoPostModel, now: datetime) -> bool:
    """Handed to the poster's queue: out of the queue index (False if it had moved on already)."""
    return update_if(
        post,
        [
            AutoPostModel.state.set(DISPATCHED),
            AutoPostModel.queue_pk.remove(),
            AutoPostModel.queue_at.remove(),
            AutoPostModel.updated_at.set(now),
        ],
        AutoPostModel.state == QUEUED,
    )


def find_post(org_id: str, sk: str) -> AutoPostModel | None:
    return get_or_none(AutoPostModel, org_id, sk)


def settle(post: AutoPostModel, state: str, now: datetime, **marks: str | None) -> bool:
    """Move an auto-post to a final `state` with its marks (reason, post id and URL, share id), once:
    False when it was final already (a redelivered message), so the org's counts move once too."""
    attributes = AutoPostModel.get_attributes()
    actions = [AutoPostModel.state.set(state), AutoPostModel.updated_at.set(now)]
    actions += [attributes[name].set(value) for name, value in marks.items() if value is not None]
    moved = update_if(
        post, actions, AutoPostModel.state.is_in(QUEUED, DISPATCHED) & AutoPostModel.sk.exists()
    )
    if moved:
        kind = marks.get("reason") if state != "posted" else post.network
        bump(post.org_id, f"{state}#{kind or 'unknown'}")
    return moved


def bump(org_id: str, name: str) -> None:
    AutoCountModel(org_id, f"{COUNT}{name}").update(actions=[AutoCountModel.total.add(1)])


def counts(org_id: str) -> dict[str, int]:
    """`<state>#<network or reason>` -> how many (one query over a handful of items)."""
    return {
        item.sk[len(COUNT) :]: int(item.total)
        for item in AutoCountModel.query(org_id, AutoCountModel.sk.startswith(COUNT))
    }


def posts_of(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[AutoPostModel]:
    """The member's auto-posts (by content id: newest content first)."""
    return paging.org_page(
        AutoPostModel, org_id, limit, cursor, prefix=f"{POST}{member_id}#", newest_first=True
    )
