"""Round trips, capacity and handler overhead of each operation, on a moto server on 127.0.0.1.

    python -m bench.operations [--days 90] [--runs 40] [--output bench/results-operations.json]

It starts the local stack's in-process, threaded moto server (`local.aws.MotoServer`: moto's server
with the local stack's request isolation) on a free port of 127.0.0.1, creates the tables from the
store models, a Cognito pool and the click secret, and seeds one org through the real handlers: an
admin, a manager, 40 members in 4 groups, 12 pieces of content (`bench.texts`), `--days` days of
shares (4 a day) and clicks (2 a share, applied by the stream function; the rollup job late each
day), a leaderboards run and a reward.

Then, for each operation of `operations()`, it calls the real handler in-process with an API Gateway-shaped event:

1. **Calls and capacity**: one run with every DynamoDB call recorded (botocore handlers on every
   client the functions use) and its capacity computed from item sizes (see `bench.meter`).
2. **Overhead**: `--runs` timed runs of the handler, each followed by a baseline that replays the
   calls recorded in step 1 with a plain boto3 DynamoDB client (same operations, tables and request
   bodies; a fresh ClientRequestToken for a transaction), interleaved so that machine noise hits both
   alike; the tables are put back as they were before every run, untimed, so each run does the same
   work. The figure is median(handler) / median(baseline).

Writes put back: every item a run wrote is restored to its image before the first run (or deleted).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import result_header
from bench.texts import TEXTS

RESULTS = Path(__file__).with_name("results-operations.json")
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
TABLES = {
    "ORGS_TABLE": "bench-orgs",
    "MEMBERS_TABLE": "bench-members",
    "LINKS_TABLE": "bench-links",
    "CONTENT_TABLE": "bench-content",
    "SHARES_TABLE": "bench-shares",
    "CLICKS_TABLE": "bench-clicks",
    "LEDGER_TABLE": "bench-ledger",
    "SCORES_TABLE": "bench-scores",
    "BOARDS_TABLE": "bench-boards",
    "REWARDS_TABLE": "bench-rewards",
    "CONTESTS_TABLE": "bench-contests",
    "ANALYTICS_TABLE": "bench-analytics",
    "IDEMPOTENCY_TABLE": "bench-idempotency",
    "EXPORTS_TABLE": "bench-exports",
    "SUGGESTIONS_TABLE": "bench-suggestions",
    "CONNECTIONS_TABLE": "bench-connections",
}
# Dummy credentials and region: the benchmarks run against moto, never against AWS.
DUMMY_AWS = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
             "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}  # fmt: skip
# What the functions read besides their tables, pool and secret.
FUNCTION_SETTINGS = {
    "POWERTOOLS_SERVICE_NAME": "advocacy",
    "POWERTOOLS_METRICS_NAMESPACE": "Advocacy",
    "DIGEST_SENDER": "digest@advocacy.example",
    "WEB_URL": "https://app.advocacy.example",
    "EXPORTS_BUCKET": "bench-exports",
    "PUBLIC_BASE_URL": "https://go.advocacy.example",
    "AUTOSHARE_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/bench-autoshare",
}
GOALS = {"redirect": 2, "share": 3, "feed page": 2, "leaderboard read": 2, "90-day summary": 5}
OVERHEAD_GOAL = 1.3
MEMBERS, GROUPS, CONTENT, SHARES_A_DAY, CLICKS_A_SHARE = 40, 4, 12, 4, 2
NETWORKS = ("linkedin", "x", "facebook", "email")


def environment(endpoint: str) -> None:
    """What the functions read at cold start, with dummy credentials: everything goes to moto."""
    os.environ.update({**TABLES, **DUMMY_AWS, **FUNCTION_SETTINGS, "AWS_ENDPOINT_URL": endpoint})
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_DYNAMODB"):
        os.environ.pop(name, None)


@contextmanager
def quiet() -> Iterator[None]:
    """The functions' JSON logs and EMF metrics go to stdout; the bench prints only its own figures."""
    with redirect_stdout(io.StringIO()):
        yield


def create_resources() -> None:
    import boto3

    from advocacy.store.models import STREAM_VIEWS, TABLE_ENV
    from advocacy.store.tables import bind
    from tests.support.idempotency import create_table

    bind(TABLES)
    for model in {m for m in TABLE_ENV if m.Meta.table_name}:
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
    client = boto3.client("dynamodb")
    create_table(client, TABLES["IDEMPOTENCY_TABLE"])
    for env_name, view in STREAM_VIEWS.items():
        client.update_table(
            TableName=TABLES[env_name], StreamSpecification={"StreamEnabled": True, "StreamViewType": view}
        )
    secret = boto3.client("secretsmanager").create_secret(Name="bench-click-key", SecretString="k" * 64)
    os.environ["CLICK_SECRET_ARN"] = secret["ARN"]
    pool = boto3.client("cognito-idp").create_user_pool(
        PoolName="bench",
        UsernameAttributes=["email"],
        Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": False}],
    )
    os.environ["USER_POOL_ID"] = pool["UserPool"]["Id"]


# --- calling the functions ---------------------------------------------------------------------


def api(method: str, path: str, who: dict[str, str] | None, at: datetime = NOW, **kwargs: Any) -> Any:
    from advocacy.handlers import api as api_function
    from tests.support.events import FakeContext, http_event

    claims = None if who is None else {"sub": who["member_id"], "custom:org_id": who["org_id"]}
    return api_function.handler(http_event(method, path, claims=claims, now=at, **kwargs), FakeContext())


def redirect_event(code: str, at: datetime = NOW, ip: str = "198.51.100.7") -> dict[str, Any]:
    from tests.support.events import http_event

    ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"
    event = http_event("GET", f"/r/{code}", route="GET /r/{code}", headers={"user-agent": ua}, now=at)
    event["pathParameters"] = {"code": code}
    event["requestContext"]["http"].update({"sourceIp": ip, "userAgent": ua})
    return event


def redirect(event: dict[str, Any]) -> Any:
    from advocacy.handlers import redirect as redirect_function
    from tests.support.events import FakeContext

    return redirect_function.handler(event, FakeContext("redirect"))


def _stream(record: dict[str, Any]) -> None:
    _stream_batch([record])


def _stream_batch(records: list[dict[str, Any]]) -> None:
    from advocacy.handlers import stream
    from tests.support.events import FakeContext

    answer = stream.handler({"Records": records}, FakeContext("stream"))
    if answer != {"batchItemFailures": []}:
        raise RuntimeError(f"the click was not applied: {answer}")


def _ok(answer: dict[str, Any], *statuses: int) -> dict[str, Any]:
    if answer["statusCode"] not in statuses:
        raise RuntimeError(f"unexpected answer {answer['statusCode']}: {answer.get('body')}")
    body = answer.get("body") or ""
    return json.loads(body) if body.startswith("{") else {}


# --- the org -------------------------------------------------------------------------------------


@dataclass
class Org:
    org_id: str
    admin: dict[str, str]
    manager: dict[str, str]
    members: list[dict[str, str]]
    content: list[str]
    code: str
    reward_id: str
    unshared: str  # a content the first member has not shared on linkedin
    click: dict[str, Any]  # a stream record of a human click, not applied yet


def seed(days: int) -> Org:
    """One org with `days` days of shares and clicks, made through the handlers as clients would."""
    from advocacy.handlers import jobs
    from advocacy.ops import bootstrap
    from tests.support.events import FakeContext, scheduled_event

    start = NOW - timedelta(days=days + 1)
    org_body, admin = bootstrap.create_org("Bench", "ada@bench.test", "Ada", start, send_invitation=False)
    org_id = org_body["org_id"]
    admin["org_id"] = org_id
    group_ids = [bootstrap.create_group(org_id, f"Team {n}", start)["group_id"] for n in range(GROUPS)]
    manager = bootstrap.add_member(org_id, "max@bench.test", "Max", "manager", [], start, False)
    manager["org_id"] = org_id
    members = []
    for n in range(MEMBERS):
        person = bootstrap.add_member(
            org_id, f"m{n}@bench.test", f"Member {n}", "member", [group_ids[n % GROUPS]], start, False
        )
        person["org_id"] = org_id
        members.append(person)
    for n, person in enumerate(members):
        followers = {"followers": 100 + 37 * n}
        _ok(
            api("PATCH", "/me", person, start, body={"networks": {"linkedin": followers, "x": followers}}),
            200,
        )
    content = []
    for n in range(CONTENT):
        body = {
            "title": f"Company news {n}",
            "url": f"https://www.example.com/news/{n}?ref=site",
            "status": "published",
            "expires_at": (NOW + timedelta(days=60)).isoformat(),
            **TEXTS,
            **({"groups": [group_ids[n % GROUPS]]} if n % 3 == 2 else {}),
        }
        content.append(_ok(api("POST", "/content", manager, start, body=body), 201)["content_id"])
    everyone = [c for n, c in enumerate(content) if n % 3 != 2]
    pump = ClickStream(TABLES["CLICKS_TABLE"])
    made = 0
    code = ""
    for day in range(days):
        at = start + timedelta(days=day + 1, hours=9)
        for _ in range(SHARES_A_DAY):
            person = members[made % MEMBERS]
            network = NETWORKS[(made // MEMBERS) % len(NETWORKS)]
            item = everyone[(made // (MEMBERS * len(NETWORKS))) % len(everyone)]
            made += 1
            share = _ok(
                api("POST", f"/content/{item}/shares", person, at, body={"network": network}), 201, 200
            )
            code = share["code"]
            for n in range(CLICKS_A_SHARE):
                ip = f"198.51.{made % 250}.{n + 1}"
                _ok(redirect(redirect_event(code, at + timedelta(minutes=5 + n), ip)), 302)
        pump.drain()
        # The rollup job late in the day: the summary reads what it computed (decision 91).
        late = (at + timedelta(hours=14)).isoformat().replace("+00:00", "Z")
        jobs.handler(scheduled_event("rollups", late), FakeContext("jobs"))
    jobs.handler(scheduled_event("leaderboards", NOW.isoformat().replace("+00:00", "Z")), FakeContext("jobs"))
    reward = _ok(api("POST", "/rewards", admin, body={"name": "Mug", "cost": 5, "stock": 1000}), 201)
    shared = {
        s["content_id"]
        for s in _ok(api("GET", "/me/shares", members[0], query={"limit": "100"}), 200)["items"]
    }
    unshared = next(c for c in everyone if c not in shared)
    _ok(redirect(redirect_event(code, NOW, "203.0.113.77")), 302)
    click = pump.records()[-1]
    return Org(org_id, admin, manager, members, content, code, reward["reward_id"], unshared, click)


class ClickStream:
    """The clicks table's stream as the event source mapping delivers it: new `click#` items only,
    every record once, in batches of 100 (it follows each shard, however many records it holds)."""

    def __init__(self, table: str) -> None:
        import boto3
        from botocore.config import Config

        self.arn = boto3.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
        self.client = boto3.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
        self.iterators: dict[str, str] = {}

    def records(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for shard in self.client.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]:
            iterator = (
                self.iterators.get(shard["ShardId"])
                or self.client.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]
            )
            while True:
                answer = self.client.get_records(ShardIterator=iterator, Limit=1000)
                iterator = answer.get("NextShardIterator") or iterator
                found += answer["Records"]
                if not answer["Records"]:
                    break
            self.iterators[shard["ShardId"]] = iterator
        return [
            {**r, "eventSourceARN": self.arn}
            for r in found
            if r["eventName"] == "INSERT" and r["dynamodb"]["NewImage"]["sk"]["S"].startswith("click#")
        ]

    def drain(self) -> None:
        records = self.records()
        for start in range(0, len(records), 100):
            _stream_batch(records[start : start + 100])


# --- operations ----------------------------------------------------------------------------------

OWN = {"network": "linkedin", "message": "Proud of what my team shipped: have a look, tell me what you think"}


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[[], Any]


def operations(org: Org) -> list[Operation]:
    mia = org.members[0]
    first = (NOW - timedelta(days=89)).date().isoformat()
    return [
        Operation("redirect", lambda: _ok(redirect(redirect_event(org.code)), 302)),
        Operation(
            "share",
            lambda: _ok(
                api("POST", f"/content/{org.unshared}/shares", mia, body={"network": "linkedin"}), 201
            ),
        ),
        Operation(
            "share, own words",
            lambda: _ok(api("POST", f"/content/{org.unshared}/shares", mia, body=OWN), 201),
        ),
        Operation("feed page", lambda: _ok(api("GET", "/feed", mia), 200)),
        Operation("my shares page", lambda: _ok(api("GET", "/me/shares", mia, query={"limit": "100"}), 200)),
        Operation("GET /me/org", lambda: _ok(api("GET", "/me/org", mia), 200)),
        Operation("GET /me", lambda: _ok(api("GET", "/me", mia), 200)),
        Operation("leaderboard read", lambda: _ok(api("GET", "/leaderboards/all", mia), 200)),
        Operation("redemption", lambda: _ok(api("POST", f"/rewards/{org.reward_id}/redemptions", mia), 201)),
        Operation("click applied (stream)", lambda: _stream(org.click)),
        Operation(
            "90-day summary",
            lambda: _ok(
                api(
                    "GET",
                    "/analytics/summary",
                    org.manager,
                    query={"from": first, "to": NOW.date().isoformat()},
                ),
                200,
            ),
        ),
    ]


# --- measuring -----------------------------------------------------------------------------------


class Restorer:
    """Puts the tables back as they were before an operation's first run, after every run."""

    def __init__(self, meter: Any) -> None:
        self.meter = meter
        self.images: dict[tuple[str, str], dict[str, Any] | None] = {}

    def remember(self, calls: list[Any]) -> None:
        for call in calls:
            for table, key, _ in self.meter._writes(call.operation, call.request):
                ref = (table, json.dumps(key, sort_keys=True))
                self.images.setdefault(ref, call.before.get(ref))

    def restore(self, written: list[tuple[str, dict[str, Any]]]) -> None:
        client = self.meter.probe_client
        refs = {(table, json.dumps(key, sort_keys=True)) for table, key in written} | set(self.images)
        for table, ref in refs:
            image = self.images.get((table, ref))
            if image is None:
                client.delete_item(TableName=table, Key=json.loads(ref))
            else:
                client.put_item(TableName=table, Item=image)


def measure(op: Operation, meter: Any, raw: Any, runs: int, warmup: int) -> dict[str, Any]:
    from botocore.exceptions import ClientError

    restorer = Restorer(meter)
    with quiet(), meter.record(probe=True) as tally:
        op.run()
    restorer.remember(tally.calls)
    restorer.restore([])
    if os.environ.get("BENCH_DEBUG"):
        print(op.name, [(c.operation, c.error, list(c.before)) for c in tally.calls], file=sys.stderr)
    recorded = [(c.operation, c.request) for c in tally.calls]
    handler_s: list[float] = []
    baseline_s: list[float] = []
    replay_errors = 0
    for n in range(warmup + runs):
        with quiet(), meter.record(probe=False) as timed:
            started = time.perf_counter()
            op.run()
            elapsed = time.perf_counter() - started
        written = [
            (table, key) for c in timed.calls for table, key, _ in meter._writes(c.operation, c.request)
        ]
        restorer.restore(written)
        started = time.perf_counter()
        for operation, request in recorded:
            body = dict(request)
            if "ClientRequestToken" in body:
                body["ClientRequestToken"] = uuid.uuid4().hex
            try:
                raw._make_api_call(operation, body)
            except ClientError:
                replay_errors += 1
        replayed = time.perf_counter() - started
        restorer.restore([])
        if n >= warmup:
            handler_s.append(elapsed)
            baseline_s.append(replayed)
    handler_ms, baseline_ms = statistics.median(handler_s) * 1000, statistics.median(baseline_s) * 1000
    return {
        **tally.as_dict(),
        "goal_calls": GOALS.get(op.name),
        "handler_ms_median": round(handler_ms, 2),
        "baseline_ms_median": round(baseline_ms, 2),
        "overhead_ratio": round(handler_ms / baseline_ms, 3),
        "overhead_goal": OVERHEAD_GOAL,
        "runs": runs,
        "replay_errors": replay_errors,
    }


def clients() -> list[Any]:
    """Every DynamoDB client the functions use: the shared connections and each model's own."""
    from advocacy.store import clients as limits
    from advocacy.store import tables
    from advocacy.store.models import TABLE_ENV

    found = [tables.connection(limits.DEFAULT).client, tables.connection(limits.REDIRECT).client]
    found += [m._get_connection().connection.client for m in TABLE_ENV if m.Meta.table_name]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.operations", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90, help="days of shares and clicks seeded")
    parser.add_argument("--runs", type=int, default=40, help="timed runs per operation (after warm-up)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    import logging

    from local.aws import MotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = MotoServer(0)
    server.start()
    try:
        environment(server.url)
        import boto3
        from botocore.config import Config

        from bench.meter import Meter

        create_resources()
        started = time.perf_counter()
        with quiet():
            org = seed(args.days)
        seeded = time.perf_counter() - started
        raw = boto3.client("dynamodb")  # the baseline: a plain boto3 client, botocore's defaults
        meter = Meter(boto3.client("dynamodb", config=Config(retries={"mode": "standard"})))
        for client in clients():
            meter.attach(client)
        results = {}
        for op in operations(org):
            results[op.name] = measure(op, meter, raw, args.runs, args.warmup)
            r = results[op.name]
            print(
                f"{op.name:18} {r['calls']} calls {r['by_operation']} rcu={r['rcu']} wcu={r['wcu']} "
                f"handler={r['handler_ms_median']}ms baseline={r['baseline_ms_median']}ms x{r['overhead_ratio']}",
                flush=True,
            )
    finally:
        server.stop()
    output = {
        **result_header("operations", argv),
        "seed": {
            "days": args.days,
            "members": MEMBERS,
            "groups": GROUPS,
            "content": CONTENT,
            "shares": args.days * SHARES_A_DAY,
            "clicks": args.days * SHARES_A_DAY * CLICKS_A_SHARE,
            "seconds": round(seeded, 1),
        },
        "capacity_note": (
            "rcu/wcu computed from item sizes (bench.meter); moto's ConsumedCapacity is a flat 0.5 or 1 "
            "per call (moto_reported_units), not what DynamoDB bills"
        ),
        "results": results,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
