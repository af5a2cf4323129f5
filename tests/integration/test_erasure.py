"""An admin erases a departed member (decision 86): their personal data is gone from every table and
from Cognito, their points stay consistent under their opaque id, boards say "Former member", their
short link still redirects, and the erasure is idempotent (resumed after a fault:
tests/integration/test_write_faults.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import boto3

from tests.support import connected
from tests.support.actions import click, run_job
from tests.support.faults import Database, decompressed
from tests.support.mocked import Env
from tests.support.privacy import WORDS, active_member_with_data, deactivate

FORMER = "Former member"


def _erase(aws: Env, org: dict[str, Any], member_id: str, at: datetime) -> Any:
    return aws.call("POST", f"/members/{member_id}/erase", who=org["admin"], now=at)


def _everything() -> str:
    """Every item of every table, as text to search (compressed values decompressed)."""
    snapshot = Database().snapshot()
    return json.dumps(snapshot) + "\n".join(decompressed(snapshot))


def _ledger_sum(org_id: str, member_id: str) -> int:
    from advocacy.store.models import LedgerModel

    return sum(int(e.points) for e in LedgerModel.query(f"{org_id}#{member_id}"))


def _cognito_user(aws: Env, email: str) -> bool:
    client = boto3.client("cognito-idp")
    try:
        client.admin_get_user(UserPoolId=aws.user_pool_id, Username=email)
    except client.exceptions.UserNotFoundException:
        return False
    return True


def test_erasing_removes_personal_data_and_keeps_points_boards_and_links(
    aws: Env, org: dict[str, Any], now: datetime, fakes: str
) -> None:
    from advocacy.store.models import BoardModel, LiveBoardsModel, MemberModel, plain

    made = active_member_with_data(aws, org, now)
    mia, org_id = made["member"], org["org"]["org_id"]
    before = MemberModel.get(org_id, mia["member_id"])
    assert before.balance > 0 and "Mia" in _everything() and WORDS in _everything()
    later = now + timedelta(hours=1)

    # A post through X the network took but the program never recorded (the member left meanwhile).
    from advocacy.store.post_attempt_model import PostAttemptModel

    PostAttemptModel(
        org_id=org_id, share_key=f"post#{mia['member_id']}#{made['content_id']}#x", attempt_id="a-1",
        member_id=mia["member_id"], content_id=made["content_id"], network="x", code="c0de", state="posted",
        started_at=now, post_id="1789", post_url="https://x.com/mia_b/status/1789",
    ).save()  # fmt: skip

    refused = _erase(aws, org, mia["member_id"], later)
    assert (refused.status, refused.body["error"]["code"]) == (409, "conflict")
    deactivate(aws, org, mia, later)

    erased = _erase(aws, org, mia["member_id"], later)
    assert erased.status == 200, erased.body
    assert erased.body["name"] == FORMER and erased.body["email"] == ""
    assert erased.body["status"] == "deactivated" and erased.body["erased_at"] is not None
    assert aws.call("GET", f"/members/{mia['member_id']}", who=org["admin"]).body == erased.body

    # Nothing personal left in any table; the sign-in user is gone; X's token was revoked.
    everything = _everything()
    for personal in (
        "mia@acme.test", '"Mia"', "mia-b", "mia_b", WORDS, "urn:li:person", "CONN#" + mia["member_id"],
        "post#" + mia["member_id"],
    ):  # fmt: skip
        assert personal not in everything, personal
    assert not _cognito_user(aws, "mia@acme.test")
    assert connected.posts(fakes, "x")["revoked"]
    after = MemberModel.get(org_id, mia["member_id"])
    assert plain(after.networks) == {}
    assert (after.digest, after.language) == ("off", None)

    # Points kept under the opaque id: the balance is still the ledger's sum, the lifetime unchanged.
    assert (after.balance, after.lifetime) == (before.balance, before.lifetime)
    assert int(after.balance) == _ledger_sum(org_id, mia["member_id"])
    # The board snapshot that named them says "Former member" at the same rank and points.
    finals = BoardModel.query(org_id, filter_condition=BoardModel.entries.exists())
    live = LiveBoardsModel.query(org_id, LiveBoardsModel.sk.startswith("live#"))
    entries = [e for b in finals for e in b.entries] + [
        e for item in live for board in item.boards.values() for e in board["entries"]
    ]
    named = [e for e in entries if e["member_id"] == mia["member_id"]]
    assert named and {e["name"] for e in named} == {FORMER}
    # Their suggestion is kept for the managers, by a former member.
    queue = aws.call("GET", "/suggestions", who=org["manager"]).body["items"]
    assert [s["member_name"] for s in queue if s["suggestion_id"] == made["suggestion_id"]] == [FORMER]

    # The link still redirects (and its click still counts on the share, crediting no one).
    assert click(aws, made["code"], ip="198.51.100.41", at=later)["statusCode"] == 302
    aws.streams.drain()
    assert int(MemberModel.get(org_id, mia["member_id"]).balance) == _ledger_sum(org_id, mia["member_id"])

    # Idempotent, and the member can no longer be changed or reactivated.
    again = _erase(aws, org, mia["member_id"], later + timedelta(hours=1))
    assert (again.status, again.body) == (200, erased.body)
    reactivate = aws.call(
        "PATCH", f"/members/{mia['member_id']}", who=org["admin"], body={"status": "active"}, now=later
    )
    assert reactivate.status == 409
    # A later leaderboard run still adds up and names no one.
    run_job("leaderboards", later + timedelta(minutes=20))
    assert "mia@acme.test" not in _everything() and '"Mia"' not in _everything()


def test_only_admins_erase_and_never_themselves_or_another_orgs_member(
    aws: Env, org: dict[str, Any], other_org: dict[str, Any], now: datetime
) -> None:
    noa = org["members"][1]
    deactivate(aws, org, noa, now)
    assert aws.call("POST", f"/members/{noa['member_id']}/erase", who=org["manager"]).status == 403
    own = aws.call("POST", f"/members/{org['admin']['member_id']}/erase", who=org["admin"])
    assert own.status in (409, 422)
    foreign = aws.call("POST", f"/members/{noa['member_id']}/erase", who=other_org["admin"])
    assert foreign.status == 404
    assert _erase(aws, org, "0" * 32, now).status == 404
