"""What the integration tests do again and again, through the handlers as a client would.

Each action takes the test's `Env` and, where it matters, a time: without one it happens at the
test's clock (`Env.now`), never at the wall clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.events import FakeContext, http_event, scheduled_event
from tests.support.mocked import Env

Person = dict[str, Any]

CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
LINKEDIN_BOT = "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"


def publish(aws: Env, org: dict[str, Any], at: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """Published content made by the org's manager (fields override the defaults)."""
    body = {
        "title": "Launch day",
        "url": "https://acme.example/blog/launch?ref=news",
        "status": "published",
        **fields,
    }
    r = aws.call("POST", "/content", who=org["manager"], body=body, now=at)
    assert r.status == 201, r.body
    return dict(r.body)


def share(aws: Env, who: Person, content_id: str, network: str, at: datetime | None = None) -> str:
    """A new share's short code."""
    r = aws.call("POST", f"/content/{content_id}/shares", who=who, body={"network": network}, now=at)
    assert r.status == 201, r.body
    return str(r.body["code"])


def click(aws: Env, code: str, ip: str = "198.51.100.7", ua: str = CHROME, method: str = "GET",
          request_id: str | None = None, at: datetime | None = None,
          headers: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """A visitor following a short link, through the redirect function (`headers` add to the
    visitor's User-Agent)."""
    from advocacy.handlers import redirect

    event = http_event(method, f"/r/{code}", route=f"{method} /r/{{code}}",
                       headers={"user-agent": ua, **(headers or {})}, now=at or aws.now)  # fmt: skip
    event["pathParameters"] = {"code": code}
    event["requestContext"]["http"].update({"sourceIp": ip, "userAgent": ua})
    if request_id:
        event["requestContext"]["requestId"] = request_id
    return dict(redirect.handler(event, FakeContext("redirect")))


def run_job(job: str, at: datetime) -> dict[str, Any]:
    """One scheduled run of `job` fired at `at`, as EventBridge would invoke the jobs function."""
    from advocacy.handlers import jobs

    return dict(jobs.handler(scheduled_event(job, at), FakeContext("jobs")))


def run_rollups(at: datetime) -> dict[str, Any]:
    """The rollup job run at `at`: analytics count the shares and clicks applied before it, for the
    days it recomputes (today, and yesterday and the day before when due, in each org's time zone:
    decisions 91 and 99)."""
    return run_job("rollups", at)


def grant(who: Person, points: int, at: datetime, reason: str = "welcome") -> None:
    """Points through the real ledger path: an entry and the balance in one transaction."""
    from advocacy.domain.ids import new_id
    from advocacy.store import ledger
    from advocacy.store.tables import transaction

    item = ledger.entry(
        who["org_id"], who["member_id"], new_id(), "adjustment", points, at, {"reason": reason}
    )
    with transaction() as tx:
        ledger.add_award(tx, item, who["org_id"], who["member_id"])


def adjust(aws: Env, org: dict[str, Any], who: Person, points: int, at: datetime) -> None:
    """An admin's adjustment of `who`'s points, through the API."""
    r = aws.call(
        "POST",
        f"/members/{who['member_id']}/points",
        who=org["admin"],
        body={"points": points, "reason": "t"},
        now=at,
    )
    assert r.status == 201, r.body


def new_reward(aws: Env, admin: Person, at: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """A reward in the catalog, created at `at` (ids sort by creation time: lists are newest first)."""
    r = aws.call("POST", "/rewards", who=admin, body={"name": "Hoodie", "cost": 100, **fields}, now=at)
    assert r.status == 201, r.body
    return dict(r.body)


def create_contest(
    aws: Env, org: dict[str, Any], start: datetime, end: datetime, **fields: Any
) -> dict[str, Any]:
    """A points contest from `start` to `end` created by the manager at `start` (fields override)."""
    body = {
        "name": "November push",
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "metric": "points",
        "prizes": [{"place": 1, "points": 100, "badge": "champion"}, {"place": 2, "reward_id": "mug"}],
        **fields,
    }
    r = aws.call("POST", "/contests", who=org["manager"], body=body, now=start)
    assert r.status == 201, r.body
    return dict(r.body)
