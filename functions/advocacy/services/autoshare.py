"""Auto-share: a member's preferences, and the two jobs that turn published content into posts.

`auto-share-plan` reads content gone live (the content table's sparse `plan` index), and gives each
opted-in member it reaches one queued auto-post per network at a moment inside their next window,
under their daily cap (decision 80). `auto-share-dispatch` sends the auto-posts whose moment has come
to the poster's queue (services.autopost posts them). Both are safe to run twice: an auto-post's key
is written once, and a dispatched one leaves the queue index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain import autoshare as rules
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.times import utc_text
from advocacy.observability import logger
from advocacy.services import connections
from advocacy.store import autoshare_queue, content_items, member_records, orgs, paging
from advocacy.store import autoshare_records as records
from advocacy.store.autoshare_model import AutoPostModel, AutoShareModel
from advocacy.store.models import ContentModel, MemberModel

DISPATCH_BATCH = 100
SAFETY_MS = 20_000  # stop taking new work when less is left of the invocation


@dataclass(frozen=True)
class Preferences:
    enabled: bool
    networks: tuple[str, ...]
    scope: str
    group_ids: tuple[str, ...]
    daily_cap: int
    window_start: str
    window_end: str
    updated_at: datetime | None = None


OFF = Preferences(False, (), "all", (), 1, "09:00", "17:00")


def _out(item: AutoShareModel | None) -> Preferences:
    if item is None:
        return OFF
    return Preferences(
        bool(item.enabled),
        tuple(n for n in rules.NETWORKS if n in (item.networks or set())),
        item.scope,
        tuple(sorted(item.group_ids or ())),
        int(item.daily_cap),
        item.window_start,
        item.window_end,
        item.updated_at,
    )


def preferences(org_id: str, member_id: str) -> Preferences:
    return _out(records.find_prefs(org_id, member_id))


def set_preferences(member: MemberModel, wanted: Preferences, now: datetime) -> Preferences:
    """Replace the member's preferences; 422 naming each field that cannot be kept."""
    issues: list[FieldIssue] = []
    window = rules.window_issue(wanted.window_start, wanted.window_end)
    if window:
        issues.append(FieldIssue("window", window))
    if not rules.CAP_MIN <= wanted.daily_cap <= rules.CAP_MAX:
        issues.append(FieldIssue("daily_cap", f"from {rules.CAP_MIN} to {rules.CAP_MAX}"))
    foreign = sorted(set(wanted.group_ids) - set(member.groups or ()))
    if foreign:
        issues.append(FieldIssue("group_ids", f"not a group of yours: {', '.join(foreign)}"))
    if wanted.scope == "groups" and not wanted.group_ids:
        issues.append(FieldIssue("group_ids", "choose at least one group, or the scope `all`"))
    if wanted.enabled:
        if not wanted.networks:
            issues.append(FieldIssue("networks", "choose at least one network to post to"))
        statuses = {s.network: s for s in connections.listing(member.org_id, member.member_id, now)}
        for network in wanted.networks:
            if not statuses[network].connected:
                issues.append(FieldIssue("networks", f"{network} is not connected: connect it first"))
    if issues:
        raise ValidationFailed("These auto-share preferences cannot be kept.", issues)
    item = AutoShareModel(
        member.org_id,
        records.prefs_key(member.member_id),
        member_id=member.member_id,
        enabled=int(wanted.enabled),
        networks=set(wanted.networks) or None,
        scope=wanted.scope,
        group_ids=set(wanted.group_ids) or None,
        daily_cap=wanted.daily_cap,
        window_start=wanted.window_start,
        window_end=wanted.window_end,
        updated_at=now,
    )
    records.save_prefs(item)
    return _out(item)


def my_posts(org_id: str, member_id: str, limit: int, cursor: str | None) -> paging.Page[AutoPostModel]:
    return records.posts_of(org_id, member_id, limit, cursor)


def counts(org_id: str) -> dict[str, dict[str, int]]:
    """Posts made through the API by network, and auto-posts that failed by reason (admins)."""
    found: dict[str, dict[str, int]] = {"posted": {}, "failed": {}, "needs_reconnect": {}}
    for name, count in records.counts(org_id).items():
        state, _, kind = name.partition("#")
        if state in found:
            found[state][kind] = count
    return found


# --- the plan job ---------------------------------------------------------------------------------


def _plan_one(item: ContentModel, prefs: AutoShareModel, zone: ZoneInfo, now: datetime, network: str) -> str:
    """One auto-post for (content, member, network): `planned`, `known` (planned before) or `full`."""
    window = rules.Window(rules.parse_clock(prefs.window_start), rules.parse_clock(prefs.window_end))  # type: ignore[arg-type]
    day = rules.first_day(now, window, zone)
    for _ in range(rules.DAYS_AHEAD):
        seed = f"{item.org_id}#{prefs.member_id}#{item.content_id}#{network}#{day.isoformat()}"
        post = AutoPostModel(
            item.org_id,
            records.post_key(prefs.member_id, item.content_id, network),
            member_id=prefs.member_id,
            content_id=item.content_id,
            network=network,
            title=item.title,
            state=rules.QUEUED,
            due_at=rules.moment(now, day, window, zone, seed),
            day=day.isoformat(),
            created_at=now,
            updated_at=now,
        )
        try:
            return "planned" if records.plan(post, int(prefs.daily_cap), now) else "known"
        except records.DayFull:
            day += timedelta(days=1)
    return "full"


def _plan_content(item: ContentModel, now: datetime) -> dict[str, int]:
    tally = {"planned": 0, "known": 0, "full": 0}
    org = orgs.find_org(item.org_id)
    if org is None or item.status != "published":
        return tally
    zone = ZoneInfo(org.timezone or "UTC")
    opted = [p for p in records.all_prefs(item.org_id) if p.enabled and p.networks]
    members = {
        m.member_id: m
        for m in member_records.find_members(item.org_id, [p.member_id for p in opted])
        if m.status == "active"
    }
    content_groups = set(item.groups or ())
    for prefs in opted:
        member = members.get(prefs.member_id)
        if member is None:
            continue
        if not rules.wanted(
            prefs.scope, set(prefs.group_ids or ()), content_groups, set(member.groups or ())
        ):
            continue
        for network in sorted(prefs.networks):
            if item.networks and network not in item.networks:
                continue
            tally[_plan_one(item, prefs, zone, now, network)] += 1
    return tally


def plan(now: datetime, remaining_ms: Callable[[], int]) -> dict[str, Any]:
    """The `auto-share-plan` job: every content gone live up to `now` gets its auto-posts, once."""
    done = {"contents": 0, "planned": 0, "known": 0, "full": 0}
    for item in content_items.to_plan(now):
        if remaining_ms() < SAFETY_MS:
            break  # the next run continues: the content is still in the plan index
        for key, value in _plan_content(item, now).items():
            done[key] += value
        content_items.planned(item)
        done["contents"] += 1
    return {"job": "auto-share-plan", "time": utc_text(now), **done}


# --- the dispatch job -----------------------------------------------------------------------------


def dispatch(now: datetime, remaining_ms: Callable[[], int], queue_url: str) -> dict[str, Any]:
    """The `auto-share-dispatch` job: due auto-posts go to the poster's queue, each then marked
    dispatched. A message sent twice (the mark lost) is harmless: the poster posts once."""
    sent = 0
    while remaining_ms() >= SAFETY_MS:
        batch = records.due(now, DISPATCH_BATCH)
        if not batch:
            break
        failed = autoshare_queue.send(queue_url, [{"org_id": p.org_id, "sk": p.sk} for p in batch])
        for post in batch:
            if post.sk in failed:
                logger.warning("auto-post not queued", extra={"reason": failed[post.sk]})
                continue
            records.dispatched(post, now)
            sent += 1
        if failed or len(batch) < DISPATCH_BATCH:
            break
    return {"job": "auto-share-dispatch", "time": utc_text(now), "dispatched": sent}
