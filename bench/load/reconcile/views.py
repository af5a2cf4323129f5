"""What each member sees: /me, /me/points, /me/shares and the feed's `my_shares`."""

from __future__ import annotations

from typing import Any

from bench.load.checks import Check, columns, compare
from bench.load.http_client import time_header
from bench.load.reconcile.source import Source

Views = dict[str, dict[Any, Any]]


def _seen(src: Source) -> Views:
    """What the API shows each member, read as that member at the end of the window."""
    at = {"x-local-time": time_header(src.job_time)}
    seen: Views = {"me": {}, "shares": {}, "feed": {}}
    for member_id, member in src.world.members.items():
        points = src.get("/me", member.token)["points"]
        entries = src.pages("/me/points", member.token)
        seen["me"][member_id] = (
            points["balance"],
            points["lifetime"],
            sum(e["points"] for e in entries),
            len(entries),
        )
        for s in src.pages("/me/shares", member.token):
            seen["shares"][(member_id, s["code"])] = (s["clicks"], s["unique_clicks"])
        feed = src.get("/feed?limit=100", member.token, at)["items"]
        seen["feed"][member_id] = sorted(
            (item["content_id"], network, s["share_id"])
            for item in feed
            for network, s in item["my_shares"].items()
        )
    return seen


def _expected(src: Source) -> Views:
    """What the replay says each member should see."""
    exp = src.exp
    expected: Views = {"me": {}, "shares": {}, "feed": {m: [] for m in src.world.members}}
    for member_id in src.world.members:
        balance, ledger = exp.balance[member_id], exp.ledger[member_id]
        entries = ledger["share entries"] + ledger["click entries"]
        expected["me"][member_id] = (balance, balance, balance, entries)
    for code, link in exp.links.items():
        counts = exp.share_counts[code]
        expected["shares"][(link.member_id, code)] = (counts["clicks"], counts["unique_clicks"])
        expected["feed"][link.member_id].append((link.content_id, link.network, link.share_id))
    expected["feed"] = {m: sorted(v) for m, v in expected["feed"].items()}
    return expected


def _me_summary(d: dict[Any, Any]) -> str:
    balances, entries = sum(v[0] for v in d.values()), sum(v[3] for v in d.values())
    return f"{len(d)} members: balances {balances:,}, entries {entries:,}"


def member_views(src: Source) -> list[Check]:
    seen = _seen(src)
    expected = _expected(src)
    return [
        compare(
            "GET /me balance, lifetime; /me/points sum and count", expected["me"], seen["me"], _me_summary
        ),
        compare(
            "GET /me/shares clicks and unique clicks",
            expected["shares"],
            seen["shares"],
            columns("clicks", "unique"),
        ),
        compare(
            "GET /feed my_shares == shares made",
            expected["feed"],
            seen["feed"],
            lambda d: f"{sum(len(v) for v in d.values())} shares",
        ),
    ]
