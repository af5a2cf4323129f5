"""CSV exports of shares (admin, manager): one row per share made in a range, with its clicks (RFC 4180
quoting, CRLF).

A small range is the response itself. Anything larger (or when the client asks for a file) is built
by the exports function: the request writes a pending export record and the client polls it until
the file is ready. "Small" is decided before reading any share, from the daily rollups' share count.

The rows come from the shares' `by_time` index in time order (shares made at the same instant by
share id), so the same range gives the same bytes whether the API answers it inline (a small range)
or the exports function builds it into a file (everything else). The build streams rows into an S3
multipart upload part by part, checkpointing after each part; when its invocation runs short of time
it hands the export over to a new invocation, which resumes from the checkpoint. A claim with a
conditional update makes a redelivered stream record a no-op.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.domain.errors import NotFound
from advocacy.domain.ids import new_id
from advocacy.domain.spreadsheet import csv_line
from advocacy.domain.times import day_range, utc_text
from advocacy.observability import logger, metrics
from advocacy.services.members import get_org
from advocacy.store import export_files as files
from advocacy.store import export_records as records
from advocacy.store import rollups
from advocacy.store.models import ExportModel, ShareModel

COLUMNS = (
    "share_id", "shared_at", "member_id", "member_name", "member_email", "content_id", "content_title",
    "network", "tracked_code", "points_awarded", "clicks", "human_clicks", "unique_clicks",
)  # fmt: skip

PART_SIZE = 8 * 1024 * 1024  # S3 wants at least 5 MiB in every part but the last
RESERVE_MS = 120_000  # hand over to a new invocation with less than this left (a part takes seconds)
MAX_ATTEMPTS = 3  # claims of one run (the first and two retries of the event source mapping)
FAILED = "The export could not be built; request it again."
# Inline when the range holds at most this many shares (by the rollups) and the file fits in this
# many bytes (a Lambda response carries at most 6 MB); anything else becomes an export file.
INLINE_MAX_ROWS = 5000
INLINE_LIMIT = 4 * 1024 * 1024
STALLED_AFTER = timedelta(minutes=30)  # no progress for this long: no invocation is building it
LIFETIME = timedelta(days=1)  # the record's TTL; the bucket's lifecycle removes the file after a day too
EXPORT_ID = re.compile(r"^[0-9a-f]{32}$")


HEADER = csv_line(COLUMNS)


def _row(share: ShareModel, lookups: records.Lookups, emails: bool) -> bytes:
    """The share's record: the counts are numbers, every other column is text (neutralised). The
    email cell is empty unless `emails` (an admin asked: members' emails are admin-only, decision 89)."""
    name, email = lookups.people.get(share.member_id, ("", ""))
    if not emails:
        email = ""
    return csv_line([
        share.share_id, utc_text(share.created_at), share.member_id, name, email,
        share.content_id, lookups.titles.get(share.content_id, ""), share.network, share.code,
        int(share.points_awarded or 0), int(share.clicks or 0), int(share.human_clicks or 0),
        int(share.unique_clicks or 0),
    ])  # fmt: skip


def groups(
    org_id: str, start: datetime, end: datetime, after: datetime | None = None, *, emails: bool = False
) -> Iterator[tuple[datetime, bytes, int]]:
    """The rows of the org's shares made in [start, end) (only those made after `after`, when
    resuming), as (share time, the rows of every share made at that instant, their count).

    A whole instant at a time, so that a checkpoint's cursor (a share time) never splits one.
    """
    lookups = records.Lookups(org_id)
    at: datetime | None = None
    pending: list[tuple[str, bytes]] = []
    for page in records.share_pages(org_id, after + records.MICROSECOND if after else start, end):
        lookups.load(page)
        for share in page:
            if pending and share.created_at != at:
                assert at is not None
                yield at, b"".join(line for _, line in sorted(pending)), len(pending)
                pending = []
            at = share.created_at
            pending.append((share.share_id, _row(share, lookups, emails)))
    if pending:
        assert at is not None
        yield at, b"".join(line for _, line in sorted(pending)), len(pending)


def render(org_id: str, start: datetime, end: datetime, limit: int, *, emails: bool = False) -> bytes | None:
    """The whole file, or None as soon as it would be larger than `limit` bytes."""
    out = bytearray(HEADER)
    for _, rows, _ in groups(org_id, start, end, emails=emails):
        out += rows
        if len(out) > limit:
            return None
    return bytes(out)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build(
    org_id: str,
    export_id: str,
    run: int,
    bucket: str,
    remaining_ms: Callable[[], int],
    *,
    clock: Callable[[], datetime] = _utcnow,
    part_size: int | None = None,
    reserve_ms: int | None = None,
) -> str:
    """Build (or go on building) run `run` of an export; returns what happened: `ready`, `continued`
    (handed over to a new invocation), `skipped` (not ours to build: a redelivered or superseded
    record), `superseded` (taken over while building) or `failed`.

    Time here is the wall clock, not an event's: a lease is about how long this invocation may run
    (`remaining_ms`, from the Lambda context).
    """
    started = clock()
    record = records.claim(org_id, export_id, run, started, started + timedelta(milliseconds=remaining_ms()))
    if record is None:
        return "skipped"
    if int(record.attempts) > MAX_ATTEMPTS:
        return _give_up(record, bucket, clock())
    try:
        return _build(
            record,
            bucket,
            remaining_ms,
            clock,
            part_size if part_size is not None else PART_SIZE,
            reserve_ms if reserve_ms is not None else RESERVE_MS,
        )
    except records.ClaimLost:
        logger.warning("export taken over by another invocation", extra={"export_id": export_id})
        return "superseded"
    except Exception:
        if int(record.attempts) >= MAX_ATTEMPTS:
            logger.exception(
                "export failed", extra={"export_id": export_id, "attempts": int(record.attempts)}
            )
            return _give_up(record, bucket, clock())
        with contextlib.suppress(records.ClaimLost):
            records.release(record, clock())
        raise  # the event source mapping retries the record, which claims this run again


def _build(
    record: ExportModel,
    bucket: str,
    remaining_ms: Callable[[], int],
    clock: Callable[[], datetime],
    part_size: int,
    reserve_ms: int,
) -> str:
    header, source, content_type = _source(record)
    if record.upload_id is None:
        upload_id = files.start_upload(bucket, record.s3_key, record.filename, content_type)
        try:
            records.checkpoint(record, clock(), upload_id=upload_id, parts=0, rows=0, cursor=None)
        except records.ClaimLost:
            files.abort_upload(bucket, record.s3_key, upload_id)
            raise
    upload_id = str(record.upload_id)
    if record.final:
        return _complete(record, bucket, clock)
    parts, rows, last = int(record.parts), int(record.rows), record.cursor
    # Parts past the checkpoint (from an invocation that stopped before recording them) are
    # uploaded again under the same numbers, which replaces them.
    buffer = bytearray(header if parts == 0 else b"")
    for at, chunk, count in source:
        buffer += chunk
        rows += count
        last = at
        if len(buffer) >= part_size:
            parts += 1
            files.upload_part(bucket, record.s3_key, upload_id, parts, bytes(buffer))
            records.checkpoint(record, clock(), parts=parts, rows=rows, cursor=at)
            buffer.clear()
            if remaining_ms() < reserve_ms:
                records.hand_off(record, clock())
                metrics.add_metric(name="ExportHandedOver", unit=MetricUnit.Count, value=1)
                return "continued"
    if buffer:
        parts += 1
        files.upload_part(bucket, record.s3_key, upload_id, parts, bytes(buffer))
    records.checkpoint(record, clock(), parts=parts, rows=rows, cursor=last, final=True)
    return _complete(record, bucket, clock)


def _source(record: ExportModel) -> tuple[bytes, Iterator[tuple[datetime, bytes, int]], str]:
    """What the export is made of: its header, its chunks after the checkpoint, its content type. A
    member's own data (decision 87) is one JSON document, one chunk."""
    if record.kind == "member":
        from advocacy.services import member_data  # it imports this module

        def whole() -> Iterator[tuple[datetime, bytes, int]]:
            if record.cursor is None:
                yield record.end, member_data.render(record.org_id, record.requested_by, record.end), 1

        return b"", whole(), member_data.CONTENT_TYPE
    return (
        HEADER,
        groups(record.org_id, record.start, record.end, after=record.cursor, emails=bool(record.with_emails)),
        "text/csv; charset=utf-8",
    )


def _complete(record: ExportModel, bucket: str, clock: Callable[[], datetime]) -> str:
    """Put the parts together (their ETags from ListParts, so the record never holds them)."""
    upload_id, parts = str(record.upload_id), int(record.parts)
    listed = files.uploaded_parts(bucket, record.s3_key, upload_id)
    if listed is None:  # completed by an invocation that stopped before recording it
        size = files.file_size(bucket, record.s3_key)
        if size is None:
            raise RuntimeError(f"export {record.export_id}: the upload is gone and no file was made")
    else:
        chosen = [p for p in listed if int(p["PartNumber"]) <= parts]
        if [int(p["PartNumber"]) for p in chosen] != list(range(1, parts + 1)):
            raise RuntimeError(f"export {record.export_id}: parts missing from the upload")
        files.complete_upload(bucket, record.s3_key, upload_id, chosen)
        size = sum(int(p["Size"]) for p in chosen)
    records.finish(record, clock(), size)
    metrics.add_metric(name="ExportBuilt", unit=MetricUnit.Count, value=1)
    logger.info(
        "export ready", extra={"export_id": record.export_id, "rows": int(record.rows), "bytes": size}
    )
    return "ready"


def _give_up(record: ExportModel, bucket: str, now: datetime) -> str:
    if record.upload_id:
        files.abort_upload(bucket, record.s3_key, str(record.upload_id))
    with contextlib.suppress(records.ClaimLost):
        records.fail(record, now, FAILED)
    metrics.add_metric(name="ExportFailed", unit=MetricUnit.Count, value=1)
    return "failed"


# --- requests -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inline:
    """A small range: the file itself, to answer with."""

    filename: str
    body: bytes


@dataclass(frozen=True)
class Export:
    """An export file being built or built, as its client sees it."""

    record: ExportModel
    status: str
    error: str | None = None
    url: str | None = None  # once ready: the file, presigned


def request(
    org_id: str,
    member_id: str,
    first: date | None,
    last: date | None,
    wants_file: bool,
    now: datetime,
    *,
    emails: bool = False,
) -> Inline | Export:
    """The shares of the days from `first` to `last` (the org's time zone): inline when the rollups
    count few enough shares and the file is small enough, else (or when `wants_file`) a new pending
    export, which the exports function builds. Members' emails are in it only when `emails` (the
    requester is an admin); an export file records that choice, so its builder needs no role."""
    zone = ZoneInfo(get_org(org_id).timezone)
    first, last = day_range(first, last, now.astimezone(zone).date())
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    filename = f"advocacy-shares-{first.isoformat()}-{last.isoformat()}.csv"
    expected = rollups.share_count(f"{org_id}#all", first.isoformat(), last.isoformat())
    if not wants_file and expected <= INLINE_MAX_ROWS:
        body = render(org_id, start, end, INLINE_LIMIT, emails=emails)
        if body is not None:
            return Inline(filename, body)
    return queue(org_id, member_id, filename, (first, last), (start, end), expected, now, emails=emails)


def queue(
    org_id: str,
    requested_by: str,
    filename: str,
    days: tuple[date, date],
    span: tuple[datetime, datetime],
    expected: int,
    now: datetime,
    *,
    kind: str | None = None,
    emails: bool = False,
) -> Export:
    """A new pending export of `kind` (None: the org's shares) covering `days` (the instants `span`),
    which the exports function builds into `filename`; its record, which the client polls, goes with
    the file's lifetime."""
    export_id = new_id()
    record = ExportModel(
        org_id=org_id,
        export_id=export_id,
        kind=kind,
        status="pending",
        requested_by=requested_by,
        from_day=days[0].isoformat(),
        to_day=days[1].isoformat(),
        start=span[0],
        end=span[1],
        s3_key=f"exports/{org_id}/{export_id}/{filename}",
        filename=filename,
        expected_rows=expected,
        with_emails=emails,
        created_at=now,
        updated_at=now,
        expires=now + LIFETIME,
    )
    records.create(record)
    return Export(record, record.status)


def find(
    org_id: str, export_id: str, now: datetime, bucket: str, kind: str | None = None, requested_by: str = ""
) -> Export:
    """An export of the org of `kind` (the shares when None; `requested_by` only, when given): its
    status (failed once it has made no progress for `STALLED_AFTER`) and, once ready, a presigned URL
    of its file. Anyone else's id, another kind's, or an expired export, is a 404."""
    record = records.find(org_id, export_id) if EXPORT_ID.match(export_id) else None
    if record is not None and (record.kind != kind or (requested_by and record.requested_by != requested_by)):
        record = None  # a member's own data is theirs alone; the shares are the managers'
    if record is None or record.expires <= now:  # TTL deletion lags; an expired export is gone
        raise NotFound("No such export.")
    if record.status in ("pending", "building") and record.updated_at + STALLED_AFTER < now:
        return Export(record, "failed", FAILED)  # nothing has moved it for too long: it will not finish
    if record.status == "ready":
        return Export(record, "ready", record.error, files.presign(bucket, record.s3_key))
    return Export(record, record.status, record.error)
