"""Analytics from the rollups (the scenario runs the rollup job): every figure of a scripted scenario,
computed independently here."""

from __future__ import annotations

from typing import Any

from tests.support.actions import run_job
from tests.support.analytics_scenario import scenario
from tests.support.calls import dynamodb_calls
from tests.support.mocked import Env


def test_summary_figures_match_the_scenario(aws: Env, org: dict[str, Any]) -> None:
    ids = scenario(aws, org)
    mia, noa = org["members"]
    r = aws.call(
        "GET", "/analytics/summary", who=org["manager"], query={"from": "2026-11-03", "to": "2026-11-05"}
    )
    assert r.status == 200, r.body
    s = r.body
    assert (s["from"], s["to"]) == ("2026-11-03", "2026-11-05")
    assert (s["members"], s["active_advocates"], s["participation_rate"]) == (4, 2, 0.5)
    assert (s["shares"], s["clicks"], s["human_clicks"], s["unique_clicks"]) == (4, 6, 5, 4)
    assert s["clicks_per_share"] == 1.5
    assert s["reach"] == 1000 + 500 + 200 + 1000
    assert s["emv"] == round(12.0 * 2700 / 1000 + 1.5 * 4, 2)
    assert s["by_network"]["linkedin"] == {"shares": 3, "clicks": 6, "unique_clicks": 4, "reach": 2200}
    assert s["by_network"]["x"] == {"shares": 1, "clicks": 0, "unique_clicks": 0, "reach": 500}
    assert s["by_network"]["email"] == {"shares": 0, "clicks": 0, "unique_clicks": 0, "reach": 0}
    assert [(c["title"], c["shares"], c["clicks"], c["unique_clicks"]) for c in s["top_content"]] == [
        ("A", 3, 5, 3),
        ("B", 1, 1, 1),
    ]
    assert [(a["member_id"], a["shares"], a["clicks"]) for a in s["top_advocates"]] == [
        (mia["member_id"], 3, 5),
        (noa["member_id"], 1, 1),
    ]
    assert s["daily"] == [
        {"date": "2026-11-03", "shares": 3, "clicks": 5, "unique_clicks": 3},
        {"date": "2026-11-04", "shares": 1, "clicks": 1, "unique_clicks": 1},
        {"date": "2026-11-05", "shares": 0, "clicks": 0, "unique_clicks": 0},
    ]

    eng = org["groups"]["eng"]["group_id"]
    g = aws.call(
        "GET",
        "/analytics/summary",
        who=org["admin"],
        query={"from": "2026-11-03", "to": "2026-11-04", "group": eng},
    ).body
    assert (
        g["members"],
        g["active_advocates"],
        g["shares"],
        g["clicks"],
        g["unique_clicks"],
        g["reach"],
    ) == (1, 1, 1, 1, 1, 200)

    c = aws.call(
        "GET",
        f"/content/{ids['a']}/analytics",
        who=org["manager"],
        query={"from": "2026-11-03", "to": "2026-11-04"},
    ).body
    assert (c["shares"], c["clicks"], c["human_clicks"], c["unique_clicks"], c["reach"]) == (3, 5, 4, 3, 1700)


def test_a_90_day_summary_reads_a_fixed_number_of_times(aws: Env, org: dict[str, Any]) -> None:
    scenario(aws, org)
    query = {"from": "2026-08-07", "to": "2026-11-04"}
    with dynamodb_calls() as calls:
        before = aws.call("GET", "/analytics/summary", who=org["manager"], query=query)
    # Before the leaderboards job's first run, the active members are counted from their items.
    assert sorted(calls) == sorted(["GetItem", "GetItem", "GetItem", "Query", "Query", "BatchGetItem"]), calls
    run_job("leaderboards", aws.now)
    with dynamodb_calls() as calls:
        r = aws.call("GET", "/analytics/summary", who=org["manager"], query=query)
    assert r.status == 200 and r.body["members"] == before.body["members"] == len(org["members"]) + 2
    assert len(r.body["daily"]) == 90
    assert r.body["top_content"][0]["title"] and r.body["top_advocates"][0]["name"]
    # the caller, the org, one query for 90 days of rollups, the member count the leaderboards job
    # keeps (one attribute of one item, whatever the org's size), and one batch read for the titles
    # and names
    assert sorted(calls) == sorted(["GetItem", "GetItem", "Query", "GetItem", "BatchGetItem"]), calls


def test_analytics_validation_and_roles(aws: Env, org: dict[str, Any]) -> None:
    assert aws.call("GET", "/analytics/summary", who=org["members"][0]).status == 403
    r = aws.call(
        "GET", "/analytics/summary", who=org["manager"], query={"from": "2026-11-05", "to": "2026-11-01"}
    )
    assert r.status == 422
    assert r.body["error"]["details"][0]["field"] == "from"
    assert (
        aws.call("GET", "/analytics/summary", who=org["manager"], query={"from": "2026-13-01"}).status == 422
    )
    assert aws.call("GET", "/analytics/summary", who=org["manager"], query={"group": "nope"}).status == 404


def test_csv_export_has_one_row_per_share_with_its_clicks(aws: Env, org: dict[str, Any]) -> None:
    import csv
    import io

    scenario(aws, org)
    mia = org["members"][0]
    aws.call("PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"name": 'Mia "MJ", Jr.'})
    r = aws.call(
        "GET", "/analytics/export.csv", who=org["manager"], query={"from": "2026-11-03", "to": "2026-11-04"}
    )
    assert r.status == 200
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.body)))
    assert len(rows) == 4
    by_share = {(row["member_name"], row["content_title"], row["network"]): row for row in rows}
    li = by_share[('Mia "MJ", Jr.', "A", "linkedin")]
    assert (li["clicks"], li["human_clicks"], li["unique_clicks"]) == ("4", "3", "2")
    assert by_share[('Mia "MJ", Jr.', "B", "linkedin")]["clicks"] == "1"
    assert '"Mia ""MJ"", Jr."' in r.body  # quoted, with doubled quotes
    only_day2 = aws.call(
        "GET", "/analytics/export.csv", who=org["manager"], query={"from": "2026-11-04", "to": "2026-11-04"}
    )
    assert len(list(csv.DictReader(io.StringIO(only_day2.body)))) == 1
