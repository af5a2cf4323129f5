"""Member suggestions: a member proposes a link, a manager accepts it (a draft and the member's points,
exactly once) or declines it with a note, and the member sees how each ended."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.mocked import Env

Person = dict[str, Any]
LINK = "https://techweekly.example/acme-review"


def suggest(aws: Env, who: Person, at: datetime, **body: Any) -> Any:
    return aws.call("POST", "/suggestions", who=who, body={"url": LINK, **body}, now=at)


def balance(aws: Env, who: Person) -> int:
    return int(aws.call("GET", "/me", who=who).body["points"]["balance"])


def test_a_member_suggests_and_sees_every_outcome(aws: Env, org: dict[str, Any], now: datetime) -> None:
    mia, manager = org["members"][0], org["manager"]
    first = suggest(aws, mia, now, title="Tech Weekly reviews our arm", note="Great for LinkedIn")
    assert first.status == 201, first.body
    assert {k: first.body[k] for k in ("member_id", "member_name", "url", "title", "note", "status")} == {
        "member_id": mia["member_id"],
        "member_name": "Mia",
        "url": LINK,
        "title": "Tech Weekly reviews our arm",
        "note": "Great for LinkedIn",
        "status": "pending",
    }
    assert (first.body["content_id"], first.body["decided_at"], first.body["points_awarded"]) == (
        None,
        None,
        None,
    )
    second = suggest(aws, mia, now + timedelta(minutes=1), url="https://acme.example/competitor")
    third = suggest(aws, mia, now + timedelta(minutes=2), url="http://blog.example/post")
    assert second.body["title"] is None and second.body["note"] is None

    queue = aws.call("GET", "/suggestions", who=manager, query={"limit": "2"}).body
    assert [i["suggestion_id"] for i in queue["items"]] == [
        third.body["suggestion_id"],
        second.body["suggestion_id"],
    ]
    rest = aws.call(
        "GET", "/suggestions", who=manager, query={"limit": "2", "cursor": queue["next_cursor"]}
    ).body
    assert [i["suggestion_id"] for i in rest["items"]] == [first.body["suggestion_id"]]

    declined = aws.call(
        "POST",
        f"/suggestions/{second.body['suggestion_id']}/decline",
        who=manager,
        body={"note": "We don't share competitors' news"},
        now=now + timedelta(hours=1),
    )
    assert declined.status == 200, declined.body
    assert (declined.body["status"], declined.body["decision_note"]) == (
        "declined",
        "We don't share competitors' news",
    )
    assert declined.body["decided_by"] == manager["member_id"]

    mine = aws.call("GET", "/me/suggestions", who=mia).body["items"]
    assert [(i["suggestion_id"], i["status"]) for i in mine] == [
        (third.body["suggestion_id"], "pending"),
        (second.body["suggestion_id"], "declined"),
        (first.body["suggestion_id"], "pending"),
    ]
    assert mine[1]["decision_note"] == "We don't share competitors' news"
    # the queue holds only what is still pending; another member's list is their own
    queue_ids = [i["suggestion_id"] for i in aws.call("GET", "/suggestions", who=org["admin"]).body["items"]]
    assert queue_ids == [third.body["suggestion_id"], first.body["suggestion_id"]]
    assert aws.call("GET", "/me/suggestions", who=org["members"][1]).body["items"] == []


def test_accepting_makes_a_draft_and_awards_the_points_once(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    mia, manager, admin = org["members"][0], org["manager"], org["admin"]
    assert (
        aws.call("PATCH", "/org", who=admin, body={"point_rules": {"suggestion_accepted": 25}}).status == 200
    )
    assert aws.call("GET", "/org", who=admin).body["point_rules"]["suggestion_accepted"] == 25
    made = suggest(aws, mia, now, note="Worth a share").body
    before = balance(aws, mia)
    at = now + timedelta(hours=2)
    path = f"/suggestions/{made['suggestion_id']}/accept"

    accepted = aws.call("POST", path, who=manager, now=at)
    assert accepted.status == 200, accepted.body
    assert (accepted.body["status"], accepted.body["points_awarded"]) == ("accepted", 25)
    content_id = accepted.body["content_id"]
    draft = aws.call("GET", f"/content/{content_id}", who=manager).body
    assert {k: draft[k] for k in ("title", "url", "body", "status", "suggested_by", "created_by")} == {
        "title": LINK,  # no title given: the link stands for it
        "url": LINK,
        "body": "Worth a share",
        "status": "draft",
        "suggested_by": mia["member_id"],
        "created_by": manager["member_id"],
    }
    assert balance(aws, mia) == before + 25
    entries = [e for e in aws.call("GET", "/me/points", who=mia).body["items"] if e["type"] == "suggestion"]
    assert [(e["points"], e["ref"]) for e in entries] == [
        (25, {"suggestion_id": made["suggestion_id"], "content_id": content_id})
    ]

    again = aws.call("POST", path, who=admin, now=at + timedelta(minutes=1))
    assert (again.status, again.body["error"]["code"]) == (409, "conflict")
    declined_late = aws.call(
        "POST", f"/suggestions/{made['suggestion_id']}/decline", who=manager, body={"note": "no"}
    )
    assert declined_late.status == 409
    assert balance(aws, mia) == before + 25
    assert aws.call("GET", "/suggestions", who=manager).body["items"] == []
    mine = aws.call("GET", "/me/suggestions", who=mia).body["items"]
    assert [(i["status"], i["content_id"], i["points_awarded"]) for i in mine] == [
        ("accepted", content_id, 25)
    ]


def test_a_keyed_retry_of_an_accept_answers_the_same_and_awards_once(
    aws: Env, org: dict[str, Any], now: datetime
) -> None:
    mia, manager = org["members"][0], org["manager"]
    made = suggest(aws, mia, now).body
    before = balance(aws, mia)
    key = {"idempotency-key": "accept-1"}
    path = f"/suggestions/{made['suggestion_id']}/accept"
    first = aws.call("POST", path, who=manager, headers=key, now=now + timedelta(minutes=5))
    retry = aws.call("POST", path, who=manager, headers=key, now=now + timedelta(minutes=6))
    assert (first.status, retry.status) == (200, 200)
    assert retry.body == first.body
    assert balance(aws, mia) == before + 20  # the default rule


def test_other_orgs_roles_and_bad_input(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: datetime
) -> None:
    mia, manager = org["members"][0], org["manager"]
    made = suggest(aws, mia, now).body
    outsider = other_org["admin"]
    for action, body in (("accept", None), ("decline", {"note": "no"})):
        r = aws.call("POST", f"/suggestions/{made['suggestion_id']}/{action}", who=outsider, body=body)
        assert (r.status, r.body["error"]["code"]) == (404, "not_found")
    assert aws.call("GET", "/suggestions", who=outsider).body["items"] == []
    assert aws.call("GET", "/suggestions", who=mia).status == 403
    assert aws.call("POST", f"/suggestions/{made['suggestion_id']}/accept", who=mia).status == 403
    for url in ("javascript:alert(1)", "ftp://files.example/a", "https://user:pw@acme.example/", "not a url"):
        bad = aws.call("POST", "/suggestions", who=mia, body={"url": url})
        assert (bad.status, [d["field"] for d in bad.body["error"]["details"]]) == (422, ["url"]), url
    no_note = aws.call(
        "POST", f"/suggestions/{made['suggestion_id']}/decline", who=manager, body={"note": " "}
    )
    assert no_note.status == 422
    assert aws.call("POST", "/suggestions", who=mia, body={"url": LINK, "extra": 1}).status == 422

    aws.call("PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"status": "deactivated"})
    assert suggest(aws, mia, now).status == 401
