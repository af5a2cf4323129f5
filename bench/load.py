"""Load with reconciliation: many concurrent clients sharing and clicking against the local stack, then an
exact reconciliation of everything they caused.

    python -m bench.load [--clients 20] [--members 40] [--shares 200] [--clicks 1200] [--duration 90]
                         [--seed 46] [--redeliver 0.2] [--attach [.local/stack.json]] [--output PATH]

It starts the local stack (`python -m local` on free 127.0.0.1 ports, no scheduler, no demo orgs,
the stream poller redelivering a fraction of batches), or attaches to a running one through its
stack.json. It creates an org of its own (operator path, as `make create-org` does), its groups,
members (POST /members, signed in through the local Cognito), follower counts and content, then runs
`--clients` threads that each own some members and some visitors:

- members read the feed and share content to networks. Every share is a POST of the same request
  sent again in some way: repeated after the answer (a lost response), sent twice at once (a double
  submit), abandoned before the answer and sent again, or shared again later; half carry an
  `Idempotency-Key`, the same on every attempt;
- visitors click tracked links (GET /r/{code}): distinct visitors are distinct source addresses in
  127.0.0.0/8 (what the gateway, like API Gateway, takes as `sourceIp`) and User-Agents, some behind
  one address (NAT), some sending a spoofed `X-Forwarded-For`; link-preview bots, HEAD requests,
  repeated clicks by one visitor and unknown codes are mixed in.

Every request carries `x-local-time`: the run is scripted over `--days` days (default three,
crossing a week, month, quarter and year boundary in the org's time zone), so daily caps, unique
visitors (24 h) and period boards are exercised. The client keeps its own record of what it did;
after the load it waits until the stream poller is quiet (all clicks applied, duplicates delivered),
runs the leaderboards job, and reconciles exactly, from DynamoDB (through the store models) and the
API: balances, lifetime points, ledger entries, period scores, leaderboards, share and content
counters, click events, daily analytics rollups and summaries, `/me`, `/me/shares`, `/me/points` and
the feed. It prints requests by kind, throughput, statuses, retries and every check with expected and
actual figures, writes `bench/results-load.json`, and exits 1 on any mismatch.

Traffic goes to 127.0.0.0/8 only. The load phase stops at `--duration` seconds whatever is left (the
reconciliation covers what was done); waiting for the stream is bounded by `--drain-timeout`.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bench.report import text_table
from local import child

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results-load.json")
PASSWORD = "Load-bench-local-1!"  # noqa: S105 - local stack only; meets the pool's password policy
TIMEZONE = "America/Los_Angeles"
# Saturday 2028-12-30 to Monday 2029-01-01 (org time): a week, month, quarter and year boundary.
START_DAY = date(2028, 12, 30)
NETWORKS = ("linkedin", "x", "facebook", "email")
RULES = {"share": 10, "click": 2, "click_daily_cap_per_share": 3, "content_submission": 0}
# Every click fact the replay counts; the report lists each, zero included, so a rare one (a mistyped
# link is 1 click in 100) is 0 rather than absent in a small run.
CLICK_FACTS = (
    "clicks",
    "human clicks",
    "unique clicks",
    "repeat human clicks (not unique)",
    "unique clicks over the daily cap",
    "unknown-code clicks",
)
EMV = {"cpm": 12.5, "cpc": 0.75, "currency": "EUR"}
PERIODS = ("week", "month", "quarter", "all")
UNIQUE_WINDOW = timedelta(hours=24)
BOT_AGENTS = (
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",  # no User-Agent at all
)
RETRY_STATUSES = {429, 500, 502, 503, 504}
START_TIMEOUT_S = 180  # a cold CDK synth is most of it


# --- The stack -----------------------------------------------------------------------------------


@dataclass
class StackHandle:
    """A running local stack: ours (a child process) or one we attached to."""

    info: dict[str, Any]
    owned: bool
    started: child.Child | None = None
    state_dir: tempfile.TemporaryDirectory[str] | None = None

    def stop(self) -> None:
        if self.started is not None:
            self.started.stop()
        if self.state_dir is not None:
            self.state_dir.cleanup()


def start_stack(redeliver: float, cache_dir: Path) -> StackHandle:
    """`python -m local` on free ports (local/child.py), without scheduler or demo orgs."""
    state = tempfile.TemporaryDirectory(prefix="bench-load-")
    options = (
        "--cache-dir",
        str(cache_dir),
        "--no-scheduler",
        "--no-seed",
        "--stream-redeliver",
        str(redeliver),
    )
    try:
        started = child.start(Path(state.name), *options, timeout=START_TIMEOUT_S)
    except child.StackNotReady as exc:
        state.cleanup()
        raise SystemExit(str(exc)) from exc
    return StackHandle(started.info, True, started, state)


def attach_stack(path: Path) -> StackHandle:
    info = dict(json.loads(path.read_text()))
    for key in ("api_url", "aws_endpoint_url", "table_env", "user_pool_id", "user_pool_client_id"):
        if key not in info:
            raise SystemExit(f"{path} has no {key!r}: restart the stack with this version of local/")
    host = urlsplit(info["api_url"]).hostname or ""
    if not host.startswith("127.") and host != "localhost":
        raise SystemExit(f"refusing to load {info['api_url']}: only 127.0.0.0/8 is a target")
    return StackHandle(info, False)


def bind_store(info: dict[str, Any]) -> None:
    """Point this process's store models (and the operator bootstrap) at the stack's emulator."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": info["aws_endpoint_url"],
            "AWS_DEFAULT_REGION": info["region"],
            "AWS_REGION": info["region"],
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "USER_POOL_ID": info["user_pool_id"],
            "NO_PROXY": "127.0.0.1,localhost",
            **info["table_env"],
        }
    )
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    from advocacy.store.tables import bind

    bind(info["table_env"])


# --- HTTP and the traffic counters -----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Traffic:
    """Every request the clients made: by kind, status and latency; retries; connection errors."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    retries: Counter[str] = field(default_factory=Counter)

    def note(self, kind: str, status: str, seconds: float) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)

    def retry(self, kind: str) -> None:
        with self.lock:
            self.retries[kind] += 1


def _time_header(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Http:
    """One client's connections: a keep-alive one for the API, a new one per click (a visitor
    arriving from a social network opens its own), each from the source address asked for."""

    def __init__(self, api_url: str, traffic: Traffic) -> None:
        parts = urlsplit(api_url)
        self.host, self.port = parts.hostname or "127.0.0.1", int(parts.port or 80)
        self.traffic = traffic
        self._api: http.client.HTTPConnection | None = None

    def _connection(self, source: str | None, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            self.host, self.port, timeout=timeout, source_address=(source, 0) if source else None
        )

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        source: str | None = None,
    ) -> Answer | None:
        """One request; None when the connection failed (the outcome is then unknown)."""
        data = json.dumps(body).encode() if body is not None else None
        sent = {**(headers or {})}
        if data is not None:
            sent["content-type"] = "application/json"
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
        keep = source is None
        started = time.perf_counter()
        for fresh in (False, True) if keep else (True,):
            reused = keep and not fresh and self._api is not None
            conn = self._api if reused and self._api is not None else self._connection(source, 60)
            try:
                conn.request(method, path, body=data, headers=sent)
                response = conn.getresponse()
                payload = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                conn.close()
                if keep:
                    self._api = None
                    # A kept-alive connection the server had closed fails at once: send again, once.
                    if reused and isinstance(exc, http.client.RemoteDisconnected | BrokenPipeError):
                        continue
                self.traffic.note(kind, type(exc).__name__, time.perf_counter() - started)
                return None
            if keep:
                self._api = conn
            else:
                conn.close()
            seconds = time.perf_counter() - started
            self.traffic.note(kind, str(response.status), seconds)
            return Answer(response.status, payload, seconds)
        return None

    def abandon(
        self, kind: str, method: str, path: str, token: str, body: Any, headers: dict[str, str]
    ) -> None:
        """Send a request and hang up before the answer, as a client whose connection dropped."""
        conn = self._connection(None, 0.002)
        data = json.dumps(body).encode()
        sent = {**headers, "content-type": "application/json", "authorization": f"Bearer {token}"}
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=sent)
            conn.getresponse().read()
            status = "answered before hang-up"
        except (TimeoutError, OSError, http.client.HTTPException):
            status = "abandoned"
        finally:
            conn.close()
        self.traffic.note(kind, status, time.perf_counter() - started)

    def close(self) -> None:
        if self._api is not None:
            self._api.close()


def until_answered(
    http_: Http, kind: str, method: str, path: str, attempts: int = 8, **kwargs: Any
) -> Answer | None:
    """Send until a definitive answer: connection errors, 429, 5xx and 409 `idempotency_in_progress`
    are sent again (bounded), with the same body and headers, so every attempt is the same request."""
    answer: Answer | None = None
    for attempt in range(attempts):
        if attempt:
            http_.traffic.retry(kind)
            time.sleep(min(0.05 * 2**attempt, 1.0))
        answer = http_.call(kind, method, path, **kwargs)
        if answer is None or answer.status in RETRY_STATUSES:
            continue
        if answer.status == 409 and b"idempotency_in_progress" in answer.body:
            continue
        return answer
    return answer


# --- The world the bench sets up -------------------------------------------------------------------


@dataclass
class Member:
    member_id: str
    email: str
    groups: tuple[str, ...]
    followers: dict[str, int]
    token: str = ""


@dataclass(frozen=True)
class Content:
    content_id: str
    groups: tuple[str, ...]
    networks: tuple[str, ...]
    points: int | None

    def offered(self) -> tuple[str, ...]:
        return self.networks or NETWORKS


@dataclass
class World:
    org_id: str
    admin_id: str
    admin_token: str
    timezone: str
    start: datetime
    end: datetime
    groups: list[str]
    members: dict[str, Member]
    contents: dict[str, Content]

    def visible(self, member: Member) -> list[Content]:
        return [c for c in self.contents.values() if not c.groups or set(c.groups) & set(member.groups)]


@dataclass(frozen=True)
class Visitor:
    ident: int
    ip: str
    agent: str
    bot: bool
    spoofs_forwarded_for: bool


def setup(http_: Http, info: dict[str, Any], args: argparse.Namespace, rng: random.Random) -> World:
    """A fresh org with groups, members (signed in), followers and content, all through the API but
    the org itself, which only an operator creates."""
    import boto3

    from advocacy.ops import bootstrap

    tag = uuid.uuid4().hex[:8]
    zone = ZoneInfo(args.timezone)
    start = datetime.combine(args.start, datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(args.start + timedelta(days=args.days), datetime.min.time(), zone).astimezone(UTC)
    before = start - timedelta(hours=2)
    org, admin = bootstrap.create_org(
        f"Load bench {tag}", f"admin-{tag}@load.example", "Load Admin", before, args.timezone, False
    )
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=info["aws_endpoint_url"],
        region_name=info["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - the emulator's dummy credentials
    )

    def login(email: str) -> str:
        idp.admin_set_user_password(
            UserPoolId=info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
        )
        result = idp.initiate_auth(
            ClientId=info["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        return str(result["AuthenticationResult"]["IdToken"])

    def must(answer: Answer | None, status: int, what: str) -> Any:
        if answer is None or answer.status != status:
            got = "no answer" if answer is None else f"{answer.status} {answer.body[:300]!r}"
            raise SystemExit(f"setup failed: {what}: {got}")
        return answer.json()

    at = {"x-local-time": _time_header(before)}
    admin_token = login(admin["email"])
    must(
        http_.call("setup", "PATCH", "/org", token=admin_token, body={"point_rules": RULES, "emv": EMV}),
        200,
        "PATCH /org",
    )
    groups = [
        must(
            http_.call("setup", "POST", "/groups", token=admin_token, body={"name": f"{name} {tag}"}),
            201,
            "POST /groups",
        )["group_id"]
        for name in ("Engineering", "Sales", "Marketing")
    ]
    members: dict[str, Member] = {}
    for i in range(args.members):
        # Most members in one group, some in two, some in none (content for everyone only).
        shape = i % 6
        mine = [groups[i % 3]] if shape < 4 else [groups[i % 3], groups[(i + 1) % 3]] if shape == 4 else []
        email = f"m{i:03d}-{tag}@load.example"
        body = {"email": email, "name": f"Member {i:03d}", "role": "member", "groups": mine}
        created = must(
            http_.call("setup", "POST", "/members", token=admin_token, body=body), 201, "POST /members"
        )
        followers = {n: rng.randint(0, 5000) for n in ("linkedin", "x", "facebook") if rng.random() < 0.8}
        member = Member(created["member_id"], email, tuple(mine), followers, login(email))
        networks = {n: {"followers": f} for n, f in followers.items()}
        must(
            http_.call("setup", "PATCH", "/me", token=member.token, body={"networks": networks}),
            200,
            "PATCH /me",
        )
        members[member.member_id] = member
    specs: list[dict[str, Any]] = [
        {"title": "For everyone"},
        {"title": "Worth more", "points": 25},
        {"title": "Engineering only", "groups": [groups[0]]},
        {"title": "Two networks", "networks": ["linkedin", "x"]},
        {"title": "No share points", "points": 0},
        {"title": "Sales and marketing", "groups": [groups[1], groups[2]]},
    ]
    contents: dict[str, Content] = {}
    for i, spec in enumerate(specs):
        body = {**spec, "url": f"https://load.example/{tag}/{i}?ref=bench", "status": "published"}
        item = must(
            http_.call("setup", "POST", "/content", token=admin_token, body=body, headers=at),
            201,
            "POST /content",
        )
        contents[item["content_id"]] = Content(
            item["content_id"], tuple(item["groups"]), tuple(item["networks"]), item["points"]
        )
    return World(
        org["org_id"], admin["member_id"], admin_token, args.timezone, start, end, groups, members, contents
    )


# --- What the clients do, and their record of it ---------------------------------------------------


@dataclass
class ShareOp:
    """One logical share (member, content, network) at one time, and how its request was repeated."""

    member_id: str
    content_id: str
    network: str
    at: datetime
    mode: str  # once | repeat | double | abandon | again (the same share, later)
    idempotency_key: str | None
    answers: list[int] = field(default_factory=list)
    share_ids: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    resolved: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.member_id, self.content_id, self.network)


@dataclass
class ClickOp:
    visitor: Visitor
    at: datetime
    method: str = "GET"
    code: str = ""
    known: bool = True
    status: int | None = None

    @property
    def human(self) -> bool:
        return self.method == "GET" and not self.visitor.bot


@dataclass
class Link:
    code: str
    share_id: str
    member_id: str
    content_id: str
    network: str
    groups: tuple[str, ...]
    at: datetime


@dataclass
class Registry:
    """Links created so far (shared by the clients), keyed by share key."""

    lock: threading.Condition = field(default_factory=threading.Condition)
    by_key: dict[tuple[str, str, str], Link] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    by_code: dict[str, Link] = field(default_factory=dict)

    def add(self, link: Link, key: tuple[str, str, str]) -> None:
        with self.lock:
            if key not in self.by_key:
                self.by_key[key] = link
                self.by_code[link.code] = link
                self.codes.append(link.code)
                self.lock.notify_all()

    def pick(self, rng: random.Random, timeout: float) -> Link | None:
        """A link already shared (waiting for the first one, at the very start of the run)."""
        with self.lock:
            self.lock.wait_for(lambda: bool(self.codes), timeout)
            return self.by_code[rng.choice(self.codes)] if self.codes else None


@dataclass
class ClientPlan:
    members: list[Member]
    visitors: list[Visitor]
    ops: list[tuple[datetime, str, Any]]  # (time, "share" | "click" | "feed", op), time order


def plan(world: World, args: argparse.Namespace, rng: random.Random) -> list[ClientPlan]:
    """Split members and visitors over the clients and give each client its time-ordered work.

    Times are whole seconds, as `x-local-time` carries them."""
    window = (world.end - world.start).total_seconds()

    def at(fraction: float) -> datetime:
        return world.start + timedelta(seconds=int(window * fraction))

    members = list(world.members.values())
    clients = [ClientPlan(members[i :: args.clients], [], []) for i in range(args.clients)]
    clients = [c for c in clients if c.members]
    n = len(clients)
    # Visitors: distinct (source address, User-Agent) pairs; some share an address (NAT), some are bots.
    visitors_per_client = max(2, args.clicks // (8 * n))
    ident = 0
    for k, client in enumerate(clients):
        for j in range(visitors_per_client):
            ident += 1
            bot = rng.random() < args.bot_fraction
            nat = j % 5 == 4  # every fifth visitor shares the previous visitor's address
            address = ident - 1 if nat else ident
            ip = f"127.{20 + k}.{address // 250 % 250}.{address % 250 + 1}"
            agent = (
                rng.choice(BOT_AGENTS)
                if bot
                else f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{110 + ident % 20}.0.{ident}.{rng.randint(0, 99)} Safari/537.36"
            )
            client.visitors.append(Visitor(ident, ip, agent, bot, rng.random() < 0.2))
    for k, client in enumerate(clients):
        keys = [
            (m.member_id, c.content_id, net)
            for m in client.members
            for c in world.visible(m)
            for net in c.offered()
        ]
        rng.shuffle(keys)
        quota = args.shares // n + (1 if k < args.shares % n else 0)
        for member_id, content_id, network in keys[:quota]:
            # Shares come early (so there is something to click), none in the last tenth of the window.
            when = at(0.9 * rng.random() ** 1.6)
            mode = rng.choices(("once", "repeat", "double", "abandon"), (55, 20, 15, 10))[0]
            key = f"load-{uuid.UUID(int=rng.getrandbits(128))}" if rng.random() < 0.5 else None
            client.ops.append((when, "share", ShareOp(member_id, content_id, network, when, mode, key)))
            if rng.random() < 0.1:  # the member shares the same thing again later: 200, nothing more
                later = when + timedelta(seconds=int((world.end - when).total_seconds() * 0.5 * rng.random()))
                again = ShareOp(member_id, content_id, network, later, "again", None)
                client.ops.append((later, "share", again))
        clicks = args.clicks // n + (1 if k < args.clicks % n else 0)
        for _ in range(clicks):
            when = at(0.02 + 0.97 * rng.random())
            client.ops.append((when, "click", ClickOp(rng.choice(client.visitors), when)))
        for _ in range(max(1, (quota + clicks) // 25)):
            client.ops.append((at(rng.random()), "feed", rng.choice(client.members)))
        client.ops.sort(key=lambda op: op[0])
    return clients


class Client(threading.Thread):
    """One concurrent client: its members share and read the feed, its visitors click."""

    def __init__(
        self,
        index: int,
        work: ClientPlan,
        world: World,
        registry: Registry,
        http_: Http,
        deadline: float,
        seed: int,
    ) -> None:
        super().__init__(name=f"client-{index}", daemon=True)
        self.work, self.world, self.registry, self.http = work, world, registry, http_
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.shares: list[ShareOp] = []
        self.clicks: list[ClickOp] = []
        self.skipped = 0
        self.failure: BaseException | None = None
        self._favourites: dict[int, list[str]] = defaultdict(list)

    def run(self) -> None:
        try:
            for index, (at, kind, op) in enumerate(self.work.ops):
                if time.monotonic() >= self.deadline:
                    self.skipped = len(self.work.ops) - index
                    return
                if kind == "share":
                    self._share(op)
                elif kind == "click":
                    self._click(op)
                else:
                    self.http.call(
                        "feed",
                        "GET",
                        "/feed?limit=50",
                        token=op.token,
                        headers={"x-local-time": _time_header(at)},
                    )
        except BaseException as exc:  # reported by the main thread
            self.failure = exc
        finally:
            self.http.close()

    # Shares ---------------------------------------------------------------------------------------

    def _send_share(self, op: ShareOp, http_: Http, kind: str) -> None:
        member = self.world.members[op.member_id]
        headers = {"x-local-time": _time_header(op.at)}
        if op.idempotency_key:
            headers["idempotency-key"] = op.idempotency_key
        answer = until_answered(
            http_,
            kind,
            "POST",
            f"/content/{op.content_id}/shares",
            token=member.token,
            body={"network": op.network},
            headers=headers,
        )
        if answer is None:
            op.answers.append(0)
            return
        op.answers.append(answer.status)
        if answer.status in (200, 201):
            body = answer.json()
            op.share_ids.add(body["share_id"])
            op.codes.add(body["code"])

    def _share(self, op: ShareOp) -> None:
        self.shares.append(op)
        if op.mode == "abandon":
            member = self.world.members[op.member_id]
            headers = {"x-local-time": _time_header(op.at)}
            if op.idempotency_key:
                headers["idempotency-key"] = op.idempotency_key
            self.http.abandon(
                "share",
                "POST",
                f"/content/{op.content_id}/shares",
                member.token,
                {"network": op.network},
                headers,
            )
        if op.mode == "double":
            twin_http = Http(f"http://{self.http.host}:{self.http.port}", self.http.traffic)
            twin = threading.Thread(target=self._send_share, args=(op, twin_http, "share"))
            twin.start()
            self._send_share(op, self.http, "share")
            twin.join()
            twin_http.close()
        else:
            self._send_share(op, self.http, "share" if op.mode != "again" else "share again")
        if op.mode == "repeat":  # the answer was lost on the way: the client sends it again
            self._send_share(op, self.http, "share repeat")
        op.resolved = bool(op.answers) and all(s in (200, 201) for s in op.answers)
        if op.resolved and len(op.codes) == 1 and len(op.share_ids) == 1:
            member = self.world.members[op.member_id]
            link = Link(
                next(iter(op.codes)),
                next(iter(op.share_ids)),
                op.member_id,
                op.content_id,
                op.network,
                member.groups,
                op.at,
            )
            self.registry.add(link, op.key)

    # Clicks ---------------------------------------------------------------------------------------

    def _click(self, op: ClickOp) -> None:
        visitor = op.visitor
        favourites = self._favourites[visitor.ident]
        if self.rng.random() < 0.01:  # a mistyped or stale link
            op.code, op.known = "".join(self.rng.choices("abcdefghijkmnopqrstuvwxyz23456789", k=12)), False
        elif favourites and self.rng.random() < 0.45:  # the same visitor comes back to a link
            op.code = self.rng.choice(favourites)
        else:
            link = self.registry.pick(self.rng, max(0.0, self.deadline - time.monotonic()))
            if link is None:
                return
            op.code = link.code
            favourites.append(link.code)
        if op.known:
            shared_at = self.registry.by_code[op.code].at
            op.at = max(op.at, shared_at + timedelta(seconds=30))  # nobody clicks before the share
        if not visitor.bot and self.rng.random() < 0.04:
            op.method = "HEAD"  # a link checker in the visitor's browser: never human
        headers = {"x-local-time": _time_header(op.at)}
        if visitor.agent:
            headers["user-agent"] = visitor.agent
        if visitor.spoofs_forwarded_for:  # not the source address: must not make a new visitor
            headers["x-forwarded-for"] = f"198.51.100.{self.rng.randint(1, 254)}"
        answer = self.http.call(
            "click" if op.known else "click unknown code",
            op.method,
            f"/r/{op.code}",
            headers=headers,
            source=visitor.ip,
        )
        op.status = answer.status if answer is not None else None
        self.clicks.append(op)


# --- The stream, the job -------------------------------------------------------------------------


def stream_status(http_: Http) -> dict[str, Any]:
    answer = http_.call("local", "GET", "/_local/streams")
    if answer is None or answer.status != 200:
        raise SystemExit("the stack has no GET /_local/streams: restart it with this version of local/")
    return dict(answer.json())


def set_redeliver(http_: Http, fraction: float) -> float:
    """Set the fraction of stream batches delivered twice; returns the previous one."""
    before = float(stream_status(http_).get("redeliver", 0.0))
    answer = http_.call("local", "POST", "/_local/streams", body={"redeliver": fraction})
    if answer is None or answer.status != 200:
        raise SystemExit("cannot set the stream redelivery fraction")
    return before


def drain(http_: Http, timeout: float) -> tuple[bool, float, dict[str, Any]]:
    """Wait until every poller has polled twice since now and found nothing to deliver (no record,
    no duplicate pending): every click written before this call has then been applied."""
    started = time.monotonic()
    polls = {m["mapping"]: m["polls"] for m in stream_status(http_)["mappings"]}
    while True:
        status = stream_status(http_)
        if all(
            m["polls"] >= polls.get(m["mapping"], 0) + 2
            and m["quiet_polls"] >= 2
            and not m["pending_redeliveries"]
            for m in status["mappings"]
        ):
            return True, time.monotonic() - started, status
        if time.monotonic() - started > timeout:
            return False, time.monotonic() - started, status
        time.sleep(0.25)


# --- The expected figures, from the clients' record ------------------------------------------------


def period_keys(at: datetime, timezone: str) -> dict[str, str]:
    """The board keys of `at` (org time), written out here rather than taken from the code under test."""
    local = at.astimezone(ZoneInfo(timezone))
    iso = local.isocalendar()
    return {
        "week": f"{iso.year:04d}-W{iso.week:02d}",
        "month": f"{local.year:04d}-{local.month:02d}",
        "quarter": f"{local.year:04d}-Q{(local.month - 1) // 3 + 1}",
        "all": "all",
    }


def local_day(at: datetime, timezone: str) -> str:
    return at.astimezone(ZoneInfo(timezone)).date().isoformat()


def job_boards(now: datetime, timezone: str) -> set[tuple[str, str]]:
    """The boards a first leaderboards run at `now` writes: each period's current and previous key."""
    local = now.astimezone(ZoneInfo(timezone))
    first_month = 3 * ((local.month - 1) // 3) + 1
    before = {
        "week": local - timedelta(days=7),
        "month": local.replace(day=1) - timedelta(days=1),
        "quarter": local.replace(month=first_month, day=1) - timedelta(days=1),
    }
    boards = set(period_keys(now, timezone).items())
    return boards | {(period, period_keys(when, timezone)[period]) for period, when in before.items()}


@dataclass
class Expected:
    """What the run should have caused, built by replaying the clients' record with API.md's rules."""

    world: World
    links: dict[str, Link] = field(default_factory=dict)  # by code
    balance: Counter[str] = field(default_factory=Counter)
    member_shares: Counter[str] = field(default_factory=Counter)
    member_uniques: Counter[str] = field(default_factory=Counter)
    # member -> "<type> entries" / "<type> points"
    ledger: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # (period, key) -> member -> points / shares / clicks
    scores: dict[tuple[str, str], dict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    share_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # by code
    content_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rollups: dict[tuple[str, str], dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    facts: Counter[str] = field(default_factory=Counter)
    _uniques_by_day: dict[tuple[str, str], list[datetime]] = field(default_factory=lambda: defaultdict(list))

    def _scopes(self, link: Link) -> list[str]:
        org = self.world.org_id
        return [f"{org}#all", f"{org}#content:{link.content_id}", *(f"{org}#group:{g}" for g in link.groups)]

    def _rollup(self, link: Link, at: datetime, values: dict[str, int]) -> None:
        """Add to the day's rollup of the org, the content and each of the sharer's groups."""
        day = local_day(at, self.world.timezone)
        for scope in self._scopes(link):
            row = self.rollups[(scope, day)]
            for name, value in values.items():
                row[name] = row.get(name, 0) + value

    def share(self, link: Link) -> None:
        """A share: its points (the content's own, else the org's rule), boards, counters, rollups."""
        content, member = self.world.contents[link.content_id], self.world.members[link.member_id]
        points = content.points if content.points is not None else RULES["share"]
        reach = member.followers.get(link.network, 0)
        self.links[link.code] = link
        self.balance[link.member_id] += points
        self.member_shares[link.member_id] += 1
        if points:  # a zero-point share counts as a share but writes no ledger entry
            self.ledger[link.member_id]["share entries"] += 1
            self.ledger[link.member_id]["share points"] += points
        for period, key in period_keys(link.at, self.world.timezone).items():
            self.scores[(period, key)][link.member_id].update(points=points, shares=1)
        self.share_counts[link.code].update(clicks=0)
        self.content_counts[link.content_id]["shares"] += 1
        net, cid, mid = link.network, link.content_id, link.member_id
        self._rollup(
            link,
            link.at,
            {
                "shares": 1,
                "reach": reach,
                f"n#{net}#shares": 1,
                f"n#{net}#reach": reach,
                f"c#{cid}#shares": 1,
                f"a#{mid}#shares": 1,
            },
        )
        for scope in self._scopes(link):
            self.rollups[(scope, local_day(link.at, self.world.timezone))].setdefault("advocates", set()).add(
                mid
            )

    def click(self, click: ClickOp, unique: bool) -> None:
        """A click that reached the redirect: raw always, human and unique as the rules say."""
        link, human = self.links[click.code], click.human
        counts = self.share_counts[link.code]
        counts.update(clicks=1, human_clicks=int(human), unique_clicks=int(unique))
        self.content_counts[link.content_id].update(clicks=1, unique_clicks=int(unique))
        metrics = ["clicks", *(["human_clicks"] if human else []), *(["unique_clicks"] if unique else [])]
        values: dict[str, int] = {}
        for m in metrics:
            values.update(
                {
                    m: 1,
                    f"n#{link.network}#{m}": 1,
                    f"c#{link.content_id}#{m}": 1,
                    f"a#{link.member_id}#{m}": 1,
                }
            )
        self._rollup(link, click.at, values)
        self.facts.update(clicks=1, **{"human clicks": int(human), "unique clicks": int(unique)})
        self.facts["repeat human clicks (not unique)"] += human and not unique
        if unique:
            self.member_uniques[link.member_id] += 1
            self._uniques_by_day[(link.code, local_day(click.at, self.world.timezone))].append(click.at)
            for period, key in period_keys(click.at, self.world.timezone).items():
                self.scores[(period, key)][link.member_id]["clicks"] += 1

    def click_points(self) -> None:
        """The first `click_daily_cap_per_share` unique clicks of a share in a day earn `click` points.
        Which ones does not matter: a day lies within one period of each kind."""
        for (code, _day), times in self._uniques_by_day.items():
            link = self.links[code]
            rewarded = min(len(times), RULES["click_daily_cap_per_share"]) if RULES["click"] else 0
            self.facts["unique clicks over the daily cap"] += len(times) - rewarded
            if not rewarded:
                continue
            points = rewarded * RULES["click"]
            self.balance[link.member_id] += points
            self.ledger[link.member_id].update({"click entries": rewarded, "click points": points})
            for period, key in period_keys(times[0], self.world.timezone).items():
                self.scores[(period, key)][link.member_id]["points"] += points


def expect(world: World, shares: list[ShareOp], clicks_by_client: list[list[ClickOp]]) -> Expected:
    """Replay the record: each distinct share once (dated at its first answered request), then each
    client's clicks in the order it made them (a visitor belongs to one client), then click points."""
    out = Expected(world)
    seen: set[tuple[str, str, str]] = set()
    for op in sorted(shares, key=lambda o: o.at):
        if op.resolved and op.key not in seen:
            seen.add(op.key)
            member = world.members[op.member_id]
            code, share_id = next(iter(op.codes)), next(iter(op.share_ids))
            out.share(Link(code, share_id, op.member_id, op.content_id, op.network, member.groups, op.at))
    for clicks in clicks_by_client:
        last_unique: dict[tuple[str, str, str], datetime] = {}
        for click in clicks:
            if not click.known:
                out.facts["unknown-code clicks"] += 1
                continue
            unique = False
            if click.human:  # a visitor is a source address and a User-Agent, per link, for 24 h
                visitor = (click.visitor.ip, click.visitor.agent, click.code)
                last = last_unique.get(visitor)
                unique = last is None or click.at - last >= UNIQUE_WINDOW
                if unique:
                    last_unique[visitor] = click.at
            out.click(click, unique)
    out.click_points()
    return out


# --- Reconciliation ------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    expected: str
    actual: str
    ok: bool
    mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.name,
            "expected": self.expected,
            "actual": self.actual,
            "result": "PASS" if self.ok else "FAIL",
            "mismatches": self.mismatches[:10],
            "mismatch_count": len(self.mismatches),
        }


def compare(
    name: str, expected: dict[Any, Any], actual: dict[Any, Any], summary: Callable[[dict[Any, Any]], str]
) -> Check:
    """Item by item: every key in either side must hold equal values."""
    bad = [
        f"{key}: expected {expected.get(key)!r}, got {actual.get(key)!r}"
        for key in sorted(set(expected) | set(actual), key=str)
        if expected.get(key) != actual.get(key)
    ]
    return Check(name, summary(expected), summary(actual), not bad, bad)


def _sum(field_name: str | None = None) -> Callable[[dict[Any, Any]], str]:
    def summary(items: dict[Any, Any]) -> str:
        if field_name is None:
            total = sum(int(v) for v in items.values())
        else:
            total = sum(int(v.get(field_name, 0)) for v in items.values())
        return f"{len(items)} items, sum {field_name or 'value'} {total:,}"

    return summary


def _pages(http_: Http, path: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        sep = "&" if "?" in path else "?"
        url = f"{path}{sep}limit=100" + (f"&cursor={cursor}" if cursor else "")
        answer = until_answered(http_, "reconcile", "GET", url, token=token)
        if answer is None or answer.status != 200:
            raise RuntimeError(f"GET {path}: {answer.status if answer else 'no answer'}")
        page = answer.json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def _ranked(points: dict[str, int]) -> list[tuple[int, str, int]]:
    """Standard competition ranking of members with points, best first (ties by member id)."""
    ordered = sorted(((m, p) for m, p in points.items() if p > 0), key=lambda mp: (-mp[1], mp[0]))
    out: list[tuple[int, str, int]] = []
    for i, (member_id, p) in enumerate(ordered):
        rank = out[-1][0] if out and out[-1][2] == p else i + 1
        out.append((rank, member_id, p))
    return out[:100]


@dataclass
class Reconciler:
    """Reads what the run left in DynamoDB (store models) and the API, and checks it item by item."""

    world: World
    exp: Expected
    http: Http
    job_time: datetime
    _ledger: dict[str, list[Any]] = field(default_factory=dict)

    def ledger(self, member_id: str) -> list[Any]:
        """The member's ledger entries, read once."""
        from advocacy.store.models import LedgerModel

        if member_id not in self._ledger:
            self._ledger[member_id] = list(LedgerModel.query(f"{self.world.org_id}#{member_id}"))
        return self._ledger[member_id]

    def get(self, path: str, token: str, headers: dict[str, str] | None = None) -> Any:
        answer = until_answered(self.http, "reconcile", "GET", path, token=token, headers=headers)
        if answer is None or answer.status != 200:
            raise RuntimeError(f"GET {path}: {answer.status if answer else 'no answer'}")
        return answer.json()

    def members(self) -> list[Check]:
        from advocacy.store.models import MemberModel

        org, members, exp = self.world.org_id, self.world.members, self.exp
        stored = {m.member_id: m for m in MemberModel.query(org) if m.member_id in members}
        ledger: dict[str, Counter[str]] = {}
        for member_id in members:
            ledger[member_id] = Counter()
            for entry in self.ledger(member_id):
                ledger[member_id][f"{entry.type} entries"] += 1
                ledger[member_id][f"{entry.type} points"] += int(entry.points)
        expected_balance = {m: exp.balance[m] for m in members}
        return [
            compare(
                "member balance == expected (DynamoDB)",
                expected_balance,
                {m: int(stored[m].balance or 0) for m in stored},
                _sum(),
            ),
            compare(
                "member lifetime == expected (DynamoDB)",
                expected_balance,
                {m: int(stored[m].lifetime or 0) for m in stored},
                _sum(),
            ),
            compare(
                "member counters (shares, unique clicks)",
                {m: (exp.member_shares[m], exp.member_uniques[m]) for m in members},
                {m: (int(s.shares_count or 0), int(s.unique_clicks_count or 0)) for m, s in stored.items()},
                _pairs("shares", "unique clicks"),
            ),
            compare(
                "ledger entries and points by type == expected",
                {m: dict(+exp.ledger[m]) for m in members},
                {m: dict(+c) for m, c in ledger.items()},
                lambda d: (
                    f"{sum(v.get('share entries', 0) + v.get('click entries', 0) for v in d.values()):,} "
                    f"entries, {sum(v.get('share points', 0) + v.get('click points', 0) for v in d.values()):,} points"
                ),
            ),
            compare(
                "balance == sum of ledger entries",
                {m: int(stored[m].balance or 0) for m in stored},
                {m: sum(v for k, v in c.items() if k.endswith(" points")) for m, c in ledger.items()},
                _sum(),
            ),
        ]

    def scores(self) -> list[Check]:
        from advocacy.store.models import ScoreModel

        org, tz = self.world.org_id, self.world.timezone
        expected: dict[tuple[str, str, str], tuple[int, int, int]] = {}
        actual: dict[tuple[str, str, str], tuple[int, int, int]] = {}
        for (period, key), by_member in self.exp.scores.items():
            for member_id, c in by_member.items():
                expected[(period, key, member_id)] = (c["points"], c["shares"], c["clicks"])
            for score in ScoreModel.query(f"{org}#{period}:{key}"):
                actual[(period, key, score.member_id)] = (
                    int(score.points or 0),
                    int(score.shares or 0),
                    int(score.clicks or 0),
                )
        by_period: Counter[tuple[str, str, str]] = Counter()
        for member_id in self.world.members:
            for entry in self.ledger(member_id):
                for period, key in period_keys(entry.created_at, tz).items():
                    by_period[(period, key, member_id)] += int(entry.points)
        return [
            compare(
                f"period scores (points, shares, clicks) on {len(self.exp.scores)} boards",
                expected,
                actual,
                lambda d: f"{len(d)} scores, {sum(v[0] for v in d.values()):,} points",
            ),
            compare(
                "period scores == ledger sums per period",
                dict(+by_period),
                {k: v[0] for k, v in actual.items() if v[0]},
                _sum(),
            ),
        ]

    def leaderboards(self) -> list[Check]:
        """The job's boards, read through the API, against a ranking of the expected scores."""
        world, members = self.world, self.world.members
        built = job_boards(self.job_time, world.timezone)
        active = {*members, world.admin_id}
        expected: dict[str, list[tuple[int, str, int]]] = {}
        actual: dict[str, list[tuple[int, str, int]]] = {}
        for period, key in sorted(self.exp.scores):
            if (period, key) not in built:
                continue  # a period the job no longer rebuilds (a window longer than two periods)
            points = {m: c["points"] for m, c in self.exp.scores[(period, key)].items()}
            for group in [None, *world.groups]:
                in_scope = active if group is None else {m for m in members if group in members[m].groups}
                label = f"{period}:{key}:{group or 'all'}"
                expected[label] = _ranked({m: p for m, p in points.items() if m in in_scope})
                query = f"/leaderboards/{period}?period_key={key}&limit=100" + (
                    f"&group={group}" if group else ""
                )
                body = self.get(query, world.admin_token)
                actual[label] = [(e["rank"], e["member_id"], e["points"]) for e in body["entries"]]
        all_points = {m: c["points"] for m, c in self.exp.scores[("all", "all")].items()}
        me_expected: dict[str, Any] = {}
        me_actual: dict[str, Any] = {}
        for member_id, member in members.items():
            mine = all_points.get(member_id, 0)
            me_expected[member_id] = (1 + sum(1 for p in all_points.values() if p > mine), mine)
            me = self.get("/leaderboards/all", member.token).get("me")
            me_actual[member_id] = (me["rank"], me["points"]) if me else None
        return [
            compare(
                f"leaderboards via GET ({len(expected)} boards and scopes) == scores",
                expected,
                actual,
                lambda d: f"{len(d)} boards, {sum(len(v) for v in d.values())} entries",
            ),
            compare(
                "GET /leaderboards/all `me` (rank, points) per member",
                me_expected,
                me_actual,
                lambda d: f"{len(d)} members",
            ),
        ]

    def shares_and_clicks(self, clicks: list[ClickOp]) -> list[Check]:
        from advocacy.store.models import ClickModel, ContentModel, ShareModel

        org, exp = self.world.org_id, self.exp
        shares = {s.code: s for s in ShareModel.query(org)}
        events_expected: dict[str, tuple[int, int]] = {c: (0, 0) for c in exp.links}
        for click in clicks:
            if click.known and click.status == 302:
                raw, human = events_expected[click.code]
                events_expected[click.code] = (raw + 1, human + click.human)
        events_actual: dict[str, tuple[int, int]] = {c: (0, 0) for c in exp.links}
        unprocessed = 0
        # One Scan of the org's click events rather than a Query per link (a bench may scan).
        for event in ClickModel.scan(
            ClickModel.link.startswith(f"{org}#") & ClickModel.sk.startswith("click#")
        ):
            code = event.link.split("#", 1)[1]
            raw, human = events_actual.get(code, (0, 0))
            events_actual[code] = (raw + 1, human + (not event.bot))
            unprocessed += not event.processed
        content_expected = {
            cid: tuple(exp.content_counts[cid][k] for k in ("shares", "clicks", "unique_clicks"))
            for cid in self.world.contents
        }
        api_content = {
            cid: tuple(
                self.get(f"/content/{cid}", self.world.admin_token)["stats"][k]
                for k in ("shares", "clicks", "unique_clicks")
            )
            for cid in self.world.contents
        }
        three = _triples("shares", "clicks", "unique")
        return [
            compare(
                "shares stored == distinct shares made (none lost, none doubled)",
                {c: (k.share_id, k.member_id, k.content_id, k.network) for c, k in exp.links.items()},
                {c: (s.share_id, s.member_id, s.content_id, s.network) for c, s in shares.items()},
                lambda d: f"{len(d)} shares",
            ),
            compare(
                "share dated at its first request (ledger and boards follow)",
                {c: k.at for c, k in exp.links.items()},
                {c: s.created_at for c, s in shares.items()},
                lambda d: f"{len(d)} shares",
            ),
            compare(
                "share counters (clicks, human, unique)",
                {
                    c: (v["clicks"], v["human_clicks"], v["unique_clicks"])
                    for c, v in exp.share_counts.items()
                },
                {
                    c: (int(s.clicks or 0), int(s.human_clicks or 0), int(s.unique_clicks or 0))
                    for c, s in shares.items()
                },
                _triples("clicks", "human", "unique"),
            ),
            compare(
                "click events recorded by the redirect (raw, human)",
                events_expected,
                events_actual,
                _pairs("events", "human"),
            ),
            Check("click events left unprocessed", "0", str(unprocessed), unprocessed == 0),
            compare(
                "content stats (shares, clicks, unique) in DynamoDB",
                content_expected,
                {
                    c.content_id: (
                        int(c.stats_shares or 0),
                        int(c.stats_clicks or 0),
                        int(c.stats_unique_clicks or 0),
                    )
                    for c in ContentModel.query(org)
                },
                three,
            ),
            compare("content stats via GET /content/{id}", content_expected, api_content, three),
        ]

    def analytics(self) -> list[Check]:
        from advocacy.store import analytics

        world, exp, tz = self.world, self.exp, self.world.timezone
        first, last = local_day(world.start, tz), local_day(world.end - timedelta(seconds=1), tz)
        actual_rows: dict[tuple[str, str], dict[str, Any]] = {}
        for scope in sorted({scope for scope, _ in exp.rollups}):
            for row in analytics.days(scope, first, last):
                actual_rows[(scope, row["day"])] = {k: v for k, v in row.items() if k not in ("scope", "day")}
        day_one, day_last = date.fromisoformat(first), date.fromisoformat(last)
        days = [(day_one + timedelta(days=i)).isoformat() for i in range((day_last - day_one).days + 1)]
        expected: dict[str, dict[str, Any]] = {}
        actual: dict[str, dict[str, Any]] = {}
        for group in [None, *world.groups]:
            scope = f"{world.org_id}#group:{group}" if group else f"{world.org_id}#all"
            count = len([m for m in world.members.values() if group is None or group in m.groups])
            expected[group or "all"] = summary(
                [exp.rollups.get((scope, d), {}) for d in days],
                days,
                count + (group is None),  # + the admin
            )
            query = f"/analytics/summary?from={first}&to={last}" + (f"&group={group}" if group else "")
            body = self.get(query, world.admin_token)
            actual[group or "all"] = {k: body.get(k) for k in expected[group or "all"]}
        per_content = {
            cid: tuple(exp.content_counts[cid][k] for k in ("shares", "clicks", "unique_clicks"))
            for cid in world.contents
        }
        api_content: dict[str, tuple[Any, ...]] = {}
        for cid in world.contents:
            body = self.get(f"/content/{cid}/analytics?from={first}&to={last}", world.admin_token)
            api_content[cid] = (body["shares"], body["clicks"], body["unique_clicks"])
        return [
            compare(
                f"daily analytics rollups, every attribute ({len({s for s, _ in exp.rollups})} scopes)",
                dict(exp.rollups),
                actual_rows,
                lambda d: f"{len(d)} scope-days, {sum(v.get('clicks', 0) for v in d.values()):,} clicks",
            ),
            compare(
                "GET /analytics/summary (org, each group) == expected",
                expected,
                actual,
                lambda d: "{} scopes; org: {} shares, {} clicks, {} unique, reach {}".format(
                    len(d), *(d.get("all", {}).get(k) for k in ("shares", "clicks", "unique_clicks", "reach"))
                ),
            ),
            compare(
                "GET /content/{id}/analytics == expected",
                per_content,
                api_content,
                _triples("shares", "clicks", "unique"),
            ),
        ]

    def member_views(self) -> list[Check]:
        """What each member sees: /me, /me/points, /me/shares and the feed's my_shares."""
        exp = self.exp
        me_exp: dict[str, tuple[int, ...]] = {}
        me_act: dict[str, tuple[int, ...]] = {}
        shares_exp: dict[tuple[str, str], tuple[int, int]] = {}
        shares_act: dict[tuple[str, str], tuple[int, int]] = {}
        feed_exp: dict[str, list[tuple[str, str, str]]] = {m: [] for m in self.world.members}
        feed_act: dict[str, list[tuple[str, str, str]]] = {}
        at = {"x-local-time": _time_header(self.job_time)}
        for member_id, member in self.world.members.items():
            points = self.get("/me", member.token)["points"]
            entries = _pages(self.http, "/me/points", member.token)
            balance = exp.balance[member_id]
            me_exp[member_id] = (
                balance,
                balance,
                balance,
                exp.ledger[member_id]["share entries"] + exp.ledger[member_id]["click entries"],
            )
            me_act[member_id] = (
                points["balance"],
                points["lifetime"],
                sum(e["points"] for e in entries),
                len(entries),
            )
            for s in _pages(self.http, "/me/shares", member.token):
                shares_act[(member_id, s["code"])] = (s["clicks"], s["unique_clicks"])
            feed = self.get("/feed?limit=100", member.token, at)["items"]
            feed_act[member_id] = sorted(
                (item["content_id"], network, s["share_id"])
                for item in feed
                for network, s in item["my_shares"].items()
            )
        for code, link in exp.links.items():
            shares_exp[(link.member_id, code)] = (
                exp.share_counts[code]["clicks"],
                exp.share_counts[code]["unique_clicks"],
            )
            feed_exp[link.member_id].append((link.content_id, link.network, link.share_id))
        return [
            compare(
                "GET /me balance, lifetime; /me/points sum and count",
                me_exp,
                me_act,
                lambda d: (
                    f"{len(d)} members: balances {sum(v[0] for v in d.values()):,}, entries {sum(v[3] for v in d.values()):,}"
                ),
            ),
            compare(
                "GET /me/shares clicks and unique clicks", shares_exp, shares_act, _pairs("clicks", "unique")
            ),
            compare(
                "GET /feed my_shares == shares made",
                {m: sorted(v) for m, v in feed_exp.items()},
                feed_act,
                lambda d: f"{sum(len(v) for v in d.values())} shares",
            ),
        ]


def summary(rows: list[dict[str, Any]], days: list[str], members: int) -> dict[str, Any]:
    """What GET /analytics/summary should answer for these daily rollups (API.md's definitions)."""
    totals = {
        n: sum(r.get(n, 0) for r in rows)
        for n in ("shares", "clicks", "human_clicks", "unique_clicks", "reach")
    }
    return {
        **totals,
        "members": members,
        "active_advocates": len(set().union(*(r.get("advocates", set()) for r in rows))),
        "emv": round(EMV["cpm"] * totals["reach"] / 1000 + EMV["cpc"] * totals["unique_clicks"], 2),
        "by_network": {
            n: {
                m: sum(r.get(f"n#{n}#{m}", 0) for r in rows)
                for m in ("shares", "clicks", "unique_clicks", "reach")
            }
            for n in NETWORKS
        },
        "daily": [
            {"date": d, **{m: r.get(m, 0) for m in ("shares", "clicks", "unique_clicks")}}
            for d, r in zip(days, rows, strict=True)
        ],
    }


def _pairs(a: str, b: str) -> Callable[[dict[Any, Any]], str]:
    return lambda d: (
        f"{len(d)} items: {sum(v[0] for v in d.values()):,} {a}, {sum(v[1] for v in d.values()):,} {b}"
    )


def _triples(a: str, b: str, c: str) -> Callable[[dict[Any, Any]], str]:
    return lambda d: (
        f"{len(d)} items: {sum(v[0] for v in d.values()):,} {a}, {sum(v[1] for v in d.values()):,} {b}, "
        f"{sum(v[2] for v in d.values()):,} {c}"
    )


def reconcile(
    world: World,
    exp: Expected,
    http_: Http,
    job_time: datetime,
    stream: dict[str, Any],
    clicks: list[ClickOp],
) -> list[Check]:
    r = Reconciler(world, exp, http_, job_time)
    sections: list[tuple[str, Callable[[], list[Check]]]] = [
        ("members and ledger", r.members),
        ("scores", r.scores),
        ("leaderboards", r.leaderboards),
        ("shares, clicks, content", lambda: r.shares_and_clicks(clicks)),
        ("analytics", r.analytics),
        ("member views", r.member_views),
    ]
    checks: list[Check] = []
    for name, section in sections:
        started = time.monotonic()
        checks += section()
        print(f"  {name}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
    parked = sum(int(m.get("parked_records", 0)) for m in stream["mappings"])
    checks.append(Check("stream records parked after retries", "0", str(parked), parked == 0))
    return checks


def client_checks(shares: list[ShareOp], clicks: list[ClickOp], failures: list[str]) -> list[Check]:
    """What the clients could see for themselves: every request answered, repeats answer the same share."""
    unresolved = [f"{op.key} {op.mode}: {op.answers}" for op in shares if not op.resolved]
    unresolved += [
        f"click {c.code} from {c.visitor.ip}: {c.status}" for c in clicks if c.known and c.status != 302
    ]
    unresolved += [f"unknown code {c.code}: {c.status}" for c in clicks if not c.known and c.status != 404]
    inconsistent = [
        f"{op.key} {op.mode}: {sorted(op.share_ids)}"
        for op in shares
        if len(op.share_ids) > 1 or len(op.codes) > 1
    ]
    by_key: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for op in shares:
        by_key[op.key] |= op.share_ids
    inconsistent += [f"{key}: {sorted(ids)}" for key, ids in by_key.items() if len(ids) > 1]
    return [
        Check(
            "client threads finished without error",
            "0 failures",
            f"{len(failures)} failures",
            not failures,
            failures,
        ),
        Check(
            "every request got its definitive answer (302/404 clicks, 200/201 shares)",
            "0 unresolved",
            f"{len(unresolved)} unresolved",
            not unresolved,
            unresolved,
        ),
        Check(
            "every repeat of a share answered the same share and code",
            "0 inconsistent",
            f"{len(inconsistent)} inconsistent",
            not inconsistent,
            inconsistent,
        ),
    ]


# --- Report --------------------------------------------------------------------------------------


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def report(result: dict[str, Any]) -> str:
    out = [f"$ {result['command']}", ""]
    load = result["load"]
    out.append(
        f"{load['clients']} clients, {load['members']} members, {load['contents']} contents, "
        f"{load['visitors']} visitors; scripted {result['window']['from']} .. {result['window']['to']} "
        f"({result['window']['timezone']}); stack: {result['stack']}"
    )
    out.append(
        f"load phase {load['seconds']:.1f} s: {load['requests']:,} requests, {load['throughput_rps']:.1f} requests/s"
        + (f"; cut by --duration: {load['ops_not_run']} operations not run" if load["ops_not_run"] else "")
    )
    rows = []
    for kind, r in result["requests"].items():
        rows.append(
            [
                kind,
                f"{r['count']:,}",
                " ".join(f"{s}:{n}" for s, n in sorted(r["statuses"].items())),
                f"{r['retries']:,}",
                f"{r['p50_ms']:.0f}",
                f"{r['p95_ms']:.0f}",
                f"{r['max_ms']:.0f}",
            ]
        )
    header = ["requests", "count", "statuses", "retries", "p50 ms", "p95 ms", "max ms"]
    out += ["", text_table(header, rows, right=range(1, len(header)))]
    errors = result["errors_by_status"]
    out.append(
        "errors by status (every kind): "
        + (", ".join(f"{s}: {n}" for s, n in sorted(errors.items())) or "none")
    )
    s = result["stream"]
    out.append(
        f"stream: {s['records']:,} records in {s['batches']:,} batches; duplicates delivered: "
        f"{s['redelivered_batches']:,} batches, {s['redelivered_records']:,} records "
        f"(redeliver {s['redeliver']}); {s['records_per_second']} records/s applied; "
        f"drained in {s['drain_seconds']:.1f} s after the load"
        + ("" if s["drained"] else " (NOT drained: timed out)")
    )
    f = result["facts"]
    out.append(
        "shares: "
        + ", ".join(f"{k} {v:,}" for k, v in f["shares"].items())
        + "\nclicks: "
        + ", ".join(f"{k} {v:,}" for k, v in f["clicks"].items())
    )
    out.append("")
    rows = [[c["check"], c["expected"], c["actual"], c["result"]] for c in result["checks"]]
    out.append(text_table(["reconciliation check", "expected", "actual", "result"], rows, right=range(1, 4)))
    for c in result["checks"]:
        if c["result"] == "FAIL":
            out.append(f"\nFAIL {c['check']} ({c['mismatch_count']} mismatches), first ones:")
            out += [f"  {m}" for m in c["mismatches"]]
    out.append(
        "phases (s): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["phases_seconds"].items())
    )
    passed = sum(c["result"] == "PASS" for c in result["checks"])
    out.append(
        f"\nreconciliation: {passed} of {len(result['checks'])} checks pass ({result['total_seconds']:.1f} s in all)"
    )
    return "\n".join(out)


# --- Main ----------------------------------------------------------------------------------------


def _traffic_summary(traffic: Traffic) -> tuple[dict[str, Any], dict[str, int]]:
    kinds: dict[str, Any] = {}
    errors: Counter[str] = Counter()
    for kind in sorted(traffic.requests):
        lat = sorted(traffic.latencies[kind])
        kinds[kind] = {
            "count": traffic.requests[kind],
            "statuses": dict(traffic.statuses[kind]),
            "retries": traffic.retries[kind],
            "p50_ms": round(_quantile(lat, 0.5) * 1000, 1),
            "p95_ms": round(_quantile(lat, 0.95) * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1) if lat else 0.0,
        }
        for status, n in traffic.statuses[kind].items():
            if status in ("abandoned", "answered before hang-up"):
                continue  # the client hung up on purpose (and sent the request again)
            expected_404 = kind == "click unknown code" and status == "404"
            if not status.isdigit() or (int(status) >= 400 and not expected_404):
                errors[status] += n
    return kinds, dict(errors)


@dataclass
class LoadRun:
    """The load phase: the world it ran in, the clients (with their records), its figures."""

    world: World
    clients: list[Client]
    visitors: int
    seconds: float
    requests: int
    setup_seconds: float


def load(info: dict[str, Any], args: argparse.Namespace, http_: Http, traffic: Traffic) -> LoadRun:
    rng = random.Random(args.seed)
    print("setting up the org, members and content...", file=sys.stderr, flush=True)
    setup_started = time.monotonic()
    world = setup(http_, info, args, rng)
    setup_seconds = time.monotonic() - setup_started
    work = plan(world, args, rng)
    registry = Registry()
    print(f"load: {len(work)} clients...", file=sys.stderr, flush=True)
    started = time.monotonic()
    before = sum(traffic.requests.values())
    clients = [
        Client(i, w, world, registry, Http(info["api_url"], traffic), started + args.duration, args.seed + i)
        for i, w in enumerate(work)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    seconds = time.monotonic() - started
    requests = sum(traffic.requests.values()) - before
    return LoadRun(world, clients, sum(len(w.visitors) for w in work), seconds, requests, setup_seconds)


def run(args: argparse.Namespace, command: str) -> tuple[dict[str, Any], bool]:
    began = time.monotonic()
    if args.attach:
        stack = attach_stack(args.attach)
    else:
        print("starting the local stack...", file=sys.stderr, flush=True)
        stack = start_stack(args.redeliver, args.cache_dir)
    phases = {"stack start": time.monotonic() - began}
    traffic = Traffic()
    http_ = Http(stack.info["api_url"], traffic)
    previous_redeliver: float | None = None
    try:
        bind_store(stack.info)
        previous_redeliver = set_redeliver(http_, args.redeliver)
        done = load(stack.info, args, http_, traffic)
        print(f"load done in {done.seconds:.1f} s; waiting for the stream...", file=sys.stderr, flush=True)
        phases.update(setup=done.setup_seconds, load=done.seconds)
        drained, drain_seconds, stream = drain(http_, args.drain_timeout)
        phases["stream drain"] = drain_seconds
        job_time = done.world.end - timedelta(seconds=1)
        job_started = time.monotonic()
        job = until_answered(
            http_, "job", "POST", "/_local/jobs/leaderboards", body={"time": _time_header(job_time)}
        )
        phases["leaderboards job"] = time.monotonic() - job_started
        reconcile_started = time.monotonic()
        shares = [op for c in done.clients for op in c.shares]
        clicks = [op for c in done.clients for op in c.clicks]
        failures = [f"{c.name}: {c.failure!r}" for c in done.clients if c.failure is not None]
        if job is None or job.status != 200:
            failures.append(f"leaderboards job: {job.status if job else 'no answer'}")
        exp = expect(done.world, shares, [c.clicks for c in done.clients])
        print("reconciling...", file=sys.stderr, flush=True)
        checks = client_checks(shares, clicks, failures)
        drained_check = Check(
            "stream quiet before reconciling", "drained", "drained" if drained else "timeout", drained
        )
        checks += [drained_check, *reconcile(done.world, exp, http_, job_time, stream, clicks)]
        phases["reconciliation"] = time.monotonic() - reconcile_started
    finally:
        if previous_redeliver is not None:
            with contextlib.suppress(SystemExit):
                set_redeliver(http_, previous_redeliver)
        http_.close()
        if stack.owned:
            stack.stop()
    stream_figures = {
        **{
            k: sum(int(m.get(k, 0)) for m in stream["mappings"])
            for k in ("batches", "records", "redelivered_batches", "redelivered_records", "parked_records")
        },
        "redeliver": args.redeliver,
        "drained": drained,
        "drain_seconds": round(drain_seconds, 2),
        # Clicks the stream function applied per second, from the start of the load to the drain.
        "records_per_second": round(
            sum(int(m.get("records", 0)) for m in stream["mappings"]) / (done.seconds + drain_seconds), 1
        ),
    }
    result = results(args, command, done, traffic, exp, stream_figures)
    result["checks"] = [c.as_dict() for c in checks]
    result["phases_seconds"] = {k: round(v, 1) for k, v in phases.items()}
    result["total_seconds"] = round(time.monotonic() - began, 1)
    return result, all(c.ok for c in checks)


def results(
    args: argparse.Namespace,
    command: str,
    done: LoadRun,
    traffic: Traffic,
    exp: Expected,
    stream: dict[str, Any],
) -> dict[str, Any]:
    """The figures of the run, for the table and bench/results-load.json."""
    kinds, errors = _traffic_summary(traffic)
    shares = [op for c in done.clients for op in c.shares]
    clicks = [op for c in done.clients for op in c.clicks]
    world = done.world
    return {
        "benchmark": "load",
        "command": command,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "stack": f"attached {args.attach}" if args.attach else "started (python -m local, own ports)",
        "seed": args.seed,
        "window": {"from": world.start.isoformat(), "to": world.end.isoformat(), "timezone": world.timezone},
        "rules": RULES,
        "load": {
            "clients": len(done.clients),
            "members": len(world.members),
            "contents": len(world.contents),
            "visitors": done.visitors,
            "seconds": round(done.seconds, 2),
            "requests": done.requests,
            "throughput_rps": round(done.requests / done.seconds, 1) if done.seconds else 0.0,
            "ops_not_run": sum(c.skipped for c in done.clients),
        },
        "requests": kinds,
        "errors_by_status": errors,
        "retries": dict(traffic.retries),
        "stream": stream,
        "facts": {
            "shares": {
                "logical shares": len(shares),
                "distinct shares": len(exp.links),
                **{f"mode {m}": n for m, n in sorted(Counter(op.mode for op in shares).items())},
                "with Idempotency-Key": sum(op.idempotency_key is not None for op in shares),
                **{
                    f"answers {s}": n
                    for s, n in sorted(Counter(a for op in shares for a in op.answers).items())
                },
            },
            "clicks": {
                **{name: exp.facts[name] for name in CLICK_FACTS},
                "bot or HEAD clicks": exp.facts["clicks"] - exp.facts["human clicks"],
                "HEAD": sum(c.method == "HEAD" for c in clicks),
                "spoofed X-Forwarded-For": sum(c.visitor.spoofs_forwarded_for for c in clicks),
                "links clicked": len({c.code for c in clicks if c.known}),
            },
        },
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (threads)")
    parser.add_argument("--members", type=int, default=40, help="members of the bench's org")
    parser.add_argument(
        "--shares", type=int, default=200, help="distinct shares attempted (each sent 1-3 times)"
    )
    parser.add_argument("--clicks", type=int, default=1200, help="clicks on tracked links")
    parser.add_argument("--duration", type=float, default=90.0, help="cap on the load phase, seconds")
    parser.add_argument(
        "--drain-timeout", type=float, default=180.0, help="cap on waiting for the stream, seconds"
    )
    parser.add_argument("--seed", type=int, default=46, help="RNG seed for the plan")
    parser.add_argument(
        "--redeliver", type=float, default=0.2, help="fraction of stream batches delivered twice"
    )
    parser.add_argument("--bot-fraction", type=float, default=0.15, help="fraction of visitors that are bots")
    parser.add_argument("--days", type=int, default=3, help="days the scripted time spans")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=START_DAY, help="first scripted day (org time)"
    )
    parser.add_argument("--timezone", default=TIMEZONE, help="the org's IANA time zone")
    parser.add_argument(
        "--attach",
        type=Path,
        nargs="?",
        const=Path(".local/stack.json"),
        default=None,
        help="use a running stack through its stack.json (default .local/stack.json) instead of starting one",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=ROOT / ".local" / "cache",
        help="synthesized-template cache (as make dev)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.members < 1 or args.shares < 0 or args.clicks < 0 or args.days < 1:
        parser.error("clients, members and days must be positive; shares and clicks not negative")
    if not 0 <= args.redeliver <= 1 or not 0 <= args.bot_fraction <= 1:
        parser.error("--redeliver and --bot-fraction are fractions from 0 to 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    command = ("python -m bench.load " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    result, ok = run(args, command)
    print(report(result))
    args.output.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nResults written to {args.output}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
