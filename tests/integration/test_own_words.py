"""Shares in the member's own words: the content says whether its text may be edited, the share says
how close it is to the suggestion, and a personalised share earns the org's bonus once, in the share's
own ledger entry."""

from __future__ import annotations

from typing import Any

from tests.support.actions import publish, run_rollups
from tests.support.mocked import Env

SUGGESTED = "We're hiring engineers in London and Lisbon. Have a look"
OWN = "I've loved my two years on this team and we need more people like you. " + SUGGESTED


def shared(aws: Env, who: dict[str, Any], content_id: str, network: str, message: str | None = None) -> Any:
    body = {"network": network, **({"message": message} if message is not None else {})}
    return aws.call("POST", f"/content/{content_id}/shares", who=who, body=body)


def test_own_words_earn_the_bonus_once_in_the_share_entry(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    item = publish(aws, org, messages={"x": SUGGESTED, "linkedin": SUGGESTED})
    assert item["text_editable"] is True
    cid = item["content_id"]

    r = shared(aws, mia, cid, "x", OWN)
    assert r.status == 201, r.body
    assert (r.body["personalised"], r.body["personalised_bonus"], r.body["points_awarded"]) == (True, 5, 15)
    assert r.body["similarity"] < 0.8
    again = shared(aws, mia, cid, "x", OWN + " Really.")
    assert again.status == 200
    assert (again.body["share_id"], again.body["points_awarded"], again.body["personalised_bonus"]) == (
        r.body["share_id"],
        0,
        0,
    )
    assert again.body["personalised"] is True  # the first share's, as recorded

    plain = shared(aws, mia, cid, "linkedin")  # one tap: the suggested text, as before
    assert plain.status == 201
    assert (plain.body["similarity"], plain.body["personalised"], plain.body["points_awarded"]) == (
        1.0,
        False,
        10,
    )
    tweak = shared(aws, noa, cid, "x", "Great news! " + SUGGESTED)  # two words more: mostly the suggestion
    assert (tweak.body["personalised"], tweak.body["points_awarded"]) == (False, 10)

    ledger = aws.call("GET", "/me/points", who=mia).body["items"]
    assert sorted((e["type"], e["points"], e["ref"].get("personalised_bonus")) for e in ledger) == [
        ("share", 10, None),
        ("share", 15, "5"),
    ]
    assert aws.call("GET", "/me", who=mia).body["points"]["balance"] == 25
    mine = {s["network"]: s["personalised"] for s in aws.call("GET", "/me/shares", who=mia).body["items"]}
    assert mine == {"x": True, "linkedin": False}

    run_rollups(aws.now)
    summary = aws.call("GET", "/analytics/summary", who=org["manager"]).body
    assert (summary["shares"], summary["personalised_shares"], summary["personalised_rate"]) == (3, 1, 0.3333)


def test_content_whose_text_is_not_editable_takes_only_its_suggestion(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    item = publish(aws, org, messages={"x": SUGGESTED}, text_editable=False)
    cid = item["content_id"]
    assert aws.call("GET", "/feed", who=mia).body["items"][0]["text_editable"] is False

    refused = shared(aws, mia, cid, "x", OWN)
    assert refused.status == 422
    assert [d["field"] for d in refused.body["error"]["details"]] == ["message"]
    assert aws.call("GET", "/me/shares", who=mia).body["items"] == []  # nothing written

    same = shared(aws, mia, cid, "x", f"  {SUGGESTED}\n")
    assert same.status == 201
    assert (same.body["personalised"], same.body["points_awarded"]) == (False, 10)

    opened = aws.call("PATCH", f"/content/{cid}", who=org["manager"], body={"text_editable": True})
    assert opened.status == 200 and opened.body["text_editable"] is True
    assert shared(aws, noa, cid, "x", OWN).body["personalised_bonus"] == 5
    cleared = aws.call("PATCH", f"/content/{cid}", who=org["manager"], body={"text_editable": None})
    assert cleared.status == 422


def test_a_bonus_of_zero_turns_it_off(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    assert aws.call("GET", "/org", who=org["admin"]).body["point_rules"]["personalised_share"] == 5
    r = aws.call("PATCH", "/org", who=org["admin"], body={"point_rules": {"personalised_share": 0}})
    assert r.status == 200, r.body
    assert r.body["point_rules"]["personalised_share"] == 0
    item = publish(aws, org, messages={"x": SUGGESTED})
    done = shared(aws, mia, item["content_id"], "x", OWN)
    assert (done.body["personalised"], done.body["personalised_bonus"], done.body["points_awarded"]) == (
        True,
        0,
        10,
    )
    run_rollups(aws.now)
    summary = aws.call("GET", "/analytics/summary", who=org["manager"]).body
    assert (summary["personalised_shares"], summary["personalised_rate"]) == (1, 1.0)
