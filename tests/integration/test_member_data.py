"""A member downloads all their data (decision 87): inline when small, else a file built by the exports
function and polled at /me/exports/{id}; the same document either way, with every kind of record
stored about them, no token, and nothing of any other member."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

import boto3
import pytest

from tests.support.actions import create_contest, grant, new_reward, run_job, share
from tests.support.mocked import TABLES, Env
from tests.support.privacy import WORDS, active_member_with_data
from tests.support.streams import StreamPump

BUCKET = "it-exports"
SECTIONS = {
    "format", "generated_at", "about", "profile", "shares", "clicks_received", "ledger", "redemptions",
    "contests", "suggestions", "connected_accounts",
}  # fmt: skip


@pytest.fixture
def builds() -> StreamPump:
    return StreamPump([TABLES["EXPORTS_TABLE"]], handler="exports", batch_size=1)


def _scenario(aws: Env, org: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Mia with data of every kind (a contest, a redemption too); Noa with a share of her own."""
    contest = create_contest(aws, org, now, now + timedelta(days=7), prizes=[{"place": 1, "points": 50}])
    made = active_member_with_data(aws, org, now + timedelta(minutes=1))
    mia, noa = org["members"]
    grant(mia, 200, now + timedelta(minutes=2))
    reward = new_reward(aws, org["admin"], at=now + timedelta(minutes=2))
    redeemed = aws.call(
        "POST", f"/rewards/{reward['reward_id']}/redemptions", who=mia, now=now + timedelta(minutes=3)
    )
    assert redeemed.status == 201, redeemed.body
    share(aws, noa, made["content_id"], "x", now + timedelta(minutes=4))
    return {**made, "contest_id": contest["contest_id"], "redemption_id": redeemed.body["redemption_id"]}


def test_a_member_downloads_everything_stored_about_them_and_nothing_else(
    aws: Env, org: dict[str, Any], now: datetime, fakes: str
) -> None:
    from advocacy.store.models import MemberModel

    made = _scenario(aws, org, now)
    mia, noa = org["members"]
    at = now + timedelta(hours=1)
    r = aws.call("POST", "/me/export", who=mia, now=at)
    assert r.status == 200, r.body
    assert r.headers["Content-Disposition"] == 'attachment; filename="advocacy-my-data-2026-11-02.json"'
    data = r.body
    assert set(data) == SECTIONS and data["format"] == "advocacy-member-data/1"
    profile = data["profile"]
    assert (profile["member_id"], profile["email"], profile["name"]) == (
        mia["member_id"],
        "mia@acme.test",
        "Mia",
    )
    assert profile["networks"] == {"linkedin": {"handle": "mia-b", "followers": 420}}
    assert profile["language"] == "it"
    assert [g["name"] for g in profile["groups"]] == ["Sales"]
    assert [s["message"] for s in data["shares"]] == [WORDS]
    (clicks,) = data["clicks_received"]
    assert (clicks["code"], clicks["clicks"], clicks["unique_clicks"]) == (made["code"], 1, 1)
    assert sum(d["rewarded_clicks"] for d in clicks["rewarded_clicks_per_day"]) == 1
    stored = MemberModel.get(org["org"]["org_id"], mia["member_id"])
    assert sum(e["points"] for e in data["ledger"]) == int(stored.balance) == profile["balance"]
    assert {e["type"] for e in data["ledger"]} >= {"share", "click", "adjustment", "redemption"}
    assert [x["redemption_id"] for x in data["redemptions"]] == [made["redemption_id"]]
    assert [(c["contest_id"], c["points"] > 0) for c in data["contests"]] == [(made["contest_id"], True)]
    assert [s["suggestion_id"] for s in data["suggestions"]] == [made["suggestion_id"]]
    accounts = data["connected_accounts"]
    assert sorted(a["network"] for a in accounts) == ["linkedin", "x"]
    assert all(
        set(a) == {"network", "status", "connected_at", "updated_at", "token_expires_at"} for a in accounts
    )
    text = json.dumps(data)
    assert 'token":' not in text and "sealed" not in text and "access" not in text
    for other in (noa["member_id"], "noa@acme.test", "Noa", org["admin"]["email"]):
        assert other not in text, other
    from advocacy.store.models import ClickModel

    hashes = {c.visitor for c in ClickModel.scan() if c.visitor}
    assert hashes and not any(h in text for h in hashes)  # the visitors' keyed hashes are theirs
    # Someone else's copy is their own.
    assert mia["member_id"] not in json.dumps(aws.call("POST", "/me/export", who=noa, now=at).body)

    # Once the contest is closed: their place and prize, and the prize's ledger entry.
    closed = now + timedelta(days=8)
    run_job("contests", closed)
    later = aws.call("POST", "/me/export", who=mia, now=closed).body
    (contest,) = later["contests"]
    assert (contest["final_rank"], contest["prize"]) == (1, {"place": 1, "points": 50})
    assert "prize" in {e["type"] for e in later["ledger"]}


def _location_file(url: str) -> bytes:
    location = urlsplit(url)
    path = unquote(location.path.lstrip("/"))
    key = path if location.netloc.startswith(f"{BUCKET}.") else path.split("/", 1)[1]
    return bytes(boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read())


def test_a_large_copy_is_a_file_polled_by_its_member_alone(
    aws: Env, org: dict[str, Any], now: datetime, builds: StreamPump, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocacy.services import member_data

    active_member_with_data(aws, org, now, networks=False)
    mia, noa = org["members"]
    at = now + timedelta(hours=1)
    inline = aws.call("POST", "/me/export", who=mia, now=at).body

    requested = aws.call("POST", "/me/export", who=mia, headers={"prefer": "respond-async"}, now=at)
    assert requested.status == 202, requested.body
    export_id = requested.body["export_id"]
    assert requested.headers["Location"] == f"/me/exports/{export_id}"
    assert requested.headers["Preference-Applied"] == "respond-async"
    pending = aws.call("GET", f"/me/exports/{export_id}", who=mia, now=at)
    assert (pending.status, pending.body["status"]) == (200, "pending")
    # Nobody else's: another member, a manager through the analytics poll.
    assert aws.call("GET", f"/me/exports/{export_id}", who=noa, now=at).status == 404
    assert aws.call("GET", f"/analytics/exports/{export_id}", who=org["manager"], now=at).status == 404

    while builds.drain():
        pass
    ready = aws.call("GET", f"/me/exports/{export_id}", who=mia, query={"redirect": "false"}, now=at)
    assert (ready.status, ready.body["status"]) == (200, "ready"), ready.body
    assert json.loads(_location_file(ready.body["url"])) == inline
    redirected = aws.call("GET", f"/me/exports/{export_id}", who=mia, now=at)
    assert redirected.status == 302 and redirected.headers["Location"].startswith("http")

    # Past the inline size by the member's counters, it is a file without asking.
    monkeypatch.setattr(member_data, "INLINE_MAX_ITEMS", 0)
    assert aws.call("POST", "/me/export", who=mia, now=at).status == 202
