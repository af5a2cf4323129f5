"""Hostile input: every write route and every list route answers bad input with a 4xx carrying docs/api.md's
error body and a clear message, never a 5xx, and writes nothing (every table and the user pool are
compared before and after).

The routes come from docs/openapi.json (operations with a request body; operations with `limit`,
`cursor` or dates), and the bad values from each body's JSON schema, so a new route or field is
covered without editing this file; a body schema without a valid example here fails the test.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from advocacy.adapters import web_fetch
from advocacy.services import connections
from tests.support.actions import click, run_job
from tests.support.autoshare import opt_in
from tests.support.clock import NOW
from tests.support.events import FakeContext, http_event
from tests.support.mocked import Env, Response, aws_env, make_org, make_other_org

OPENAPI = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())
SCHEMAS: dict[str, Any] = OPENAPI["components"]["schemas"]
LIMIT = 64 * 1024
HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
Person = dict[str, Any]


# --- the routes, from the OpenAPI document -------------------------------------------------------


def deref(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema itself: `$ref` followed, `anyOf [X, null]` (an optional field) reduced to X."""
    if "$ref" in schema:
        return deref(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]])
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        return deref(options[0])
    return schema


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    schema: dict[str, Any]
    nullable: bool  # the body may be absent

    @property
    def model(self) -> str:
        return deref(self.schema)["title"]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def body_operations() -> list[Op]:
    ops = []
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                nullable = any(s.get("type") == "null" for s in schema.get("anyOf", []))
                ops.append(Op(method.upper(), path, schema, nullable or not body.get("required", False)))
    return ops


def list_operations(param: str) -> list[str]:
    return [
        path
        for path, operations in OPENAPI["paths"].items()
        for method, operation in operations.items()
        if method == "get" and any(p["name"] == param for p in operation.get("parameters", []))
    ]


BODY_OPS = body_operations()


def leaves(schema: dict[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, dict]]:
    """Every field of a body schema (objects, arrays and their items included), with its path."""
    node = deref(schema)
    if path:
        yield path, node
    for name, sub in node.get("properties", {}).items():
        yield from leaves(sub, (*path, name))
    if node.get("type") == "array" and "items" in node:
        yield from leaves(node["items"], (*path, 0))


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def with_value(body: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    """A copy of `body` with `value` at `path`, creating the objects and lists on the way."""
    result = json.loads(json.dumps(body))
    node: Any = result
    for here, after in itertools.pairwise(path):
        empty: Any = [] if isinstance(after, int) else {}
        if isinstance(here, int):
            while len(node) <= here:
                node.append(empty)
            if not isinstance(node[here], type(empty)):
                node[here] = empty
        elif not isinstance(node.get(here), type(empty)):
            node[here] = empty
        node = node[here]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value
    return result


# --- valid bodies, one per request schema ---------------------------------------------------------


def valid_bodies(world: World) -> dict[str, dict[str, Any]]:
    """A valid body for every request schema: a hostile value is then the only thing wrong."""
    start = world.now + timedelta(hours=1)
    return {
        "ContentCreate": {"title": "Launch", "url": "https://acme.example/launch", "body": "Big day"},
        "ContentPatch": {"title": "Launch v2"},
        "ContentReject": {"note": "Link the careers page"},
        "PreviewRequest": {"url": "https://acme.example/launch"},
        "ShareCreate": {"network": "x"},
        "PostCreate": {"network": "x"},
        "ContestCreate": {
            "name": "Sprint",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(days=7)).isoformat(),
            "metric": "points",
            "prizes": [{"place": 1, "points": 10}],
        },
        "GroupCreate": {"name": "Partners"},
        "GroupPatch": {"name": "Partners"},
        "MePatch": {"name": "Mia M."},
        "MemberCreate": {"email": "zed@acme.test", "name": "Zed", "role": "member"},
        "MemberPatch": {"name": "Mia M."},
        "Adjustment": {"points": 5, "reason": "bonus"},
        "OrgPatch": {"name": "Acme Inc"},
        "RedemptionReject": {"note": "out of stock"},
        "ShareVoid": {"reason": "Clicks farmed."},
        "RewardCreate": {"name": "Cap", "cost": 10},
        "RewardPatch": {"name": "Cap"},
        "FeedSourceCreate": {"url": "https://acme.example/news.rss", "publish": True},
        "FeedSourcePatch": {"publish": False},
        "SuggestionCreate": {"url": "https://press.example/acme-review", "note": "Great review"},
        "SuggestionDecline": {"note": "Not on brand"},
        "ConnectionFinish": {"code": "AQTcXk2Yb3", "state": "eyJvIjoiMDEifQ.c2lnbmF0dXJl"},
        # off: the admin has no connected account for enabled preferences to name (stored data)
        "AutoShareIn": {
            "enabled": False,
            "networks": [],
            "scope": "all",
            "daily_cap": 1,
            "window": {"start": "09:00", "end": "17:00"},
        },
    }


# --- one org with something in every list ---------------------------------------------------------


@dataclass
class World:
    aws: Env
    admin: Person
    other_admin: Person
    ids: dict[str, str]
    now: datetime
    pool_id: str

    def call(self, method: str, path: str, **kwargs: Any) -> Response:
        return self.aws.call(method, path, who=kwargs.pop("who", self.admin), now=self.now, **kwargs)

    def path(self, template: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: self.ids[m.group(1)], template)

    def send(
        self,
        method: str,
        path: str,
        body: str | bytes | None,
        *,
        base64_encoded: bool = False,
        content_type: str | None = "application/json",
    ) -> Response:
        """A request with a raw body: bytes are sent base64-encoded, as API Gateway does."""
        from advocacy.handlers import api

        event = http_event(method, path, claims=self.claims(self.admin), now=self.now)
        if content_type is None:
            event["headers"].pop("content-type")
        else:
            event["headers"]["content-type"] = content_type
        if isinstance(body, bytes):
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        elif body is not None:
            event["body"], event["isBase64Encoded"] = body, base64_encoded
        result = api.handler(event, FakeContext())
        raw = result.get("body") or ""
        parsed = json.loads(raw) if "json" in result["headers"].get("Content-Type", "") and raw else raw
        return Response(result["statusCode"], result["headers"], parsed)

    @staticmethod
    def claims(who: Person) -> dict[str, str]:
        return {"sub": who["member_id"], "custom:org_id": who["org_id"]}

    def snapshot(self) -> dict[str, list[str]]:
        """Every item of every table, and every user of the pool, as sorted JSON lines."""
        client = boto3.client("dynamodb")
        state: dict[str, list[str]] = {}
        for table in client.list_tables()["TableNames"]:
            items: list[dict[str, Any]] = []
            kwargs: dict[str, Any] = {"TableName": table, "ConsistentRead": True}
            while True:
                page = client.scan(**kwargs)
                items += page["Items"]
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            state[table] = sorted(json.dumps(i, sort_keys=True) for i in items)
        users = boto3.client("cognito-idp").list_users(UserPoolId=self.pool_id)["Users"]
        state["cognito"] = sorted(json.dumps(u, sort_keys=True, default=str) for u in users)
        return state


def changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, Any]:
    diff = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            diff[table] = {"removed": sorted(old - new)[:3], "added": sorted(new - old)[:3]}
    return diff


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """One account for the module (its setup is most of the cost): the org's admin with two of
    everything it can list (content, shares, ledger entries, rewards, redemptions, contests, feed
    sources; three suggestions), and the ids the write routes' paths need. Tests refuse things; the
    few that write add to what is there.
    No request reaches the network: the guarded fetch (link previews, feeds) is replaced by one that
    refuses every link."""
    with aws_env(NOW) as aws, mock.patch.object(web_fetch, "fetch", refusing_fetch):
        yield build_world(aws, NOW)


FETCHED: list[str] = []


def refusing_fetch(url: str, **options: Any) -> web_fetch.Fetched:
    """Stands in for `web_fetch.fetch` in this module: keeps the URL and refuses it, so a body valid
    enough to reach the fetch is answered a 422 on `url` and nothing leaves the machine."""
    FETCHED.append(url)
    raise web_fetch.FetchRefused("the hostile-input tests fetch nothing")


def build_world(aws: Env, now: datetime) -> World:
    org, other_org = make_org(aws, now), make_other_org(now)
    admin = org["admin"]
    w = World(aws, admin, other_org["admin"], {}, now, aws.user_pool_id)

    def ok(r: Response, status: int = 201) -> Any:
        assert r.status == status, r.body
        return r.body

    contents = [
        ok(w.call("POST", "/content", body={"title": f"News {i}", "url": "https://acme.example/n",
                                            "status": "published"}))["content_id"]
        for i in range(2)
    ]  # fmt: skip
    rewards = [
        ok(w.call("POST", "/rewards", body={"name": f"Mug {i}", "cost": 10}))["reward_id"] for i in range(2)
    ]
    ok(w.call("POST", f"/members/{admin['member_id']}/points", body={"points": 100, "reason": "welcome"}))
    redemptions = [ok(w.call("POST", f"/rewards/{r}/redemptions"))["redemption_id"] for r in rewards]
    made = [ok(w.call("POST", f"/content/{c}/shares", body={"network": "linkedin"})) for c in contents]
    shares = [share["share_id"] for share in made]
    for share in made:  # four User-Agents from one address: both shares suspicious (two pages of them)
        for n in range(4):
            click(aws, share["code"], ip="203.0.113.50", ua=f"Mozilla/5.0 (X11; Linux x86_64) Hostile/{n}")
    aws.streams.drain()
    start = now + timedelta(hours=1)
    contests = []
    for i in range(2):
        contests.append(ok(w.call("POST", "/contests", body={
            "name": f"Sprint {i}", "starts_at": start.isoformat(), "metric": "points",
            "ends_at": (start + timedelta(days=7)).isoformat(), "prizes": [{"place": 1, "points": 5}],
        }))["contest_id"])  # fmt: skip
    sources = [
        ok(w.call("POST", "/feed-sources", body={"url": f"https://acme.example/feed-{i}.xml"}))["source_id"]
        for i in range(2)
    ]
    # three, so the queue keeps two pages even if a random valid body declines the one in `ids`
    suggestions = [
        ok(w.call("POST", "/suggestions", body={"url": f"https://press.example/acme-{i}"}))["suggestion_id"]
        for i in range(3)
    ]
    auto_posts_for(aws, admin, now)
    w.ids = {
        "content_id": contents[0],
        "source_id": sources[0],
        "suggestion_id": suggestions[0],
        "group_id": org["groups"]["sales"]["group_id"],
        "member_id": org["members"][0]["member_id"],
        "reward_id": rewards[0],
        "redemption_id": redemptions[0],
        "contest_id": contests[0],
        "share_id": shares[0],
        "export_id": "0123456789abcdef0123456789abcdef",
        "period": "week",
        "network": "linkedin",
    }
    return w


def auto_posts_for(aws: Env, who: Person, now: datetime) -> None:
    """Two auto-posts for `who` (its list has a next page), from the plan job over the two contents;
    then auto-share off again, so nothing else plans or posts for them."""
    statuses = [
        connections.ConnectionStatus(n, True, connected=n == "linkedin", needs_reconnect=False)
        for n in ("linkedin", "x")
    ]
    with mock.patch.object(connections, "listing", lambda *_: statuses):
        opt_in(aws, who, networks=["linkedin"], daily_cap=2, window={"start": "00:00", "end": "23:59"})
        run_job("auto-share-plan", now)
        opt_in(aws, who, enabled=False, networks=[])


READS = ("Get", "BatchGet", "TransactGet", "Query", "Scan", "Describe", "List", "AdminGet")


@contextmanager
def recorded_calls() -> Iterator[list[str]]:
    """The name of every AWS API call that succeeded meanwhile (DynamoDB through PynamoDB or boto3,
    Cognito, ...): cheaper than a snapshot, and stricter (a write of the same values counts too). A
    conditional write DynamoDB refused wrote nothing and is not listed."""
    from botocore.client import BaseClient

    calls: list[str] = []
    original = BaseClient._make_api_call

    def recording(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        result = original(client, operation, params)
        calls.append(operation)
        return result

    with mock.patch.object(BaseClient, "_make_api_call", recording):
        yield calls


@pytest.fixture
def unchanged(world: World) -> Iterator[None]:
    """Fails the test if anything at all was written while it ran: every table and the user pool
    compare equal before and after, and no AWS call other than a read succeeded."""
    before = world.snapshot()
    with recorded_calls() as calls:
        yield
    assert changes(before, world.snapshot()) == {}
    assert [c for c in calls if not c.startswith(READS)] == []


def assert_refused(r: Response, status: int | tuple[int, ...], where: str, field: str | None = None) -> None:
    """A 4xx with docs/api.md's error body and a sentence for a message; `field` among the details."""
    expected = status if isinstance(status, tuple) else (status,)
    assert r.status in expected, (where, r.status, r.body)
    assert isinstance(r.body, dict) and set(r.body) == {"error"}, (where, r.body)
    error = r.body["error"]
    assert set(error) == {"code", "message", "details"}, (where, error)
    assert isinstance(error["code"], str) and error["code"], (where, error)
    assert isinstance(error["message"], str) and len(error["message"]) > 10, (where, error)
    assert all(set(d) == {"field", "message"} for d in error["details"]), (where, error)
    if field is not None:
        assert field in {d["field"] for d in error["details"]}, (where, field, error)


# --- the contract of the request schemas -----------------------------------------------------------


def test_every_request_body_field_is_bounded() -> None:
    """Strings have a maximum length (or are an enum or a date-time), numbers a range, lists a size."""
    assert BODY_OPS, "no write routes found in docs/openapi.json"
    unbounded = []
    for op in BODY_OPS:
        for path, node in leaves(op.schema):
            kind = node.get("type")
            bounded = {
                "string": "maxLength" in node
                or "enum" in node
                or "const" in node
                or node.get("format") == "date-time",
                "integer": "maximum" in node and "minimum" in node,
                "number": "maximum" in node and "minimum" in node,
                "array": "maxItems" in node,
            }.get(kind, True)
            if not bounded:
                unbounded.append(f"{op} {dotted(path)}")
    assert unbounded == []


def test_every_request_schema_has_a_valid_example(world: World) -> None:
    examples = valid_bodies(world)
    assert {op.model for op in BODY_OPS} <= set(examples)


# --- size ----------------------------------------------------------------------------------------


def padded(document: str, size: int) -> str:
    """`document` with trailing spaces (still the same JSON) to exactly `size` bytes."""
    return document + " " * (size - len(document.encode()))


@pytest.mark.usefixtures("unchanged")
def test_bodies_over_64_kb_are_413_on_every_write_route_and_64_kb_is_read(world: World) -> None:
    """Measured in bytes after base64 decoding; a body of exactly 64 KB is read (and here refused for
    its unknown field, a 422), one byte more is a 413 whatever it holds."""
    for op in BODY_OPS:
        path, where = world.path(op.path), str(op)
        at_limit = padded('{"unexpected_field": 1}', LIMIT)
        assert_refused(world.send(op.method, path, at_limit), 422, where, "unexpected_field")
        assert_refused(
            world.send(op.method, path, at_limit.encode()), 422, where + " base64", "unexpected_field"
        )
        over = at_limit + " "
        for r in (world.send(op.method, path, over), world.send(op.method, path, over.encode())):
            assert_refused(r, 413, where)
            assert r.body["error"]["code"] == "payload_too_large"
        # 22,000 characters but 66,000 bytes: the limit counts bytes
        wide = json.dumps({"name": "€" * 22_000}, ensure_ascii=False)
        assert len(wide) < LIMIT < len(wide.encode())
        assert_refused(world.send(op.method, path, wide), 413, where + " multibyte")
        # API Gateway's limit is 10 MB; 1 MB of it is refused without being parsed
        assert_refused(world.send(op.method, path, "[" * (1024 * 1024)), 413, where + " 1 MB")


def test_a_valid_body_of_exactly_64_kb_is_accepted(world: World) -> None:
    body = padded(json.dumps({"name": "Ada L."}), LIMIT)
    r = world.send("PATCH", "/me", body)
    assert r.status == 200, r.body
    assert r.body["name"] == "Ada L."
    r = world.send("PATCH", "/me", padded(json.dumps({"name": "Ada B."}), LIMIT).encode())
    assert r.status == 200, r.body
    assert r.body["name"] == "Ada B."


# --- syntax, encoding and content type ---------------------------------------------------------------

NOT_JSON: list[tuple[str, str | bytes, str | None, int]] = [
    # (case, body, content type, status)
    ("10,000 nested arrays", "[" * 10_000 + "]" * 10_000, "application/json", 400),
    ("10,000 nested objects", '{"a":' * 10_000 + "1" + "}" * 10_000, "application/json", 400),
    ("100 nested objects", '{"name":' * 100 + '"x"' + "}" * 100, "application/json", 400),
    ("truncated", '{"name": "Ze', "application/json", 400),
    ("trailing garbage", '{"name": "Zed"} x', "application/json", 400),
    ("single quotes", "{'name': 'Zed'}", "application/json", 400),
    ("NaN", '{"name": "Zed", "cost": NaN}', "application/json", 400),
    ("Infinity", '{"points": Infinity}', "application/json", 400),
    ("lone surrogate", '{"name": "\\ud800"}', "application/json", 400),
    ("lone surrogate in a key", '{"\\udfff": 1}', "application/json", 400),
    ("invalid UTF-8", b'{"name": "Z\xffd"}', "application/json", 400),
    ("overlong UTF-8", b'{"name": "\xc0\xaf"}', "application/json", 400),
    ("UTF-16", '{"name": "Zed"}'.encode("utf-16"), "application/json", 400),
    ("a 5,000-digit number", '{"points": ' + "9" * 5000 + "}", "application/json", 400),
    ("plain text", "name=Zed", "text/plain", 415),
    ("a form", "name=Zed&email=zed%40acme.test&role=member", "application/x-www-form-urlencoded", 415),
    ("multipart", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nZed\r\n--b--\r\n",
     "multipart/form-data; boundary=b", 415),
    ("XML", "<name>Zed</name>", "application/xml", 415),
    ("JSON without a content type", '{"unexpected_field": 1}', None, 422),
]  # fmt: skip


@pytest.mark.usefixtures("unchanged")
def test_bodies_that_are_not_json_are_400_or_415_on_every_write_route(world: World) -> None:
    for op in BODY_OPS:
        for case, body, content_type, status in NOT_JSON:
            r = world.send(op.method, world.path(op.path), body, content_type=content_type)
            assert_refused(r, status, f"{op} {case}")
            codes = {400: "bad_request", 415: "unsupported_media_type", 422: "validation_error"}
            assert r.body["error"]["code"] == codes[status], (str(op), case, r.body)
        r = world.send(op.method, world.path(op.path), "not base64!", base64_encoded=True)
        assert_refused(r, 400, f"{op} bad base64")


@pytest.mark.usefixtures("unchanged")
def test_an_empty_or_non_object_body_is_refused(world: World) -> None:
    for op in BODY_OPS:
        bodies = ["[]", '"name"', "1", "true", "[{}]"] + ([] if op.nullable else [None, "", "null", "   "])
        for body in bodies:
            r = world.send(op.method, world.path(op.path), body)
            assert_refused(r, (400, 422), f"{op} {body!r}")


# --- every field: wrong types, out of range, too long, control characters -----------------------------


BAD_TIMES = ["2026-02-30T10:00:00Z", "2026-11-02T10:00:00", "tomorrow", 1_800_000_000,
             "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]  # fmt: skip


def wrong_values(node: dict[str, Any]) -> list[Any]:
    """Values of the wrong JSON type for a field, or of its type but out of its range."""
    if "enum" in node or "const" in node:
        return ["bogus", "", 1]
    kind = node.get("type")
    if kind in ("integer", "number"):
        low, high = node["minimum"] - 1, node["maximum"] + (1 if kind == "integer" else node["maximum"])
        as_text = ["12"] if kind == "integer" else ["1"]
        return [*as_text, True, [1], low, high] + ([1.5, 10**40] if kind == "integer" else [])
    by_kind: dict[str, list[Any]] = {
        "string": [123, ["x"], {"a": "b"}, True] + (BAD_TIMES if node.get("format") == "date-time" else []),
        "boolean": ["true", 1, "yes", [True]],
        "array": ["x", {"a": 1}, ["x"] * (node.get("maxItems", 10_000) + 1)],
    }
    return by_kind.get(str(kind), ["x", [1], 7])  # else an object


@pytest.mark.usefixtures("unchanged")
def test_wrong_types_and_out_of_range_values_name_their_field(world: World) -> None:
    examples = valid_bodies(world)
    for op in BODY_OPS:
        base = examples[op.model]
        for path, node in leaves(op.schema):
            for value in wrong_values(node):
                r = world.call(op.method, world.path(op.path), body=with_value(base, path, value))
                assert_refused(r, 422, f"{op} {dotted(path)}={str(value)[:40]!r}", dotted(path))
        r = world.call(op.method, world.path(op.path), body={**base, "is_admin": True})
        assert_refused(r, 422, f"{op} unknown field", "is_admin")


CONTROL = ["\x00", "Zed\x00", "a\x07b", "\x1b[31mred", "tab\x7f", "next\x85line", "\x08"]
MULTILINE_OK = "two\nlines\r\nand\ta tab"


def string_fields(op: Op) -> Iterator[tuple[tuple, dict]]:
    for path, node in leaves(op.schema):
        if node.get("type") == "string" and "enum" not in node and "const" not in node:
            yield path, node


@pytest.mark.usefixtures("unchanged")
def test_huge_strings_and_control_characters_are_422_in_every_string_field(world: World) -> None:
    examples = valid_bodies(world)
    for op in BODY_OPS:
        base = examples[op.model]
        for path, node in string_fields(op):
            where = f"{op} {dotted(path)}"
            too_long = "a" * (node.get("maxLength", 30_000) + 1)
            r = world.call(op.method, world.path(op.path), body=with_value(base, path, too_long))
            assert_refused(r, 422, where + " too long", dotted(path))
            for value in CONTROL:
                r = world.call(op.method, world.path(op.path), body=with_value(base, path, value))
                assert_refused(r, 422, f"{where}={value!r}", dotted(path))


def test_texts_keep_line_breaks_and_names_do_not(world: World) -> None:
    """The decision (docs/decisions.md): names and other one-line fields take printable text only;
    long texts (a content body, messages, descriptions, notes, reasons) also take tabs and line breaks."""
    r = world.call("POST", "/content", body={"title": "Notes", "url": "https://acme.example/n",
                                             "body": MULTILINE_OK, "messages": {"linkedin": MULTILINE_OK}})  # fmt: skip
    assert r.status == 201, r.body
    assert (r.body["body"], r.body["messages"]["linkedin"]) == (MULTILINE_OK, MULTILINE_OK)
    r = world.call("POST", "/rewards", body={"name": "Cap", "cost": 5, "description": MULTILINE_OK})
    assert r.status == 201, r.body
    assert r.body["description"] == MULTILINE_OK
    for name in ("two\nlines", "tab\there", "Ze\rd", "line\u2028separator"):
        assert_refused(world.call("POST", "/groups", body={"name": name}), 422, repr(name), "name")
    r = world.call("POST", "/groups", body={"name": "Ünïcødé 名前 ✓"})
    assert r.status == 201, r.body


@pytest.mark.usefixtures("unchanged")
def test_bad_time_zones_and_enums_are_422(world: World) -> None:
    for zone in ("Mars/Olympus", "Europe", "America/Argentina", "../../etc/passwd", "/etc/localtime",
                 "Europe/Paris ", "UTC\x00", "", "zone.tab", "tzdata.zi", "Europe/Paris/", "x" * 65, "europe/paris"):  # fmt: skip
        r = world.call("PATCH", "/org", body={"timezone": zone})
        assert_refused(r, 422, repr(zone), "timezone")
    for body in ({"role": "owner"}, {"status": "deleted"}, {"groups": ["nope/../x"]}):
        assert_refused(world.call("PATCH", world.path("/members/{member_id}"), body=body), 422, str(body))
    assert_refused(world.call("PATCH", "/me", body={"digest": "hourly"}), 422, "digest", "digest")
    assert_refused(
        world.call("PATCH", "/org", body={"emv": {"currency": "usd"}}), 422, "currency", "emv.currency"
    )
    assert_refused(world.call("POST", world.path("/content/{content_id}/shares"), body={"network": "myspace"}), 422, "network", "network")  # fmt: skip


@pytest.mark.usefixtures("unchanged")
def test_a_valid_preview_request_reaches_only_the_fake_fetch(world: World) -> None:
    """The world's stand-in fetch is in place: a valid link is refused by it, never fetched."""
    FETCHED.clear()
    r = world.call("POST", "/content/preview", body={"url": "https://acme.example/launch"})
    assert_refused(r, 422, "preview", "url")
    assert FETCHED == ["https://acme.example/launch"]


def test_the_recorder_sees_writes(world: World) -> None:
    with recorded_calls() as calls:
        assert world.call("PATCH", "/me", body={"digest": "weekly"}).status == 200
    assert "UpdateItem" in calls or "TransactWriteItems" in calls, calls


@given(data=st.data())
@HYPOTHESIS
def test_random_json_never_fails_and_a_refusal_writes_nothing(world: World, data: st.DataObject) -> None:
    """Any JSON document, built from the route's own field names and arbitrary values, is answered
    below 500; an answer of 400 or more makes no AWS call but reads."""
    op = data.draw(st.sampled_from(BODY_OPS))
    names = [p for p, _ in leaves(op.schema) if len(p) == 1]
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["place", "x", "handle", "linkedin"]) | st.text(max_size=5), inner, max_size=3
            )
        ),
        max_leaves=8,
    )
    body = data.draw(
        st.dictionaries(st.sampled_from([str(n[0]) for n in names]) | st.text(max_size=8), values, max_size=4)
    )
    with recorded_calls() as calls:
        r = world.call(op.method, world.path(op.path), body=body)
    assert r.status < 500, (str(op), body, r.body)
    if r.status >= 400:
        assert_refused(r, r.status, f"{op} {body!r}")
        assert [c for c in calls if not c.startswith(READS)] == [], (str(op), body)


# --- path ids --------------------------------------------------------------------------------------

BAD_IDS = ["x" * 65, "é名🙂", "..", "%2F%00", "a b"]


@pytest.mark.usefixtures("unchanged")
def test_bad_path_ids_are_4xx_on_every_route(world: World) -> None:
    examples = valid_bodies(world)
    for path, operations in OPENAPI["paths"].items():
        params = re.findall(r"\{(\w+)\}", path)
        if not params or params == ["period"]:
            continue
        for method in operations:
            body = examples[op.model] if (op := _op(method, path)) else None
            for bad in [*BAD_IDS, "a/b"]:
                concrete = world.path(path).replace(world.ids[params[0]], bad, 1)
                r = world.call(method.upper(), concrete, body=body)
                assert_refused(r, (404, 422), f"{method.upper()} {concrete}")
    r = world.call("GET", "/leaderboards/decade")
    assert_refused(r, 422, "period", "period")


def _op(method: str, path: str) -> Op | None:
    return next((o for o in BODY_OPS if o.method == method.upper() and o.path == path), None)


# --- limit, cursors and dates on list routes ----------------------------------------------------------

BAD_LIMITS = ["0", "-1", "101", "99999999999999999999999", "abc", "1.5", "", " ", "1e2", "0x10", "٣", "5\x00"]


@pytest.mark.usefixtures("unchanged")
def test_out_of_range_or_non_numeric_limit_is_422(world: World) -> None:
    routes = list_operations("limit")
    assert "/members" in routes and "/leaderboards/{period}" in routes
    for template in routes:
        for limit in BAD_LIMITS:
            r = world.call("GET", world.path(template), query={"limit": limit})
            assert_refused(r, 422, f"{template}?limit={limit!r}", "limit")
        assert world.call("GET", world.path(template), query={"limit": "100"}).status == 200


def first_cursor(world: World, template: str) -> str:
    r = world.call("GET", world.path(template), query={"limit": "1"})
    assert r.status == 200, r.body
    assert r.body["next_cursor"], f"{template} has a single page: the world needs more items"
    return str(r.body["next_cursor"])


def decode_cursor(cursor: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def forged(key: dict[str, Any], world: World, other_member: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Cursors a client could make from a real one: none may reach beyond the caller's own list."""
    org, other_org = world.admin["org_id"], world.other_admin["org_id"]
    me = world.admin["member_id"]
    for name, value in key.items():
        text = value["S"]
        if org in text:
            yield f"{name}: other org", {**key, name: {"S": text.replace(org, other_org)}}
        if me in text:
            yield f"{name}: other member", {**key, name: {"S": text.replace(me, other_member)}}
        if re.match(r"^[A-Za-z]+#", text):
            yield f"{name}: other item type", {**key, name: {"S": re.sub(r"^[A-Za-z]+#", "GROUPNAME#", text)}}
        yield f"{name}: empty", {**key, name: {"S": ""}}
        yield f"{name}: 1,100 bytes", {**key, name: {"S": text + "x" * 1100}}
        yield f"{name}: number", {**key, name: {"N": "1"}}
        yield f"{name}: missing", {k: v for k, v in key.items() if k != name}
    yield "extra key", {**key, "extra": {"S": "x"}}


@pytest.mark.usefixtures("unchanged")
def test_tampered_garbage_and_foreign_cursors_are_422(world: World) -> None:
    routes = list_operations("cursor")
    assert "/feed" in routes and "/me/points" in routes
    mia = world.ids["member_id"]
    cursors = {template: first_cursor(world, template) for template in routes}
    garbage = ["%%%", "A" * 5000, encode_cursor([1, 2]), base64.urlsafe_b64encode(b"\xff\xfe{").decode()]
    for template in routes:
        key = decode_cursor(cursors[template])
        cases = [(f"garbage {g[:20]!r}", g) for g in garbage]
        cases += [(case, encode_cursor(bad)) for case, bad in forged(key, world, mia)]
        name = next(iter(key))  # a lone surrogate, which JSON escapes as \\ud800
        cases.append(("surrogate", encode_cursor({**key, name: {"S": "\ud800"}})))
        at = routes.index(template)  # the cursors of three other lists
        cases += [(f"cursor of {t}", cursors[t]) for t in (routes * 2)[at + 1 : at + 4]]
        for case, cursor in cases:
            r = world.call("GET", world.path(template), query={"cursor": cursor})
            if case.endswith("other member") and not template.startswith("/me/"):
                assert r.status in (200, 422), (template, case, r.body)  # another member of the same org
                continue
            assert_refused(r, 422, f"{template} {case}", "cursor")
        # a real cursor of the other org, for the same list
        r = world.call("GET", world.path(template), who=world.other_admin, query={"limit": "1"})
        if r.status == 200 and r.body["next_cursor"]:
            assert_refused(
                world.call("GET", world.path(template), query={"cursor": r.body["next_cursor"]}),
                422,
                template,
                "cursor",
            )


@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
@HYPOTHESIS
def test_arbitrary_cursors_are_422(world: World, raw: bytes) -> None:
    for cursor in (base64.urlsafe_b64encode(raw).decode().rstrip("="), raw.decode("latin-1")):
        if not cursor:
            continue
        r = world.call("GET", "/me/shares", query={"cursor": cursor})
        assert_refused(r, 422, repr(cursor), "cursor")


def query_integer(text: str) -> int | None:
    """How a query string reads as an integer (Pydantic's lax rules: "05", " 5", "5.0" are 5)."""
    try:
        return int(TypeAdapter(int).validate_python(text))
    except ValidationError:
        return None


@given(limit=st.integers(min_value=-(10**30), max_value=10**30).map(str) | st.text(max_size=6))
@HYPOTHESIS
def test_limit_is_a_number_from_1_to_100(world: World, limit: str) -> None:
    r = world.call("GET", "/groups", query={"limit": limit})
    number = query_integer(limit)
    if number is not None and 1 <= number <= 100:
        assert r.status == 200, (limit, r.body)
    else:
        assert_refused(r, 422, repr(limit), "limit")


@pytest.mark.usefixtures("unchanged")
def test_bad_dates_are_422(world: World) -> None:
    routes = list_operations("from")
    assert {"/analytics/summary", "/analytics/export.csv", "/content/{content_id}/analytics"} <= set(routes)
    bad: list[tuple[dict[str, str], str]] = [
        ({"from": "2026-11-02", "to": "2026-11-01"}, "from"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"from": "2025-01-01", "to": "2026-11-01"}, "from"),
        ({"to": "0001-01-05"}, "to"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "from"),
        ({"from": "9999-12-31", "to": "9999-12-31"}, "from"),
        ({"to": "2026-11-02T10:00:00"}, "to"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-11-01\x00"}, "from"),
        ({"to": "x" * 5000}, "to"),
    ]
    for template in routes:
        for query, field in bad:
            r = world.call("GET", world.path(template), query=query)
            assert_refused(r, 422, f"{template} {query}", field)
    r = world.call("GET", "/analytics/summary", query={"from": "2026-01-01", "to": "2026-11-02"})
    assert r.status == 200, r.body


@pytest.mark.usefixtures("unchanged")
def test_bad_query_values_are_422(world: World) -> None:
    cases: list[tuple[str, dict[str, str], str]] = [
        ("/members", {"role": "root"}, "role"),
        ("/members", {"status": "zombie"}, "status"),
        ("/members", {"group": "../x"}, "group"),
        ("/members", {"group": "g" * 65}, "group"),
        ("/content", {"status": "deleted"}, "status"),
        ("/content", {"q": "x" * 101}, "q"),
        ("/content", {"q": "\x00"}, "q"),
        ("/redemptions", {"status": "maybe"}, "status"),
        ("/leaderboards/week", {"period_key": "2026-W99"}, "period_key"),
        ("/leaderboards/week", {"period_key": "x" * 17}, "period_key"),
        ("/leaderboards/week", {"group": "\x00"}, "group"),
        ("/analytics/summary", {"group": "é"}, "group"),
    ]
    for path, query, field in cases:
        assert_refused(world.call("GET", path, query=query), 422, f"{path} {query}", field)


# --- the helpers themselves ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("name",), {"name": "x", "a": 1}),
        (("networks", "x", "handle"), {"a": 1, "networks": {"x": {"handle": "x"}}}),
        (("groups", 0), {"a": 1, "groups": ["x"]}),
        (("prizes", 0, "badge"), {"a": 1, "prizes": [{"badge": "x"}]}),
    ],
)
def test_with_value_builds_the_path(path: tuple, expected: dict[str, Any]) -> None:
    assert with_value({"a": 1}, path, "x") == expected


def test_changes_names_what_was_written() -> None:
    assert changes({"t": ["a"]}, {"t": ["a", "b"]}) == {"t": {"removed": [], "added": ["b"]}}
    assert changes({"t": ["a"]}, {"t": ["a"]}) == {}
