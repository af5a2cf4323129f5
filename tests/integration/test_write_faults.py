"""Every write path of the API under DynamoDB faults: a clean 503 and no half-written state.

For each path: run it once to count its DynamoDB calls and record the tables as a success leaves
them; then, for each call and each fault (throttled, a 500, a read timeout after DynamoDB applied
the call), put the tables back, run the same request with that one call failing, and check the
answer (503, `Retry-After`, the error body of docs/api.md) and the tables: exactly as before the request, or
exactly as after a success. Ids are made deterministic for the test, so "exactly" means every
attribute of every item of every table.
"""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from tests.support import connected
from tests.support.events import FakeContext, http_event
from tests.support.faults import FAULTS, Database, DynamoFaults, Snapshot, changes
from tests.support.mocked import Env, Response

Org = dict[str, Any]


@dataclass
class Request:
    who: dict[str, str]
    method: str
    path: str
    body: Any = None
    status: int = 200
    invited_email: str | None = None  # POST /members makes a Cognito user: its sub is volatile
    headers: dict[str, str] | None = None


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed_source(aws: Env, org: Org, at: datetime) -> str:
    body = {"url": "https://news.acme.example/feed.xml", "points": 3}
    return str(_post(aws, org["admin"], "/feed-sources", body, at)["source_id"])


def _post(aws: Env, who: dict[str, str], path: str, body: Any, at: datetime) -> dict[str, Any]:
    r = aws.call("POST", path, who=who, body=body, now=at)
    assert r.status in (200, 201), (path, r.body)
    return dict(r.body)


def _content(aws: Env, org: Org, at: datetime, status: str = "published", **fields: Any) -> str:
    body = {"title": "Launch", "url": "https://acme.example/launch", "status": status, **fields}
    return str(_post(aws, org["manager"], "/content", body, at)["content_id"])


def _pending_content(aws: Env, org: Org, at: datetime) -> str:
    """Content a manager sent for approval; the setting is turned off again (the scenarios share the org)."""

    def needs_approval(on: bool) -> None:
        r = aws.call("PATCH", "/org", who=org["admin"], body={"content_needs_approval": on}, now=at)
        assert r.status == 200, r.body

    needs_approval(True)
    content_id = _content(aws, org, at)
    needs_approval(False)
    return content_id


def _connection_state(aws: Env, org: Org, at: datetime, network: str) -> str:
    """The `state` of a connection attempt the first member started (the network is stubbed)."""
    url = _post(aws, org["members"][0], f"/me/connections/{network}", None, at)["authorize_url"]
    return parse_qs(urlsplit(url).query)["state"][0]


def _connected(aws: Env, org: Org, at: datetime, network: str) -> str:
    body = {"code": "code-1", "state": _connection_state(aws, org, at, network)}
    _post(aws, org["members"][0], f"/me/connections/{network}/callback", body, at)
    return network


def _stub_networks(aws: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """Connected accounts without the networks: the code exchange and the member's id answer at once,
    and sealing is deterministic, so two runs of one request leave the very same items."""
    from advocacy.adapters import oauth
    from advocacy.store import vault

    connected.configure(aws, "http://127.0.0.1:9")
    monkeypatch.setattr(oauth, "exchange", lambda *_: oauth.Tokens("at-1", 7200, "rt-1"))
    monkeypatch.setattr(oauth, "who", lambda *_: {"sub": "li-1", "data": {"id": "x-1"}})
    monkeypatch.setattr(oauth, "revoke", lambda *_: None)
    monkeypatch.setattr(
        vault, "seal", lambda _key, context, plain: f"sealed:{sorted(context.items())}:{len(plain)}"
    )
    monkeypatch.setattr(vault, "open_", lambda *_: b'{"access_token": "at-1", "refresh_token": "rt-1"}')


def _reward(aws: Env, org: Org, at: datetime) -> str:
    body = {"name": "Mug", "cost": 10, "stock": 5, "per_member_limit": 2}
    return str(_post(aws, org["admin"], "/rewards", body, at)["reward_id"])


def _funded_reward(aws: Env, org: Org, at: datetime) -> str:
    """A reward the first member has the points for."""
    mia = org["members"][0]
    _post(aws, org["admin"], f"/members/{mia['member_id']}/points", {"points": 50, "reason": "seed"}, at)
    return _reward(aws, org, at)


def _pending_redemption(aws: Env, org: Org, at: datetime) -> str:
    reward_id = _funded_reward(aws, org, at)
    return str(_post(aws, org["members"][0], f"/rewards/{reward_id}/redemptions", None, at)["redemption_id"])


def _suggestion(aws: Env, org: Org, at: datetime) -> str:
    body = {"url": "https://news.example/acme", "note": "worth sharing"}
    return str(_post(aws, org["members"][0], "/suggestions", body, at)["suggestion_id"])


def _clicked_share(aws: Env, org: Org, at: datetime) -> str:
    """A share of the first member with one rewarded click applied: a share entry and a click entry."""
    from tests.support.actions import click

    share = _post(aws, org["members"][0], f"/content/{_content(aws, org, at)}/shares", {"network": "x"}, at)
    click(aws, share["code"], ip="192.0.2.44", at=at)
    aws.streams.drain()
    return str(share["share_id"])


Setup = Callable[[Env, Org, datetime], Request]

SCENARIOS: dict[str, Setup] = {
    "create content": lambda aws, org, at: Request(
        org["manager"], "POST", "/content", status=201,
        body={"title": "News", "url": "https://acme.example/n", "groups": [org["groups"]["sales"]["group_id"]]},
    ),
    "edit content": lambda aws, org, at: Request(
        org["manager"], "PATCH", f"/content/{_content(aws, org, at)}", body={"title": "Launch, updated"}
    ),
    "publish content": lambda aws, org, at: Request(
        org["manager"], "POST", f"/content/{_content(aws, org, at, 'draft')}/publish"
    ),
    "schedule content": lambda aws, org, at: Request(
        org["manager"], "POST",
        f"/content/{_content(aws, org, at, 'draft', publish_at=_iso(at + timedelta(hours=3)))}/schedule",
    ),
    "archive content": lambda aws, org, at: Request(
        org["manager"], "POST", f"/content/{_content(aws, org, at)}/archive"
    ),
    "approve content": lambda aws, org, at: Request(
        org["admin"], "POST", f"/content/{_pending_content(aws, org, at)}/approve"
    ),
    "reject content": lambda aws, org, at: Request(
        org["admin"], "POST", f"/content/{_pending_content(aws, org, at)}/reject", {"note": "Not yet."}
    ),
    "share": lambda aws, org, at: Request(
        org["members"][0], "POST", f"/content/{_content(aws, org, at)}/shares", {"network": "linkedin"}, 201
    ),
    "redeem": lambda aws, org, at: Request(
        org["members"][0], "POST", f"/rewards/{_funded_reward(aws, org, at)}/redemptions", status=201
    ),
    "approve redemption": lambda aws, org, at: Request(
        org["admin"], "POST", f"/redemptions/{_pending_redemption(aws, org, at)}/approve"
    ),
    "reject redemption": lambda aws, org, at: Request(
        org["admin"], "POST", f"/redemptions/{_pending_redemption(aws, org, at)}/reject", {"note": "sold out"}
    ),
    "void share": lambda aws, org, at: Request(
        org["admin"], "POST", f"/shares/{_clicked_share(aws, org, at)}/void", {"reason": "Clicks farmed."}
    ),
    "adjust points": lambda aws, org, at: Request(
        org["admin"], "POST", f"/members/{org['members'][0]['member_id']}/points",
        {"points": 25, "reason": "conference talk"}, 201,
    ),
    "create group": lambda aws, org, at: Request(org["admin"], "POST", "/groups", {"name": "Marketing"}, 201),
    "add feed source": lambda aws, org, at: Request(
        org["admin"], "POST", "/feed-sources", {"url": "https://news.acme.example/feed.xml", "publish": True,
                                                "groups": [org["groups"]["sales"]["group_id"]]}, 201,
    ),
    "edit feed source": lambda aws, org, at: Request(
        org["admin"], "PATCH", f"/feed-sources/{_feed_source(aws, org, at)}",
        {"url": "https://news.acme.example/atom.xml", "points": None},
    ),
    "delete feed source": lambda aws, org, at: Request(
        org["admin"], "DELETE", f"/feed-sources/{_feed_source(aws, org, at)}", status=204
    ),
    "rename group": lambda aws, org, at: Request(
        org["admin"], "PATCH", f"/groups/{org['groups']['sales']['group_id']}", {"name": "Sales EMEA"}
    ),
    "delete group": lambda aws, org, at: Request(
        org["admin"], "DELETE", f"/groups/{org['groups']['eng']['group_id']}", status=204
    ),
    "invite member": lambda aws, org, at: Request(
        org["admin"], "POST", "/members", status=201, invited_email="zoe@acme.test",
        body={"email": "zoe@acme.test", "name": "Zoe", "role": "member",
              "groups": [org["groups"]["sales"]["group_id"]]},
    ),
    "update member": lambda aws, org, at: Request(
        org["admin"], "PATCH", f"/members/{org['members'][0]['member_id']}",
        {"groups": [org["groups"]["eng"]["group_id"]], "role": "manager"},
    ),
    "update org": lambda aws, org, at: Request(
        org["admin"], "PATCH", "/org", {"name": "Acme Robotics", "point_rules": {"share": 15}}
    ),
    "create contest": lambda aws, org, at: Request(
        org["manager"], "POST", "/contests", status=201,
        body={"name": "November push", "starts_at": _iso(at), "ends_at": _iso(at + timedelta(days=7)),
              "metric": "points", "prizes": [{"place": 1, "points": 100}]},
    ),
    "create reward": lambda aws, org, at: Request(
        org["admin"], "POST", "/rewards", {"name": "Hoodie", "cost": 100, "stock": 3}, 201
    ),
    "edit reward": lambda aws, org, at: Request(
        org["admin"], "PATCH", f"/rewards/{_reward(aws, org, at)}", {"cost": 20, "stock": None}
    ),
    "update me": lambda aws, org, at: Request(
        org["members"][0], "PATCH", "/me",
        {"name": "Mia B.", "digest": "weekly", "networks": {"linkedin": {"handle": "mia", "followers": 250}}},
    ),
    "request an export": lambda aws, org, at: Request(
        org["manager"], "GET", "/analytics/export.csv", status=202, headers={"prefer": "respond-async"}
    ),
    "export my data": lambda aws, org, at: Request(
        org["members"][0], "POST", "/me/export", status=202, headers={"prefer": "respond-async"}
    ),
    "suggest content": lambda aws, org, at: Request(
        org["members"][0], "POST", "/suggestions", {"url": "https://news.example/acme", "title": "Acme"}, 201
    ),
    "accept suggestion": lambda aws, org, at: Request(
        org["manager"], "POST", f"/suggestions/{_suggestion(aws, org, at)}/accept"
    ),
    "decline suggestion": lambda aws, org, at: Request(
        org["manager"], "POST", f"/suggestions/{_suggestion(aws, org, at)}/decline", {"note": "off topic"}
    ),
    "connect account": lambda aws, org, at: Request(org["members"][0], "POST", "/me/connections/x"),
    "complete connection": lambda aws, org, at: Request(
        org["members"][0], "POST", "/me/connections/x/callback",
        {"code": "code-1", "state": _connection_state(aws, org, at, "x")},
    ),
    "disconnect account": lambda aws, org, at: Request(
        org["members"][0], "DELETE", f"/me/connections/{_connected(aws, org, at, 'x')}", status=204
    ),
    "set auto-share": lambda aws, org, at: Request(
        org["members"][0], "PUT", "/me/auto-share",
        {"enabled": True, "networks": [_connected(aws, org, at, "x")], "scope": "all", "daily_cap": 2,
         "window": {"start": "09:00", "end": "12:00"}},
    ),
}  # fmt: skip
# The route each scenario exercises: every route that writes must have one (a GET that writes too).
ROUTES = {
    "create content": "POST /content", "edit content": "PATCH /content/{content_id}",
    "publish content": "POST /content/{content_id}/publish",
    "schedule content": "POST /content/{content_id}/schedule", "archive content": "POST /content/{content_id}/archive",
    "approve content": "POST /content/{content_id}/approve", "reject content": "POST /content/{content_id}/reject",
    "share": "POST /content/{content_id}/shares", "redeem": "POST /rewards/{reward_id}/redemptions",
    "approve redemption": "POST /redemptions/{redemption_id}/approve",
    "reject redemption": "POST /redemptions/{redemption_id}/reject",
    "void share": "POST /shares/{share_id}/void",
    "adjust points": "POST /members/{member_id}/points", "create group": "POST /groups",
    "rename group": "PATCH /groups/{group_id}", "delete group": "DELETE /groups/{group_id}",
    "add feed source": "POST /feed-sources", "edit feed source": "PATCH /feed-sources/{source_id}",
    "delete feed source": "DELETE /feed-sources/{source_id}",
    "invite member": "POST /members", "update member": "PATCH /members/{member_id}", "update org": "PATCH /org",
    "create contest": "POST /contests", "create reward": "POST /rewards", "edit reward": "PATCH /rewards/{reward_id}",
    "update me": "PATCH /me", "request an export": "GET /analytics/export.csv", "export my data": "POST /me/export",
    "suggest content": "POST /suggestions", "accept suggestion": "POST /suggestions/{suggestion_id}/accept",
    "decline suggestion": "POST /suggestions/{suggestion_id}/decline",
    "connect account": "POST /me/connections/{network}",
    "complete connection": "POST /me/connections/{network}/callback",
    "disconnect account": "DELETE /me/connections/{network}",
    "set auto-share": "PUT /me/auto-share",
}  # fmt: skip


class Ids:
    """Deterministic stand-ins for the random ids and short codes while `on` (restarted each run),
    so that two runs of one request leave the very same items."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = False
        self.counter = itertools.count()
        real_hex, real_urlsafe = secrets.token_hex, secrets.token_urlsafe

        def token_hex(nbytes: int | None = None) -> str:
            return f"{next(self.counter):0{2 * (nbytes or 32)}x}" if self.on else real_hex(nbytes)

        def token_urlsafe(nbytes: int | None = None) -> str:
            return f"c{next(self.counter):015d}" if self.on else real_urlsafe(nbytes)

        monkeypatch.setattr(secrets, "token_hex", token_hex)
        monkeypatch.setattr(secrets, "token_urlsafe", token_urlsafe)

    @contextmanager
    def deterministic(self) -> Iterator[None]:
        self.on, self.counter = True, itertools.count()
        try:
            yield
        finally:
            self.on = False


def _cognito_sub(pool_id: str, email: str) -> str | None:
    try:
        user = boto3.client("cognito-idp").admin_get_user(UserPoolId=pool_id, Username=email)
    except boto3.client("cognito-idp").exceptions.UserNotFoundException:
        return None
    return next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")


def _forget_user(pool_id: str, email: str) -> None:
    if _cognito_sub(pool_id, email) is not None:
        boto3.client("cognito-idp").admin_delete_user(UserPoolId=pool_id, Username=email)


# Three tests (one org each) rather than one per path: the org's setup would cost more than the runs.
CHUNKS = {
    "content and sharing": [
        "create content", "edit content", "publish content", "schedule content", "archive content", "share",
        "approve content", "reject content",
    ],
    "points, rewards and contests": [
        "adjust points", "void share", "redeem", "approve redemption", "reject redemption", "create reward", "edit reward",
        "create contest", "suggest content", "accept suggestion", "decline suggestion",
    ],
    "people, groups and org": [
        "add feed source", "edit feed source", "delete feed source",
        "create group", "rename group", "delete group", "invite member", "update member", "update org", "update me",
        "request an export", "export my data", "connect account", "complete connection", "disconnect account",
        "set auto-share",
    ],
}  # fmt: skip


# POSTs that write nothing, so no DynamoDB fault can leave half a write: a link preview takes a URL
# in its body (hence a POST) but only reads someone else's page (decision 64).
READ_ONLY_POSTS = {"POST /content/preview"}
# Writes with a fault test of their own below: a post through a connected account calls the network
# between its writes, so what must hold is "posted at most once, recorded once", not "all or nothing";
# an erasure changes more items than a transaction holds, so what must hold is "a retry completes it".
OWN_FAULT_TESTS = {"POST /content/{content_id}/posts", "POST /members/{member_id}/erase"}


def test_every_write_route_has_a_scenario() -> None:
    document = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    writes = {f"{m.upper()} {p}" for p, ops in document["paths"].items() for m in ops if m != "get"}
    assert writes >= READ_ONLY_POSTS, "a read-only POST listed here no longer exists"
    writes -= READ_ONLY_POSTS | OWN_FAULT_TESTS
    assert writes <= set(ROUTES.values()), f"add a fault scenario for {sorted(writes - set(ROUTES.values()))}"
    assert sorted(ROUTES) == sorted(SCENARIOS)
    assert sorted(n for names in CHUNKS.values() for n in names) == sorted(SCENARIOS)


@pytest.mark.parametrize("chunk", sorted(CHUNKS))
def test_a_failed_dynamodb_call_is_a_503_and_leaves_no_half_write(
    aws: Env, org: Org, now: datetime, chunk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = Ids(monkeypatch)
    _stub_networks(aws, monkeypatch)
    faults = DynamoFaults()
    faults.install(monkeypatch)
    problems = [p for name in CHUNKS[chunk] for p in _faulted_runs(aws, org, now, name, ids, faults)]
    assert not problems, "\n".join(problems)


def _faulted_runs(aws: Env, org: Org, now: datetime, name: str, ids: Ids, faults: DynamoFaults) -> list[str]:
    """Run the scenario once per (call, fault); what went wrong, one line each."""
    at = now + timedelta(hours=1)
    request = SCENARIOS[name](aws, org, at)
    db = Database()
    before = last = db.snapshot()

    def run(fail_at: int | None = None, fault: str = "") -> tuple[Response, Snapshot, list[str]]:
        nonlocal last
        db.restore(before, last)
        if request.invited_email:
            _forget_user(aws.user_pool_id, request.invited_email)
        with ids.deterministic(), faults.arm(fail_at, fault):
            r = aws.call(
                request.method,
                request.path,
                who=request.who,
                body=request.body,
                headers=request.headers,
                now=at,
            )
        after = last = db.snapshot()
        sub = _cognito_sub(aws.user_pool_id, request.invited_email) if request.invited_email else None
        if sub:  # the invited member's id is Cognito's random sub: compare it by role, not value
            after = {t: {k.replace(sub, "<sub>"): v.replace(sub, "<sub>") for k, v in items.items()}
                     for t, items in after.items()}  # fmt: skip
        return r, after, list(faults.calls)

    ok, success, calls = run()
    assert ok.status == request.status, (name, ok.body)
    assert changes(before, success), f"{name} changed nothing: not a write path"
    assert run()[1] == success, f"{name}: a second success must leave the same items (ids are deterministic)"

    problems = []
    for index, fault in itertools.product(range(1, len(calls) + 1), FAULTS):
        r, after, _ = run(index, fault)
        where = f"{name}: {fault} on call {index} of {calls}"
        error = r.body.get("error", {}) if isinstance(r.body, dict) else {}
        if (r.status, r.headers.get("Retry-After"), error.get("code")) != (503, "1", "unavailable"):
            problems.append(f"{where}: answered {r.status} {r.body}")
        elif not isinstance(error.get("message"), str) or error.get("details") != []:
            problems.append(f"{where}: error body {r.body}")
        if after not in (before, success):
            problems.append(f"{where}: half-written: {changes(success, after)}")
    db.restore(before, last)
    return problems


@pytest.mark.parametrize("fault", ["throttled", "timeout_after_write"])
def test_an_invite_whose_member_write_failed_keeps_the_sign_in_user_and_a_retry_converges(
    aws: Env, org: Org, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The member may or may not have been written: deleting the Cognito user could leave a member
    who can never sign in, and a retry would then make a second member with the same email."""
    faults = DynamoFaults()
    faults.install(monkeypatch)
    body = {"email": "zoe@acme.test", "name": "Zoe", "role": "member"}
    with faults.arm():
        assert aws.call("POST", "/members", who=org["admin"], body=body).status == 201
    boto3.client("cognito-idp").admin_delete_user(UserPoolId=aws.user_pool_id, Username="zoe@acme.test")
    from advocacy.store.models import MemberModel

    for member in MemberModel.query(
        org["org"]["org_id"], filter_condition=MemberModel.email == "zoe@acme.test"
    ):
        member.delete()
    with faults.arm(faults.calls.index("TransactWriteItems") + 1, fault):
        failed = aws.call("POST", "/members", who=org["admin"], body=body)
    assert failed.status == 503
    sub = _cognito_sub(aws.user_pool_id, "zoe@acme.test")
    assert sub is not None, "the sign-in user was deleted although the member may exist"

    retried = aws.call("POST", "/members", who=org["admin"], body=body)
    assert retried.status == (201 if fault == "throttled" else 409), retried.body
    zoes = list(
        MemberModel.query(org["org"]["org_id"], filter_condition=MemberModel.email == "zoe@acme.test")
    )
    assert [m.member_id for m in zoes] == [sub]


def test_the_redirect_under_faults_is_a_503_page_or_still_a_redirect(
    aws: Env, org: Org, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link read failing is a small 503 page to retry; the click put failing still redirects
    (a lost click is better than a broken link, decision 11), and nothing is ever half-written."""
    from advocacy.handlers import redirect

    at = now + timedelta(hours=1)
    content_id = _content(aws, org, at)
    share = _post(aws, org["members"][0], f"/content/{content_id}/shares", {"network": "x"}, at)
    event = http_event("GET", f"/r/{share['code']}", route="GET /r/{code}", now=at)
    event["pathParameters"] = {"code": share["code"]}
    db = Database()
    faults = DynamoFaults()
    faults.install(monkeypatch)
    before = last = db.snapshot()

    def run(fail_at: int | None = None, fault: str = "") -> tuple[dict[str, Any], Snapshot]:
        nonlocal last
        db.restore(before, last)
        with faults.arm(fail_at, fault):
            result = redirect.handler(event, FakeContext("redirect"))
        last = db.snapshot()
        return result, last

    ok, success = run()
    assert ok["statusCode"] == 302 and faults.calls == ["GetItem", "PutItem"]
    for fault in FAULTS:
        read_failed, after = run(1, fault)
        assert read_failed["statusCode"] == 503, fault
        assert read_failed["headers"]["Retry-After"] == "1"
        assert read_failed["headers"]["Cache-Control"] == "no-store"
        assert read_failed["headers"]["Content-Type"].startswith("text/html")
        assert after == before
        put_failed, after = run(2, fault)
        assert (put_failed["statusCode"], put_failed["headers"]["Location"]) == (
            302,
            ok["headers"]["Location"],
        )
        assert after == (success if fault == "timeout_after_write" else before)


def test_a_post_through_an_account_under_faults_is_never_published_or_awarded_twice(
    aws: Env, org: Org, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each DynamoDB call of a post failing in each way, then a plain retry: the first answer is the
    post (201) or a 503; the network got the post once, never twice; the retry answers the share that
    carries it (201, or 200 when the share was written after all); its points are awarded once. (Only a
    second failure in the same request, or no answer from the network, leaves `post_unconfirmed`.)"""
    from advocacy.api import deps
    from advocacy.services import connections, posting
    from advocacy.settings import Provider
    from tests.support.providers import serving

    def access(org_id: str, member_id: str, network: str, now: datetime) -> connections.Access:
        return connections.Access(network, "token", "2244994945")

    monkeypatch.setattr(posting.connections, "access", access)
    faults = DynamoFaults()
    faults.install(monkeypatch)
    mia, at = org["members"][0], now + timedelta(hours=1)
    settings = deps.settings()
    with serving() as fake:
        x = Provider("x", "arn:x", fake.base, fake.base, fake.base, fake.base)
        deps.configure(replace(settings, providers={"x": x}))
        try:

            def post(content_id: str) -> Response:
                return aws.call(
                    "POST", f"/content/{content_id}/posts", who=mia, body={"network": "x"}, now=at
                )

            with faults.arm():
                assert post(_content(aws, org, at)).status == 201
            calls = list(faults.calls)
            problems = []
            for index, fault in itertools.product(range(1, len(calls) + 1), FAULTS):
                content_id, sent = _content(aws, org, at), len(fake.posts)
                with faults.arm(index, fault):
                    first = post(content_id)
                retry = post(content_id)
                where = f"{fault} on call {index} of {calls}"
                mine = aws.call("GET", "/me/shares", who=mia, now=at, query={"limit": "100"}).body["items"]
                shares = [s for s in mine
                          if s["content_id"] == content_id]  # fmt: skip
                published = fake.posts[sent:]
                if first.status not in (201, 503) or (
                    first.status == 503 and first.headers.get("Retry-After") != "1"
                ):
                    problems.append(f"{where}: answered {first.status} {first.body}")
                if len(published) > 1:
                    problems.append(f"{where}: posted {len(published)} times")
                if retry.status not in (200, 201) or len(shares) != 1 or len(published) != 1:
                    problems.append(
                        f"{where}: retry {retry.status} {retry.body}, shares {shares}, posts {published}"
                    )
                elif shares[0]["post_url"] != retry.body["post_url"]:
                    problems.append(f"{where}: the share carries {shares[0]['post_url']}, not the post")
        finally:
            deps.configure(settings)
    ledger = aws.call("GET", "/me/points", who=mia, now=at, query={"limit": "100"}).body["items"]
    shared = aws.call("GET", "/me/shares", who=mia, now=at, query={"limit": "100"}).body["items"]
    assert sorted(e["ref"]["share_id"] for e in ledger if e["type"] == "share") == sorted(
        s["share_id"] for s in shared
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fault", FAULTS)
def test_an_erasure_failing_part_way_is_a_503_and_repeating_it_completes_it(
    aws: Env, org: Org, now: datetime, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`POST /members/{member_id}/erase` with each of its DynamoDB calls failing in turn: a 503, and
    the same request again leaves every table exactly as an erasure that never failed."""
    from tests.support.privacy import active_member_with_data, deactivate

    mia = active_member_with_data(aws, org, now, networks=False)["member"]
    at = now + timedelta(hours=1)
    deactivate(aws, org, mia, at)
    path = f"/members/{mia['member_id']}/erase"
    db = Database()
    before = db.snapshot()
    faults = DynamoFaults()
    faults.install(monkeypatch)
    with faults.arm():
        assert aws.call("POST", path, who=org["admin"], now=at).status == 200
    success, calls = db.snapshot(), list(faults.calls)
    last = success
    problems = []
    for index in range(1, len(calls) + 1):
        db.restore(before, last)
        if _cognito_sub(aws.user_pool_id, mia["email"]) is None:  # the success deleted it
            boto3.client("cognito-idp").admin_create_user(
                UserPoolId=aws.user_pool_id, Username=mia["email"], MessageAction="SUPPRESS",
                UserAttributes=[{"Name": "email", "Value": mia["email"]}, {"Name": "email_verified", "Value": "true"}],
            )  # fmt: skip
        with faults.arm(index, fault):
            failed = aws.call("POST", path, who=org["admin"], now=at)
        retried = aws.call("POST", path, who=org["admin"], now=at)
        last = db.snapshot()
        where = f"{fault} on call {index} ({calls[index - 1]}) of {calls}"
        if failed.status not in (503, 200) or (failed.status == 200 and fault != "timeout_after_write"):
            problems.append(f"{where}: answered {failed.status} {failed.body}")
        if retried.status != 200 or last != success:
            problems.append(f"{where}: the retry left {retried.status} {changes(success, last)}")
        if _cognito_sub(aws.user_pool_id, mia["email"]) is not None:
            problems.append(f"{where}: the sign-in user is still there")
    db.restore(before, last)
    assert not problems, "\n".join(problems)
