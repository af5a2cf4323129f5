"""Analytics over HTTP: a scripted two-day scenario across two groups and three networks; every figure
of the summaries, the content analytics and the CSV is computed here from what the script did."""

from __future__ import annotations

import csv
import io
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.events import stamp
from tests.support.stack import Stack

D1 = datetime(2030, 1, 7, 10, 0, tzinfo=UTC)
D2 = D1 + timedelta(days=1)
PASSWORD = "Analytics-e2e-1!"
HUMAN = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0 e2e-a", "Mozilla/5.0 (Macintosh) Safari/605 e2e-b",
         "Mozilla/5.0 (Windows NT 10.0) Chrome/131 e2e-c"]  # fmt: skip
BOT = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"


def _at(when: datetime) -> dict[str, str]:
    return {"x-local-time": when.strftime("%Y-%m-%dT%H:%M:%SZ")}


def _invite(stack: Stack, admin: str, name: str, group: str) -> tuple[dict[str, Any], str]:
    email = f"e2e-{uuid.uuid4().hex[:8]}@acme.example"
    r = stack.call(
        "POST", "/members", admin, {"email": email, "name": name, "role": "member", "groups": [group]}
    )
    assert r.status == 201, r.body
    stack.idp().admin_set_user_password(
        UserPoolId=stack.info["user_pool_id"], Username=email, Password=PASSWORD, Permanent=True
    )
    return r.json(), stack.login(email, PASSWORD)


def _share(stack: Stack, token: str, content_id: str, network: str, when: datetime) -> str:
    r = stack.call("POST", f"/content/{content_id}/shares", token, {"network": network}, headers=_at(when))
    assert r.status == 201, r.body
    return "/r/" + r.json()["code"]


def _click(stack: Stack, path: str, ua: str, when: datetime) -> None:
    assert stack.call("GET", path, headers={"user-agent": ua, **_at(when)}).status == 302


def test_summary_content_analytics_and_csv_match_the_script(stack: Stack) -> None:
    admin_user = stack.user("admin")
    admin = stack.login(admin_user["email"], admin_user["password"])
    tag = uuid.uuid4().hex[:6]
    g1 = stack.call("POST", "/groups", admin, {"name": f"Analytics A {tag}"}).json()["group_id"]
    g2 = stack.call("POST", "/groups", admin, {"name": f"Analytics B {tag}"}).json()["group_id"]
    p1, t1 = _invite(stack, admin, "Pat One", g1)
    p2, t2 = _invite(stack, admin, "Pat Two", g2)
    stack.call("PATCH", "/me", t1, {"networks": {"linkedin": {"followers": 300}, "x": {"followers": 100}}})
    stack.call("PATCH", "/me", t2, {"networks": {"facebook": {"followers": 50}}})
    post = {"title": f"Analytics post {tag}", "url": "https://acme.example/analytics", "status": "published"}
    created = stack.call("POST", "/content", admin, post, headers=_at(D1 - timedelta(hours=1)))
    assert created.status == 201, created.body
    cid = created.json()["content_id"]

    p1_li = _share(stack, t1, cid, "linkedin", D1)
    p1_x = _share(stack, t1, cid, "x", D1)
    p2_fb = _share(stack, t2, cid, "facebook", D1 + timedelta(minutes=5))
    _click(stack, p1_li, HUMAN[0], D1 + timedelta(minutes=10))  # unique
    _click(stack, p1_li, BOT, D1 + timedelta(minutes=11))  # raw only
    _click(stack, p1_li, HUMAN[0], D1 + timedelta(minutes=12))  # human, not unique
    _click(stack, p2_fb, HUMAN[1], D1 + timedelta(minutes=13))  # unique
    _click(stack, p1_x, HUMAN[2], D2 + timedelta(minutes=1))  # unique, day two

    stack.quiet()  # every click applied by the stream function
    # The rollup job, on the second day: it recomputes both days (decision 91).
    ran = stack.call("POST", "/_local/jobs/rollups", body={"time": stamp(D2 + timedelta(hours=1))})
    assert ran.status == 200, ran.body
    figures = stack.call("GET", f"/content/{cid}/analytics?from=2030-01-07&to=2030-01-08", admin).json()
    emv = stack.call("GET", "/org", admin).json()["emv"]

    assert (figures["shares"], figures["clicks"], figures["human_clicks"], figures["unique_clicks"]) == (
        3,
        5,
        4,
        3,
    )
    assert figures["reach"] == 300 + 100 + 50
    assert figures["emv"] == round(emv["cpm"] * 450 / 1000 + emv["cpc"] * 3, 2)

    a = stack.call("GET", f"/analytics/summary?from=2030-01-07&to=2030-01-08&group={g1}", admin).json()
    assert (a["members"], a["active_advocates"], a["participation_rate"]) == (1, 1, 1.0)
    assert (a["shares"], a["clicks"], a["human_clicks"], a["unique_clicks"], a["reach"]) == (2, 4, 3, 2, 400)
    assert a["clicks_per_share"] == 2.0
    assert a["by_network"]["linkedin"] == {"shares": 1, "clicks": 3, "unique_clicks": 1, "reach": 300}
    assert a["by_network"]["x"] == {"shares": 1, "clicks": 1, "unique_clicks": 1, "reach": 100}
    assert a["daily"] == [
        {"date": "2030-01-07", "shares": 2, "clicks": 3, "unique_clicks": 1},
        {"date": "2030-01-08", "shares": 0, "clicks": 1, "unique_clicks": 1},
    ]
    assert [(x["member_id"], x["shares"]) for x in a["top_advocates"]] == [(p1["member_id"], 2)]
    b = stack.call("GET", f"/analytics/summary?from=2030-01-07&to=2030-01-08&group={g2}", admin).json()
    assert (b["shares"], b["clicks"], b["unique_clicks"], b["reach"]) == (1, 1, 1, 50)
    assert b["by_network"]["facebook"] == {"shares": 1, "clicks": 1, "unique_clicks": 1, "reach": 50}
    assert [(x["member_id"], x["shares"], x["unique_clicks"]) for x in b["top_advocates"]] == [
        (p2["member_id"], 1, 1)
    ]

    export = stack.call("GET", "/analytics/export.csv?from=2030-01-07&to=2030-01-08", admin)
    assert export.status == 200
    rows = [r for r in csv.DictReader(io.StringIO(export.body.decode())) if r["content_id"] == cid]
    got = sorted(
        (r["member_name"], r["network"], r["clicks"], r["human_clicks"], r["unique_clicks"]) for r in rows
    )
    assert got == [
        ("Pat One", "linkedin", "3", "2", "1"),
        ("Pat One", "x", "1", "1", "1"),
        ("Pat Two", "facebook", "1", "1", "1"),
    ]

    # The same range as a file built by the exports function (through the exports table's stream):
    # 202 and a Location to poll until it redirects to the file in the local S3, the same bytes.
    asked = stack.call(
        "GET",
        "/analytics/export.csv?from=2030-01-07&to=2030-01-08",
        admin,
        headers={"prefer": "respond-async"},
    )
    assert asked.status == 202, asked.body
    assert asked.json()["status"] == "pending"
    stack.quiet()  # the exports function built it from the exports table's stream
    polled = stack.call("GET", asked.headers["Location"], admin)
    assert polled.status == 302, polled.body
    assert polled.json()["rows"] == len(list(csv.reader(io.StringIO(export.body.decode())))) - 1
    with urllib.request.urlopen(polled.headers["Location"], timeout=10) as file:  # noqa: S310 - local S3
        assert file.read() == export.body
