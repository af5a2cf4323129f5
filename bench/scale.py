"""Calls and capacity of a share, a click and the analytics and leaderboard reads as an org grows.

    python -m bench.scale [--sizes 10,1000,10000] [--engine auto] [--history-days 89] [--seed 7]
                          [--output bench/results-scale.json]

For each size N, a fresh org (all sizes share one set of tables) where N members of one group have each
shared the same content once on the measured day (2026-11-04) and each share got one unique click
applied by the stream function, so that day's rollups count N advocates in the `all`, content and
group scopes; before it, a light history (two shares a day, one click each, each day its own content)
and then the leaderboards job. Members are written with the store model as the member service writes
them (no Cognito user); shares go through `advocacy.services.sharing`, clicks through the redirect
handler and the stream function (`bench.operations`' helpers). The transactions write no rollups
(decision 91): the `rollups` job recomputes them, run as the real system runs it, through the jobs
handler with a scheduled event: late on each history day, and once after the measured day's
seeding, so the 90-day summary reads the job's items.

Then each operation runs once through its real handler with every DynamoDB call recorded and its
capacity computed from item sizes (`bench.meter`, as `bench.operations`), and the tables are put back
as they were before it, so each operation starts from the seeded org:

- share, new advocate: a member who has not shared that day (the N+1-th advocate);
- share, active advocate: a member who shared that day shares the same content to another network;
- click applied (stream), rewarded: a new visitor's unique click on an active advocate's share;
- click applied (stream), repeat: that share's seeded visitor clicks again (not unique, no points);
- click applied (stream), bot: a link-preview crawler (LinkedInBot) fetches the same link (counted
  as a click, not human, no points);
- 90-day summary (`GET /analytics/summary`, the org's scope, by a manager) and leaderboard read
  (`GET /leaderboards/all`, by the active advocate).

The tables are on DynamoDB Local (`local.dynamodb_local`, Java 17+) with moto's server for Cognito and
Secrets Manager, or all on the in-process moto (`--engine moto`; `auto` picks DynamoDB Local when it
can run): the figures are the same, moto is far slower with large items.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.report import result_header, text_table

RESULTS = Path(__file__).with_name("results-scale.json")
SIZES = (10, 1000, 10000)
SEED = 7
HISTORY_DAYS = 89  # before the measured day: a 90-day summary ends on it
HISTORY_SHARES = 2  # a day, each with one click
DRAIN_EVERY = 500  # clicks recorded before the stream function applies them
NETWORK = "linkedin"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"
BOT_AGENT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
OPERATIONS = (
    "share, new advocate",
    "share, active advocate",
    "click applied (stream), rewarded",
    "click applied (stream), repeat",
    "click applied (stream), bot",
    "90-day summary",
    "leaderboard read",
)


_ORGS = itertools.count(1)


@dataclass
class Scene:
    """A seeded org, and what its operations need."""

    org_id: str
    group_id: str
    manager: dict[str, str]
    active: dict[str, str]  # shared the measured day's content, its link clicked once
    newcomer: dict[str, str]  # has not shared that day
    content_id: str
    code: str  # the active advocate's link
    seen_ip: str  # the visitor of its seeded click
    contents: list[str]  # in the order they were made
    seconds: float = 0.0


def _ip(n: int) -> str:
    """The n-th address of 198.18.0.0/15, the range set aside for benchmarks: one visitor each."""
    return f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}"


def _member(org_id: str, member_id: str, email: str, n: int, group_id: str, at: Any) -> Any:
    """A member record as the member service writes one (a follower count as PATCH /me sets it)."""
    from advocacy.store.models import MemberModel

    return MemberModel(
        org_id=org_id,
        member_id=member_id,
        email=email,
        name=f"Member {n}",
        role="member",
        status="active",
        groups={group_id},
        networks={NETWORK: {"followers": 100 + 37 * (n % 1000)}},
        created_at=at,
        updated_at=at,
    )


def _add_members(
    org_id: str, domain: str, group_id: str, count: int, rng: random.Random, at: Any
) -> list[Any]:
    """`count` members of the group, written in batches, and the group's count moved once by all of
    them (what `store.member_records.add_member` does member by member)."""
    from advocacy.store.groups import group_sk
    from advocacy.store.models import GroupModel, MemberModel

    made = [
        _member(
            org_id, str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"m{n}@{domain}", n, group_id, at
        )
        for n in range(count)
    ]
    with MemberModel.batch_write() as batch:
        for member in made:
            batch.save(member)
    group = GroupModel.get(org_id, group_sk(group_id))
    group.update(actions=[GroupModel.member_count.add(count)])
    return made


def _person(member: Any) -> dict[str, str]:
    return {"member_id": member.member_id, "org_id": member.org_id}


def _click(code: str, at: Any, ip: str, agent: str = USER_AGENT) -> None:
    from bench.operations import _ok, redirect, redirect_event

    event = redirect_event(code, at, ip)
    event["headers"]["user-agent"] = event["requestContext"]["http"]["userAgent"] = agent
    _ok(redirect(event), 302)


def seed(
    size: int,
    pump: Any,
    rng: random.Random,
    history_days: int = HISTORY_DAYS,
    progress: Callable[[str], None] = lambda _: None,
) -> Scene:
    """An org where `size` members shared one content on the measured day, each share clicked once
    (applied by the stream function), with `history_days` of light history before it and a
    leaderboards run; the `rollups` job late on each history day and once after the measured day's
    seeding, as its schedule would."""
    from advocacy.handlers import jobs
    from advocacy.ops import bootstrap
    from advocacy.services import sharing
    from bench.operations import NOW, _ok, api
    from bench.texts import TEXTS
    from tests.support.events import FakeContext, scheduled_event

    started = time.perf_counter()
    start = NOW - timedelta(days=history_days + 1)
    domain = f"scale{next(_ORGS)}.test"  # a domain belongs to one org
    org_body, _ = bootstrap.create_org(f"Scale {size}", f"ada@{domain}", "Ada", start, send_invitation=False)
    org_id = org_body["org_id"]
    group_id = bootstrap.create_group(org_id, "Everyone", start)["group_id"]
    manager = bootstrap.add_member(org_id, f"max@{domain}", "Max", "manager", [], start, False)
    manager["org_id"] = org_id
    members = _add_members(org_id, domain, group_id, size + 1, rng, start)
    newcomer = members.pop()
    expires = (NOW + timedelta(days=60)).isoformat()
    contents: list[str] = []

    def content(title: str) -> str:
        body = {"title": title, "url": f"https://www.example.com/{uuid.UUID(int=rng.getrandbits(128))}",
                "status": "published", "expires_at": expires, **TEXTS}  # fmt: skip
        contents.append(str(_ok(api("POST", "/content", manager, start, body=body), 201)["content_id"]))
        return contents[-1]

    def share_and_click(member: Any, content_id: str, at: Any, visitor: int) -> str:
        made = sharing.share(member, content_id, NETWORK, None, at)
        _click(made.share.code, at + timedelta(minutes=1), _ip(visitor))
        return str(made.share.code)

    def job(name: str, at: Any) -> None:
        jobs.handler(scheduled_event(name, at.isoformat().replace("+00:00", "Z")), FakeContext("jobs"))

    visitors = 0
    for day in range(history_days):
        at = start + timedelta(days=day + 1, hours=9)
        item = content(f"News of day {day}")
        for n in range(min(HISTORY_SHARES, size)):
            member = members[(day * HISTORY_SHARES + n) % size]
            share_and_click(member, item, at + timedelta(minutes=n), visitors)
            visitors += 1
        pump.drain()
        job("rollups", at + timedelta(hours=14))  # late that day: the summary reads what it computed
    today = content("Today's news")
    day_start = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    step = (NOW - timedelta(hours=1) - day_start) / size
    codes = []
    for n, member in enumerate(members):
        codes.append(share_and_click(member, today, day_start + step * n, visitors + n))
        if (n + 1) % DRAIN_EVERY == 0:
            pump.drain()
            progress(f"{size:>6} members: {n + 1} shared and clicked, {time.perf_counter() - started:.0f} s")
    pump.drain()
    job("rollups", NOW - timedelta(minutes=30))  # after the day's seeding, before the operations
    job("leaderboards", NOW)
    return Scene(
        org_id, group_id, manager, _person(members[0]), _person(newcomer), today, codes[0], _ip(visitors), contents,
        round(time.perf_counter() - started, 1),
    )  # fmt: skip


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[[], Any]


def operations(scene: Scene, pump: Any) -> list[Operation]:
    """The measured operations, in `OPERATIONS` order; the three clicks are recorded by the redirect
    first (not measured), then applied by the stream function."""
    from bench.operations import NOW, _ok, _stream, api

    _click(scene.code, NOW, "203.0.113.77")  # a new visitor
    _click(scene.code, NOW + timedelta(seconds=1), scene.seen_ip)  # the seeded click's visitor again
    _click(scene.code, NOW + timedelta(seconds=2), "198.51.100.9", BOT_AGENT)  # a link preview
    rewarded, repeat, bot = pump.records()[-3:]
    first = (NOW - timedelta(days=HISTORY_DAYS)).date().isoformat()
    path = f"/content/{scene.content_id}/shares"
    runs = {
        "share, new advocate": lambda: _ok(api("POST", path, scene.newcomer, body={"network": NETWORK}), 201),
        "share, active advocate": lambda: _ok(api("POST", path, scene.active, body={"network": "x"}), 201),
        "click applied (stream), rewarded": lambda: _stream(rewarded),
        "click applied (stream), repeat": lambda: _stream(repeat),
        "click applied (stream), bot": lambda: _stream(bot),
        "90-day summary": lambda: _ok(
            api(
                "GET",
                "/analytics/summary",
                scene.manager,
                query={"from": first, "to": NOW.date().isoformat()},
            ),
            200,
        ),
        "leaderboard read": lambda: _ok(api("GET", "/leaderboards/all", scene.active), 200),
    }
    return [Operation(name, runs[name]) for name in OPERATIONS]


def measure(op: Operation, meter: Any) -> dict[str, Any]:
    """One metered run, then the tables put back as they were before it."""
    from bench.operations import Restorer, quiet

    restorer = Restorer(meter)
    with quiet(), meter.record(probe=True) as tally:
        op.run()
    restorer.remember(tally.calls)
    restorer.restore([])
    return tally.as_dict()


def pick_engine(kind: str) -> str:
    """`auto`: DynamoDB Local where it can run (a Java 17+ JDK), else the in-process moto."""
    if kind != "auto":
        return kind
    from local.dynamodb_local import EngineUnavailable, available

    try:
        available()
    except EngineUnavailable as exc:
        print(f"DynamoDB Local cannot run ({exc}): moto instead, far slower at 10,000", file=sys.stderr)
        return "moto"
    return "dynamodb-local"


@contextmanager
def engine(kind: str) -> Iterator[None]:
    """The AWS services the functions use, with dummy credentials: an in-process moto (`moto`), or
    DynamoDB Local for the tables and moto's server for the rest (`dynamodb-local`)."""
    from bench import operations as ops
    from bench.leaderboards import fast_moto  # noqa: F401 - its package clears AWS_ENDPOINT_URL: loaded first

    if kind == "moto":
        from moto import mock_aws

        from local.moto_isolation import isolate_requests
        from local.moto_speedups import speed_up

        ops.environment("")
        del os.environ["AWS_ENDPOINT_URL"]  # in-process moto answers the AWS endpoints themselves
        with mock_aws():
            isolate_requests()  # as the local stack's moto: a cancelled transaction undone item by item
            speed_up()
            yield
        return
    import logging

    from local.aws import MotoServer
    from local.dynamodb_local import DynamoDBLocal

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = MotoServer(0, dynamodb=False)
    tables = DynamoDBLocal(Path(tempfile.gettempdir()) / f"bench-scale-dynamodb-{os.getpid()}.log")
    # A run of minutes, not the local stack's seconds: the JVM's optimising compiler pays for itself.
    tables.argv = [a for a in tables.argv if a != "-XX:TieredStopAtLevel=1"]
    server.start()
    try:
        tables.start()
        ops.environment(server.url)
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = os.environ["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] = tables.url
        yield
    finally:
        tables.stop()
        server.stop()


def run_sizes(
    sizes: list[int], seed_value: int, kind: str, history_days: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    """Seed and measure every size on one engine (one org each): the results by size."""
    from bench import operations as ops
    from bench.leaderboards.fast_moto import fast_moto
    from bench.meter import Meter

    with engine(kind), fast_moto(kind == "moto"):
        import boto3
        from botocore.config import Config

        ops.create_resources()
        pump = ops.ClickStream(ops.TABLES["CLICKS_TABLE"])
        meter = Meter(boto3.client("dynamodb", config=Config(retries={"mode": "standard"})))
        rng = random.Random(seed_value)
        by_size: dict[str, Any] = {}
        for size in sizes:
            with ops.quiet():
                scene = seed(
                    size, pump, rng, history_days, progress=lambda line: print(line, file=sys.stderr)
                )
            progress(f"{size:>6} members: seeded in {scene.seconds:.1f} s")
            for client in ops.clients():  # made as the functions first ran
                meter.attach(client)
            measured = {}
            for op in operations(scene, pump):
                measured[op.name] = r = measure(op, meter)
                progress(
                    f"{size:>6} members: {op.name:34} {r['calls']} calls, {r['rcu']:g} RCU, {r['wcu']:g} WCU"
                )
            by_size[str(size)] = {"members": size, "seed_seconds": scene.seconds, "results": measured}
    return by_size


def table(by_size: dict[str, Any]) -> str:
    """Size x operation: calls (by operation), RCU, WCU."""
    rows = [
        [
            f"{r['members']:,}",
            name,
            str(m["calls"]),
            f"{m['rcu']:g}",
            f"{m['wcu']:g}",
            ", ".join(m["sequence"]),
        ]
        for r in by_size.values()
        for name, m in r["results"].items()
    ]
    return text_table(
        ["members", "operation", "calls", "RCU", "WCU", "calls in order"], rows, right={0, 2, 3, 4}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="advocates active that day")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (member ids, content URLs)")
    parser.add_argument(
        "--engine",
        choices=("auto", "dynamodb-local", "moto"),
        default="auto",
        help="where the tables are (auto: DynamoDB Local if Java 17+ is there, else moto)",
    )
    parser.add_argument("--history-days", type=int, default=HISTORY_DAYS, help="days of light history")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 1:
        parser.error("--sizes: one or more counts of at least 1")
    started = time.perf_counter()
    kind = pick_engine(args.engine)
    by_size = run_sizes(sizes, args.seed, kind, args.history_days, lambda line: print(line, flush=True))
    seconds = round(time.perf_counter() - started, 1)
    output = {
        **result_header("scale", argv),
        "seconds": seconds,
        "engine": kind,
        "seed": {
            "random_seed": args.seed,
            "sizes": sizes,
            "measured_day": "2026-11-04",
            "members": "N in one group, plus one who has not shared that day",
            "today": "each of the N members shared one content once, and its link got one unique click",
            "history": {"days": args.history_days, "shares_a_day": HISTORY_SHARES, "clicks_a_share": 1},
        },
        "capacity_note": (
            "rcu/wcu computed from item sizes (bench.meter); moto's ConsumedCapacity is a flat 0.5 or 1 "
            "per call (moto_reported_units), not what DynamoDB bills"
        ),
        "rollups": "the rollups job (jobs handler, scheduled event) late on each history day and at 09:30 "
        "on the measured day, after its seeding",
        "results": by_size,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    print("\n" + table(by_size))
    print(f"\n{seconds:.0f} s in all ({kind}); written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
