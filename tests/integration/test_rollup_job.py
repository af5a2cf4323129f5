"""The rollup job (decisions 91 and 99): analytics recomputed from the day's shares and clicks,
idempotent, in the org's time zone, and reading the items written before it alongside its own;
yesterday hourly and the day before once more when every late click of it has been applied."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import boto3
import pytest

from tests.support.actions import click, publish, run_rollups, share
from tests.support.events import FakeContext, scheduled_event
from tests.support.mocked import TABLES, Env
from tests.support.turns import runs_one_org_each


def _summary(aws: Env, org: dict[str, Any], day: str, at: datetime) -> dict[str, Any]:
    r = aws.call("GET", "/analytics/summary", who=org["manager"], query={"from": day, "to": day}, now=at)
    assert r.status == 200, r.body
    return dict(r.body)


def _items(scope: str) -> list[dict[str, Any]]:
    return list(
        boto3.client("dynamodb").query(
            TableName=TABLES["ANALYTICS_TABLE"],
            KeyConditionExpression="#s = :s",
            ExpressionAttributeNames={"#s": "scope"},
            ExpressionAttributeValues={":s": {"S": scope}},
        )["Items"]
    )


def test_the_job_counts_shares_and_clicks_once_and_a_rerun_writes_nothing_new(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    mia = org["members"][0]
    item = publish(aws, org, at=now - timedelta(hours=1))
    code = share(aws, mia, item["content_id"], "linkedin", now)
    click(aws, code, ip="192.0.2.1", at=now + timedelta(minutes=1))
    aws.streams.drain(replay=True)
    day = now.date().isoformat()
    assert _summary(aws, org, day, now)["shares"] == 0  # not computed yet: the lag of the job's period
    first = run_rollups(now + timedelta(minutes=5))
    # the org's, the content's and mia's group's items of today; the org's own (empty) items of
    # yesterday and the day before, computed for the first time (they had nothing)
    assert (first["orgs"], first["items"]) == (1, 5)
    s = _summary(aws, org, day, now + timedelta(minutes=6))
    assert (s["shares"], s["clicks"], s["unique_clicks"], s["active_advocates"]) == (1, 1, 1, 1)
    assert [(a["member_id"], a["shares"], a["clicks"]) for a in s["top_advocates"]] == [
        (mia["member_id"], 1, 1)
    ]
    assert s["computed_at"] == "2026-11-02T09:35:00Z"

    again = run_rollups(now + timedelta(minutes=10))
    assert again["items"] == 1  # only the org's own item of today, which says when it was computed
    s2 = _summary(aws, org, day, now + timedelta(minutes=11))
    assert s2 | {"computed_at": None} == s | {"computed_at": None}
    assert s2["computed_at"] == "2026-11-02T09:40:00Z"
    late = run_rollups(now + timedelta(minutes=2))  # a run fired earlier that ends last (a retry)
    assert late["items"] == 0  # leaves the newer run's figures and time alone
    assert _summary(aws, org, day, now + timedelta(minutes=12))["computed_at"] == "2026-11-02T09:40:00Z"
    stored = _items(f"{org['org']['org_id']}#all")
    days = [(now - timedelta(days=n)).date().isoformat() for n in (2, 1, 0)]
    assert [i["day"]["S"] for i in stored] == [f"{d}#job" for d in days]
    assert not [name for name in stored[-1] if name.startswith("a#") or name == "advocates"]


def _days_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The days whose clicks the job reads (its Queries of the `by_day` index), in order."""
    from advocacy.store import rollups

    read: list[str] = []
    real = rollups.clicks_of

    def clicks_of(org_id: str, day: str) -> Any:
        read.append(day)
        return real(org_id, day)

    monkeypatch.setattr(rollups, "clicks_of", clicks_of)
    return read


def _runs(at: list[datetime], read: list[str]) -> list[tuple[str, list[str], int]]:
    """Each run's time of day, the days it read and the number of items it wrote."""
    done = []
    for when in at:
        read.clear()
        ran = run_rollups(when)
        done.append((when.strftime("%d %H:%M"), list(read), ran["items"]))
    return done


def test_yesterday_is_read_after_midnight_then_hourly_and_the_day_before_once_more(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click of yesterday applied after the hour's run counts at the next hourly run (or the next
    run after a missed one), not at the runs between; the day before is read once, after its last
    click can have been applied (00:05 in the org's time zone, UTC here); a rerun writes only the
    org's own item of today."""
    mia = org["members"][0]
    midnight = datetime.combine(now.date(), time(), UTC)  # 2 November
    item = publish(aws, org, at=midnight - timedelta(hours=2))
    code = share(aws, mia, item["content_id"], "linkedin", midnight - timedelta(minutes=10))
    click(aws, code, ip="192.0.2.1", at=midnight - timedelta(minutes=2))  # applied late, below
    read = _days_read(monkeypatch)
    nov = ["2026-10-31", "2026-11-01", "2026-11-02"]
    # yesterday's items (the org's, the content's, the group's) and the org's own of today
    assert _runs([midnight], read) == [("02 00:00", nov[1:], 4)]
    aws.streams.drain()  # the click of 1 November, applied after the hour's run
    assert _summary(aws, org, nov[1], midnight)["clicks"] == 0
    runs = [midnight + timedelta(minutes=m) for m in (5, 20)]
    assert _runs(runs, read) == [("02 00:05", [nov[0], nov[2]], 2), ("02 00:20", [nov[2]], 1)]
    assert _summary(aws, org, nov[1], runs[-1])["clicks"] == 0  # not read at minute 20
    runs = [midnight + timedelta(minutes=m) for m in (60, 65, 125)]  # the run of 02:00 missed
    assert (
        _runs(runs, read)
        == [
            ("02 01:00", nov[1:], 4),  # the hourly run: the org's, the content's and the group's items
            ("02 01:05", [nov[2]], 1),  # a rerun: only the org's own item of today
            ("02 02:05", nov[1:], 2),  # an hour since yesterday was computed: read, nothing changed
        ]
    )
    s = _summary(aws, org, nov[1], runs[-1])
    assert (s["shares"], s["clicks"], s["computed_at"]) == (1, 1, "2026-11-02T02:05:00Z")


def test_a_click_applied_a_day_late_counts_on_its_day_after_the_next_midnight(
    aws: Env, org: dict[str, Any], now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A click made at 23:59 on 1 November and applied at 23:58 on 2 November (the stream retries a
    record up to a day old) counts on 1 November once the first run after 3 November 00:05 has
    recomputed it, the day before yesterday by then; a rerun reads and writes no more of it."""
    mia = org["members"][0]
    d2 = datetime.combine(date(2026, 11, 2), time(), UTC)
    item = publish(aws, org, at=d2 - timedelta(hours=2))
    code = share(aws, mia, item["content_id"], "x", d2 - timedelta(minutes=10))
    click(aws, code, ip="192.0.2.1", at=d2 - timedelta(minutes=1))
    read = _days_read(monkeypatch)
    day = "2026-11-01"
    runs = [d2 + timedelta(hours=23), d2 + timedelta(hours=23, minutes=45)]
    first = [["2026-10-31", day, "2026-11-02"], ["2026-11-02"]]  # the org's first run: every day due
    assert [days for _, days, _ in _runs(runs, read)] == first
    aws.streams.drain()  # 2 November, 23:58
    d3 = d2 + timedelta(days=1)
    assert _runs([d3], read) == [("03 00:00", ["2026-11-02", "2026-11-03"], 2)]  # 1 November not yet
    assert _summary(aws, org, day, d3)["clicks"] == 0
    runs = [d3 + timedelta(minutes=5), d3 + timedelta(minutes=10)]
    assert _runs(runs, read) == [("03 00:05", [day, "2026-11-03"], 4), ("03 00:10", ["2026-11-03"], 1)]
    s = _summary(aws, org, day, runs[-1])
    assert (s["shares"], s["clicks"], s["unique_clicks"], s["computed_at"]) == (
        1,
        1,
        1,
        "2026-11-03T00:05:00Z",
    )


def test_yesterday_is_recomputed_after_midnight_in_the_orgs_time_zone(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    r = aws.call("PATCH", "/org", who=org["admin"], body={"timezone": "America/New_York"})
    assert r.status == 200, r.body
    mia = org["members"][0]
    item = publish(aws, org, at=now - timedelta(hours=1))
    late = datetime.fromisoformat("2026-11-03T04:50:00+00:00")  # 23:50 on 2 November in New York
    code = share(aws, mia, item["content_id"], "x", late)
    run_rollups(late + timedelta(minutes=5))
    click(aws, code, ip="192.0.2.1", at=late + timedelta(minutes=8))  # 23:58, applied a little later
    aws.streams.drain()
    before = _summary(aws, org, "2026-11-02", late + timedelta(minutes=9))
    assert (before["shares"], before["clicks"]) == (1, 0)
    after_midnight = late + timedelta(minutes=15)  # 00:05 on 3 November in New York
    run_rollups(after_midnight)
    s = _summary(aws, org, "2026-11-02", after_midnight)
    assert (s["shares"], s["clicks"], s["unique_clicks"]) == (1, 1, 1)
    assert _summary(aws, org, "2026-11-03", after_midnight)["shares"] == 0


def test_a_voided_share_counts_as_it_did_before_the_job(aws: Env, org: dict[str, Any], now: datetime) -> None:
    """A void takes back points, not the share or its clicks from the analytics (docs/api.md)."""
    mia = org["members"][0]
    item = publish(aws, org, at=now - timedelta(hours=1))
    code = share(aws, mia, item["content_id"], "linkedin", now)
    share_id = aws.call("GET", "/me/shares", who=mia).body["items"][0]["share_id"]
    click(aws, code, ip="192.0.2.1", at=now + timedelta(minutes=1))
    aws.streams.drain()
    r = aws.call("POST", f"/shares/{share_id}/void", who=org["admin"], body={"reason": "Farmed."})
    assert r.status == 200, r.body
    click(aws, code, ip="192.0.2.2", at=now + timedelta(minutes=3))
    aws.streams.drain()
    run_rollups(now + timedelta(minutes=5))
    s = _summary(aws, org, now.date().isoformat(), now + timedelta(minutes=5))
    assert (s["shares"], s["clicks"], s["unique_clicks"]) == (1, 2, 2)


def test_items_written_before_the_job_are_read_with_its_own(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    """The day of the change: the transactions' item and advocate shard (an `advocates` set and
    `a#` counters) hold the events before it, the job's item the events since; both add up."""
    org_id, mia = org["org"]["org_id"], org["members"][0]
    day = now.date().isoformat()
    client = boto3.client("dynamodb")
    table = TABLES["ANALYTICS_TABLE"]
    client.put_item(
        TableName=table,
        Item={"scope": {"S": f"{org_id}#all"}, "day": {"S": day}, "shares": {"N": "2"}, "clicks": {"N": "3"}},
    )
    client.put_item(
        TableName=table,
        Item={
            "scope": {"S": f"{org_id}#all"},
            "day": {"S": f"{day}#a07"},
            "advocates": {"SS": ["former-1", "former-2"]},
            "a#former-1#shares": {"N": "2"},
            "a#former-1#clicks": {"N": "3"},
        },
    )
    item = publish(aws, org, at=now - timedelta(hours=1))
    share(aws, mia, item["content_id"], "linkedin", now)
    run_rollups(now + timedelta(minutes=5))
    s = _summary(aws, org, day, now + timedelta(minutes=5))
    assert (s["shares"], s["clicks"], s["active_advocates"]) == (3, 3, 3)
    assert [(a["member_id"], a["shares"], a["clicks"]) for a in s["top_advocates"]] == [
        ("former-1", 2, 3),
        (mia["member_id"], 1, 0),
    ]
    assert s["computed_at"] == "2026-11-02T09:35:00Z"
    old = _summary(aws, org, (now - timedelta(days=3)).date().isoformat(), now)
    assert (old["shares"], old["computed_at"]) == (0, None)


def test_orgs_take_turns_when_a_run_has_not_the_time_for_all(
    aws: Env,
    org: dict[str, Any],
    other_org: dict[str, Any],
    now: datetime,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each run computes what its time allows, the orgs computed longest ago first, and says how many
    it deferred on the metric the infra alarm watches."""
    from advocacy.handlers import jobs
    from advocacy.services import rollup_job

    ids = sorted([org["org"]["org_id"], other_org["org"]["org_id"]])
    times = [now + timedelta(minutes=5 * run) for run in range(3)]
    built, results = runs_one_org_each(monkeypatch, rollup_job, "rollups", times)
    assert built == [
        ids[0],
        ids[1],
        ids[0],
    ]  # none computed: by id; then the one never computed; then the older
    assert [(r["orgs"], r["deferred"]) for r in results] == [(1, 1), (1, 1), (1, 1)]
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    deferred = [m for m in emitted if "RollupOrgsDeferred" in m]
    assert [(m["job"], m["RollupOrgsDeferred"]) for m in deferred] == [("rollups", [1.0])] * 3
    result = jobs.handler(scheduled_event("rollups", now + timedelta(minutes=20)), FakeContext("jobs"))
    assert (result["orgs"], result["deferred"]) == (2, 0)
