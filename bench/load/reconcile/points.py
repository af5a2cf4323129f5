"""Points: balances and lifetime points, the ledger, member counters, the scores on every period board
and the leaderboards the job built from them."""

from __future__ import annotations

from collections import Counter

from bench.load.checks import Check, columns, compare, count_of, total
from bench.load.expected import ranked
from bench.load.periods import job_boards, period_keys
from bench.load.reconcile.source import Source

Ranking = list[tuple[int, str, int]]


def _ledger_by_type(src: Source) -> dict[str, Counter[str]]:
    """Each member's ledger entries and points by type, as stored."""
    ledger: dict[str, Counter[str]] = {}
    for member_id in src.world.members:
        ledger[member_id] = Counter()
        for entry in src.ledger(member_id):
            ledger[member_id][f"{entry.type} entries"] += 1
            ledger[member_id][f"{entry.type} points"] += int(entry.points)
    return ledger


def _ledger_summary(d: dict[str, dict[str, int]]) -> str:
    entries = sum(v.get("share entries", 0) + v.get("click entries", 0) for v in d.values())
    points = sum(v.get("share points", 0) + v.get("click points", 0) for v in d.values())
    return f"{entries:,} entries, {points:,} points"


def members(src: Source) -> list[Check]:
    """Balances, lifetime points and counters of every member, and their ledgers, in DynamoDB."""
    from advocacy.store.models import MemberModel

    org, members, exp = src.world.org_id, src.world.members, src.exp
    stored = {m.member_id: m for m in MemberModel.query(org) if m.member_id in members}
    ledger = _ledger_by_type(src)
    expected_balance = {m: exp.balance[m] for m in members}
    balances = {m: int(stored[m].balance or 0) for m in stored}
    return [
        compare("member balance == expected (DynamoDB)", expected_balance, balances, total),
        compare(
            "member lifetime == expected (DynamoDB)",
            expected_balance,
            {m: int(stored[m].lifetime or 0) for m in stored},
            total,
        ),
        compare(
            "member counters (shares, unique clicks)",
            {m: (exp.member_shares[m], exp.member_uniques[m]) for m in members},
            {m: (int(s.shares_count or 0), int(s.unique_clicks_count or 0)) for m, s in stored.items()},
            columns("shares", "unique clicks"),
        ),
        compare(
            "ledger entries and points by type == expected",
            {m: dict(+exp.ledger[m]) for m in members},
            {m: dict(+c) for m, c in ledger.items()},
            _ledger_summary,
        ),
        compare(
            "balance == sum of ledger entries",
            balances,
            {m: sum(v for k, v in c.items() if k.endswith(" points")) for m, c in ledger.items()},
            total,
        ),
    ]


def scores(src: Source) -> list[Check]:
    """The live period scores on the members' score items against the replay, and against the ledger's
    sums per period: for each period's current and previous key (what a score item keeps)."""
    from advocacy.store import scores as live

    org, tz = src.world.org_id, src.world.timezone
    kept = job_boards(src.job_time, tz)
    items = dict(live.everyone(org))
    expected: dict[tuple[str, str, str], int] = {}
    actual: dict[tuple[str, str, str], int] = {}
    for (period, key), by_member in src.exp.scores.items():
        if (period, key) not in kept:
            continue
        for member_id, c in by_member.items():
            if c["points"]:
                expected[(period, key, member_id)] = c["points"]
        attribute = live.name(live.period_board(period, key))
        for member_id, found in items.items():
            if found.get(attribute):
                actual[(period, key, member_id)] = found[attribute]
    by_period: Counter[tuple[str, str, str]] = Counter()
    for member_id in src.world.members:
        for entry in src.ledger(member_id):
            for period, key in period_keys(entry.created_at, tz).items():
                if (period, key) in kept:
                    by_period[(period, key, member_id)] += int(entry.points)
    return [
        compare(
            f"period scores (points) on {len(kept)} live boards",
            expected,
            actual,
            lambda d: f"{len(d)} scores, {sum(d.values()):,} points",
        ),
        compare("period scores == ledger sums per period", dict(+by_period), actual, total),
    ]


def _boards(src: Source) -> tuple[dict[str, Ranking], dict[str, Ranking]]:
    """Every board the job built, for every scope (org, each group): expected and via GET."""
    world, members = src.world, src.world.members
    built = job_boards(src.job_time, world.timezone)
    active = {*members, world.admin_id}
    expected: dict[str, Ranking] = {}
    actual: dict[str, Ranking] = {}
    for period, key in sorted(src.exp.scores):
        if (period, key) not in built:
            continue  # a period the job no longer rebuilds (a window longer than two periods)
        points = {m: c["points"] for m, c in src.exp.scores[(period, key)].items()}
        for group in [None, *world.groups]:
            in_scope = active if group is None else {m for m in members if group in members[m].groups}
            label = f"{period}:{key}:{group or 'all'}"
            expected[label] = ranked({m: p for m, p in points.items() if m in in_scope})
            query = f"/leaderboards/{period}?period_key={key}&limit=100" + (
                f"&group={group}" if group else ""
            )
            actual[label] = [(e["rank"], e["member_id"], e["points"]) for e in src.get(query)["entries"]]
    return expected, actual


def _me(src: Source) -> tuple[dict[str, object], dict[str, object]]:
    """Each member's own all-time rank and points: expected and as `me` on GET /leaderboards/all."""
    all_points = {m: c["points"] for m, c in src.exp.scores[("all", "all")].items()}
    expected: dict[str, object] = {}
    actual: dict[str, object] = {}
    for member_id, member in src.world.members.items():
        mine = all_points.get(member_id, 0)
        expected[member_id] = (1 + sum(1 for p in all_points.values() if p > mine), mine)
        me = src.get("/leaderboards/all", member.token).get("me")
        actual[member_id] = (me["rank"], me["points"]) if me else None
    return expected, actual


def leaderboards(src: Source) -> list[Check]:
    """The job's boards, read through the API, against a ranking of the expected scores."""
    expected, actual = _boards(src)
    return [
        compare(
            f"leaderboards via GET ({len(expected)} boards and scopes) == scores",
            expected,
            actual,
            lambda d: f"{len(d)} boards, {sum(len(v) for v in d.values())} entries",
        ),
        compare("GET /leaderboards/all `me` (rank, points) per member", *_me(src), count_of("members")),
    ]
