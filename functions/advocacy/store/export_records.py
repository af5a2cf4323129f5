"""Export records and what their rows are read from: shares in time order through the `by_time`
index, page by page, with the names and titles the rows need; records claimed, checkpointed and
finished with conditional updates (the files themselves: `store.export_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from uuid import uuid4

from pynamodb.expressions.update import Action

from advocacy.store.errors import get_or_none, put_new, update_if
from advocacy.store.models import ContentModel, ExportModel, MemberModel, ShareModel

MICROSECOND = timedelta(microseconds=1)  # the resolution of share times (UTCDateTimeAttribute)
CACHE_LIMIT = 5000  # names or titles kept per export; past it the cache starts afresh


# --- shares, names and titles -------------------------------------------------------------------


def share_pages(org_id: str, start: datetime, end: datetime) -> Iterator[list[ShareModel]]:
    """The org's shares made in [start, end), oldest first, one DynamoDB page at a time.

    A key condition on the `by_time` index: the reads grow with the shares in the range only.
    """
    last = end - MICROSECOND
    if start > last:
        return
    result = ShareModel.by_time.query(org_id, ShareModel.created_at.between(start, last))
    for page in result.page_iter:
        yield [ShareModel.from_raw_data(item) for item in page.get("Items", [])]


class Lookups:
    """Member names and emails, content titles: one BatchGetItem per page for the ids not yet seen,
    kept in a small cache (an org's active members and content repeat from page to page)."""

    def __init__(self, org_id: str, limit: int = CACHE_LIMIT) -> None:
        self.org_id = org_id
        self.limit = limit
        self.people: dict[str, tuple[str, str]] = {}
        self.titles: dict[str, str] = {}

    def load(self, shares: Iterable[ShareModel]) -> None:
        """Fetch what the rows of these shares need and the cache lacks."""
        shares = list(shares)
        members = {s.member_id for s in shares} - self.people.keys()
        contents = {s.content_id for s in shares} - self.titles.keys()
        if len(self.people) + len(members) > self.limit:
            self.people.clear()
            members = {s.member_id for s in shares}
        if len(self.titles) + len(contents) > self.limit:
            self.titles.clear()
            contents = {s.content_id for s in shares}
        found_people = {
            m.member_id: (m.name, m.email)
            for m in MemberModel.batch_get(
                [(self.org_id, m) for m in sorted(members)], attributes_to_get=["member_id", "name", "email"]
            )
        }
        found_titles = {
            c.content_id: c.title
            for c in ContentModel.batch_get(
                [(self.org_id, c) for c in sorted(contents)], attributes_to_get=["content_id", "title"]
            )
        }
        # A member or content deleted since keeps empty cells, and is not asked for again.
        self.people.update({m: found_people.get(m, ("", "")) for m in members})
        self.titles.update({c: found_titles.get(c, "") for c in contents})


# --- export records -----------------------------------------------------------------------------


class ClaimLost(Exception):
    """Another invocation has taken the export over (ours ran past its lease): stop writing."""


def create(record: ExportModel) -> None:
    """Write a new export record (a repeat of the same id writes nothing)."""
    put_new(record)


def find(org_id: str, export_id: str) -> ExportModel | None:
    return get_or_none(ExportModel, org_id, export_id)


def claim(org_id: str, export_id: str, run: int, now: datetime, lease_until: datetime) -> ExportModel | None:
    """Take run `run` of the export for one invocation, until `lease_until`.

    It succeeds when that run is pending, or still building under a lease that has run out (its
    invocation crashed or timed out). A redelivered record, or one that a newer run has replaced,
    finds the condition false: None, and nothing is built twice.
    """
    record = ExportModel(org_id=org_id, export_id=export_id)
    free = (ExportModel.status == "pending") | (
        (ExportModel.status == "building") & (ExportModel.lease_until < now)
    )
    condition = ExportModel.export_id.exists() & (ExportModel.run == run) & free
    actions = [
        ExportModel.status.set("building"),
        ExportModel.claim.set(uuid4().hex),
        ExportModel.lease_until.set(lease_until),
        ExportModel.attempts.add(1),
        ExportModel.updated_at.set(now),
    ]
    return record if update_if(record, actions, condition) else None


def _update_claimed(record: ExportModel, actions: Sequence[Action]) -> None:
    """Update the export only while this invocation's claim holds; else ClaimLost."""
    condition = (ExportModel.claim == record.claim) & (ExportModel.status == "building")
    if not update_if(record, list(actions), condition):
        raise ClaimLost()


def _end_run(record: ExportModel, now: datetime, actions: Sequence[Action]) -> None:
    """Apply `actions` and give the claim up: this invocation's run is over."""
    _update_claimed(
        record,
        [
            *actions,
            ExportModel.claim.remove(),
            ExportModel.lease_until.remove(),
            ExportModel.updated_at.set(now),
        ],
    )


def checkpoint(
    record: ExportModel,
    now: datetime,
    *,
    upload_id: str | None = None,
    parts: int,
    rows: int,
    cursor: datetime | None,
    final: bool = False,
) -> None:
    """Record progress: `parts` parts hold the header and every share made at or before `cursor`."""
    actions = [
        ExportModel.parts.set(parts),
        ExportModel.rows.set(rows),
        ExportModel.final.set(final),
        ExportModel.updated_at.set(now),
    ]
    if upload_id is not None:
        actions.append(ExportModel.upload_id.set(upload_id))
    if cursor is not None:
        actions.append(ExportModel.cursor.set(cursor))
    _update_claimed(record, actions)


def hand_off(record: ExportModel, now: datetime) -> None:
    """End this invocation's run and start the next: the export is pending again under `run + 1`,
    whose stream record (a MODIFY to pending) starts a new invocation from the checkpoint."""
    _end_run(
        record, now, [ExportModel.status.set("pending"), ExportModel.run.add(1), ExportModel.attempts.set(0)]
    )


def release(record: ExportModel, now: datetime) -> None:
    """Give the claim up after an error, so the retried record can claim the same run at once."""
    _update_claimed(record, [ExportModel.lease_until.set(now), ExportModel.updated_at.set(now)])


def finish(record: ExportModel, now: datetime, size: int) -> None:
    _end_run(record, now, [ExportModel.status.set("ready"), ExportModel.size.set(size)])


def fail(record: ExportModel, now: datetime, error: str) -> None:
    _end_run(record, now, [ExportModel.status.set("failed"), ExportModel.error.set(error)])
