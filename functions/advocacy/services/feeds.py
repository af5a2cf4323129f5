"""RSS and Atom sources (admin): add, list, edit, delete; and the `feeds` job that imports their new
entries as content.

Every fetch goes through the guarded fetch (`adapters.web_fetch`: public addresses only, bounded time
and size) as a conditional GET with the validators of the source's last answer. One content item per
new entry, exactly once: its mark is written with the content in one transaction (store.feed_sources).
A source that keeps failing waits longer each time, up to a day (decision 66). A run takes at most
the newest `ENTRIES_PER_RUN` entries of a source and starts no source it may not finish in time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.domain import content as content_rules
from advocacy.domain import feeds as rules
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.ids import sortable_id
from advocacy.domain.times import utc_text
from advocacy.observability import metrics
from advocacy.services import found, timed, unchanged
from advocacy.services.members import check_groups
from advocacy.store import feed_sources as sources
from advocacy.store import orgs, paging
from advocacy.store.models import ContentModel, FeedSourceModel, OrgModel
from advocacy.store.operation import new_id
from advocacy.store.transactions import retrying

FETCH_TIMEOUT_S = 5.0
MAX_FEED_BYTES = 2_000_000
# A run starts another source only with this much time left beyond its slowest source so far.
MARGIN_S = 15.0
NEVER = datetime.min.replace(tzinfo=UTC)


def _web() -> ModuleType:
    """The guarded fetch (imported when first used: the API's cold start does not need it)."""
    from advocacy.adapters import web_fetch

    return web_fetch


# --- the admin's sources ---------------------------------------------------------------------------


def _check_url(url: str) -> None:
    if not content_rules.is_http_url(url):
        raise ValidationFailed(
            "Some fields are not valid.", [FieldIssue("url", "must be an absolute http(s) URL")]
        )


def get(org_id: str, source_id: str) -> FeedSourceModel:
    return found(sources.find(org_id, source_id), "feed source")


def page(org_id: str, limit: int, cursor: str | None) -> paging.Page[FeedSourceModel]:
    return sources.list_page(org_id, limit, cursor)


def create(org_id: str, author_id: str, fields: dict[str, Any], now: datetime) -> FeedSourceModel:
    """A new source; the next run of the job fetches it."""
    _check_url(fields["url"])
    source_id = new_id()
    source = FeedSourceModel(
        org_id=org_id,
        sk=sources.source_sk(source_id),
        source_id=source_id,
        url=fields["url"],
        groups=check_groups(org_id, fields.get("groups") or ()),
        publish=bool(fields.get("publish", False)),
        points=fields.get("points"),
        created_by=author_id,
        created_at=now,
        updated_at=now,
    )
    if not sources.create(source):
        return get(org_id, source_id)  # this operation's own earlier write, retried
    return source


def edit(org_id: str, source_id: str, changes: dict[str, Any], now: datetime) -> FeedSourceModel:
    """Apply the fields sent. A new URL starts afresh: no validators, no failures, no backoff."""
    source = get(org_id, source_id)
    changes = dict(changes)
    if "url" in changes:
        _check_url(changes["url"])
        if changes["url"] != source.url:
            changes.update(etag=None, last_modified=None, failures=0, next_attempt_at=None, last_error=None)
    if "groups" in changes:
        changes["groups"] = check_groups(org_id, changes["groups"] or ())
    if not changes:
        return source
    with unchanged("feed source"):
        sources.update(source, changes, now)
    return get(org_id, source_id)


def delete(org_id: str, source_id: str) -> None:
    """Delete a source; the content it imported stays."""
    if not sources.delete(get(org_id, source_id)):
        raise found(None, "feed source")


# --- the job -----------------------------------------------------------------------------------------


def _conditional(source: FeedSourceModel) -> dict[str, str]:
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def _content(
    source: FeedSourceModel, org: OrgModel, fields: dict[str, Any], key: str, now: datetime
) -> ContentModel:
    published = fields["status"] == "published"
    return ContentModel(
        org_id=source.org_id,
        # The same entry at the same run time gets the same id (a retried run rebuilds the same item).
        content_id=sortable_id(now, key),
        title=fields["title"],
        body=fields["body"],
        url=fields["url"],
        image_url=fields["image_url"],
        messages={},
        networks=[],
        groups=set(fields["groups"]),
        points=fields["points"],
        status=fields["status"],
        published_at=now if published else None,
        expires_at=(
            content_rules.default_expiry(now, int(org.default_content_ttl_days)) if published else None
        ),
        created_by=source.created_by,
        created_at=now,
        updated_at=now,
    )


def _import(source: FeedSourceModel, org: OrgModel, entries: list[rules.Entry], now: datetime) -> int:
    target = rules.Target(
        sorted(source.groups or ()), None if source.points is None else int(source.points), source.publish
    )
    imported = 0
    for entry in rules.newest(entries):
        entry_key = rules.entry_key(entry)
        fields = rules.content_fields(entry, target)
        if entry_key is None or fields is None:
            continue
        key = rules.dedupe_key(source.org_id, source.source_id, entry_key)
        item = _content(source, org, fields, key, now)
        imported += retrying(lambda item=item, key=key: sources.import_entry(source, item, key, now))  # type: ignore[misc]
    return imported


def poll(source: FeedSourceModel, org: OrgModel, now: datetime) -> tuple[int, str | None]:
    """Fetch one source and import its new entries: (entries imported, the error or None). What it
    learnt (validators, status, backoff) is recorded on the source."""
    from advocacy.adapters.feedparser import FeedUnreadable, parse  # the jobs function's only

    web = _web()
    try:
        got = web.fetch(
            source.url,
            accept=rules.FEED_MEDIA_TYPES,
            timeout=FETCH_TIMEOUT_S,
            max_bytes=MAX_FEED_BYTES,
            headers=_conditional(source),
        )
        entries = [] if got.status == 304 else parse(got.body, got.headers.get("content-type"))
    except (web.FetchFailed, web.FetchRefused, FeedUnreadable) as exc:
        error = rules.error_sentence(str(getattr(exc, "reason", "") or exc))
        failures = int(source.failures or 0) + 1
        sources.record(
            source,
            {
                "last_attempt_at": now,
                "last_error": error,
                "failures": failures,
                "next_attempt_at": rules.next_attempt(failures, now),
            },
        )
        return 0, error
    imported = _import(source, org, entries, now)
    validators = (
        {"etag": got.headers.get("etag"), "last_modified": got.headers.get("last-modified")}
        if got.status != 304
        else {}
    )
    sources.record(
        source,
        {
            **validators,
            "last_attempt_at": now,
            "last_success_at": now,
            "last_error": None,
            "failures": 0,
            "next_attempt_at": None,
        },
    )
    return imported, None


def run(now: datetime, remaining_ms: Callable[[], int] = lambda: sys.maxsize) -> dict[str, Any]:
    """The `feeds` job: every source whose backoff has passed, least recently tried first, for as long
    as the invocation's time allows (the rest wait for the next run, which starts with them). A source
    that fails is recorded and the others go on; a DynamoDB failure fails the run, so it is retried
    (and the retry imports nothing twice)."""
    every = {org.org_id: org for org in orgs.all_orgs()}
    due = [
        source
        for org_id in every
        for source in sources.all_sources(org_id)
        if source.next_attempt_at is None or source.next_attempt_at <= now
    ]
    queue = sorted(due, key=lambda s: (s.last_attempt_at or NEVER, s.org_id, s.source_id))
    done = timed.walk(
        "feeds",
        queue,
        lambda source: poll(source, every[source.org_id], now),
        remaining_ms,
        lambda slowest: MARGIN_S + slowest,
        one="a source",
        many="sources",
        labels=lambda source: {"org_id": source.org_id, "source_id": source.source_id},
        name=lambda source: source.source_id,
        deferred_metric="FeedSourcesDeferred",
    )
    imported = sum(count for count, _ in done.results)
    metrics.add_metric(name="FeedEntriesImported", unit=MetricUnit.Count, value=imported)
    done.raise_failures()
    return {
        "job": "feeds",
        "time": utc_text(now),
        "sources": done.reached,
        "imported": imported,
        "failing": sum(error is not None for _, error in done.results),
        "deferred": done.deferred,
    }
