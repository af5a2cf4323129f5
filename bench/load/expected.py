"""The expected model: what the run should have caused, built by replaying the clients' record with
the business rules of docs/api.md (share and click points, unique visitors, daily caps, periods, rollups)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.load.config import EMV, NETWORK_CAP, NETWORKS, RULES, UNIQUE_WINDOW
from bench.load.periods import local_day, period_keys
from bench.load.record import ClickOp, Link, ShareKey, ShareOp, link_of
from bench.load.world import World


@dataclass
class Expected:
    """What the run should have caused, built by replaying the clients' record with docs/api.md's rules."""

    world: World
    links: dict[str, Link] = field(default_factory=dict)  # by code
    balance: Counter[str] = field(default_factory=Counter)
    member_shares: Counter[str] = field(default_factory=Counter)
    member_uniques: Counter[str] = field(default_factory=Counter)
    # member -> "<type> entries" / "<type> points"
    ledger: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # (period, key) -> member -> points / shares / clicks
    scores: dict[tuple[str, str], dict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    share_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # by code
    content_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rollups: dict[tuple[str, str], dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    facts: Counter[str] = field(default_factory=Counter)
    # (code, org day) -> (time, network) of each unique click
    _uniques_by_day: dict[tuple[str, str], list[tuple[datetime, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def _day(self, at: datetime) -> str:
        return local_day(at, self.world.timezone)

    def _scopes(self, link: Link) -> list[str]:
        org = self.world.org_id
        return [f"{org}#all", f"{org}#content:{link.content_id}", *(f"{org}#group:{g}" for g in link.groups)]

    def _rollup(self, link: Link, at: datetime, values: dict[str, int]) -> None:
        """Add to the day's rollup of the org, the content and each of the sharer's groups."""
        day = self._day(at)
        for scope in self._scopes(link):
            row = self.rollups[(scope, day)]
            for name, value in values.items():
                row[name] = row.get(name, 0) + value

    def share(self, link: Link) -> None:
        """A share: its points (the content's own, else the org's rule), boards, counters, rollups."""
        content, member = self.world.contents[link.content_id], self.world.members[link.member_id]
        points = content.points if content.points is not None else RULES["share"]
        reach = member.followers.get(link.network, 0)
        self.links[link.code] = link
        self.balance[link.member_id] += points
        self.member_shares[link.member_id] += 1
        if points:  # a zero-point share counts as a share but writes no ledger entry
            self.ledger[link.member_id]["share entries"] += 1
            self.ledger[link.member_id]["share points"] += points
        for period, key in period_keys(link.at, self.world.timezone).items():
            self.scores[(period, key)][link.member_id].update(points=points, shares=1)
        self.share_counts[link.code].update(clicks=0)
        self.content_counts[link.content_id]["shares"] += 1
        net, cid, mid = link.network, link.content_id, link.member_id
        self._rollup(
            link,
            link.at,
            {
                "shares": 1,
                "reach": reach,
                f"n#{net}#shares": 1,
                f"n#{net}#reach": reach,
                f"c#{cid}#shares": 1,
                f"a#{mid}#shares": 1,
            },
        )
        for scope in self._scopes(link):
            self.rollups[(scope, self._day(link.at))].setdefault("advocates", set()).add(mid)

    def click(self, click: ClickOp, unique: bool, network: str = "") -> None:
        """A click that reached the redirect: raw always, human and unique as the rules say."""
        link, human = self.links[click.code], click.human
        counts = self.share_counts[link.code]
        counts.update(clicks=1, human_clicks=int(human), unique_clicks=int(unique))
        self.content_counts[link.content_id].update(clicks=1, unique_clicks=int(unique))
        metrics = ["clicks", *(["human_clicks"] if human else []), *(["unique_clicks"] if unique else [])]
        values: dict[str, int] = {}
        for m in metrics:
            values.update(
                {
                    m: 1,
                    f"n#{link.network}#{m}": 1,
                    f"c#{link.content_id}#{m}": 1,
                    f"a#{link.member_id}#{m}": 1,
                }
            )
        self._rollup(link, click.at, values)
        self.facts.update(clicks=1, **{"human clicks": int(human), "unique clicks": int(unique)})
        self.facts["repeat human clicks (not unique)"] += human and not unique
        if unique:
            self.member_uniques[link.member_id] += 1
            self._uniques_by_day[(link.code, self._day(click.at))].append((click.at, network))

    def click_points(self) -> None:
        """Of a share's unique clicks in a day, the first `click_daily_cap_per_share`, at most
        NETWORK_CAP of them from one network, are rewarded: each earns `click` points and counts as a
        click on the boards. In whatever order they are applied, as many are rewarded: a click refused
        for its network never fits later, and one refused by the daily cap ends the day. Which ones
        does not matter: a day lies within one period of each kind."""
        for (code, _day), uniques in self._uniques_by_day.items():
            link = self.links[code]
            per_network = Counter(network for _, network in uniques)
            fits = sum(min(n, NETWORK_CAP) for n in per_network.values())
            rewarded = min(fits, RULES["click_daily_cap_per_share"])
            self.facts["unique clicks over the daily cap"] += len(uniques) - rewarded
            if not rewarded:
                continue
            points = rewarded * RULES["click"]
            if points:
                self.balance[link.member_id] += points
                self.ledger[link.member_id].update({"click entries": rewarded, "click points": points})
            for period, key in period_keys(uniques[0][0], self.world.timezone).items():
                self.scores[(period, key)][link.member_id].update(points=points, clicks=rewarded)


def replay_clicks(out: Expected, clicks: list[ClickOp]) -> None:
    """One client's clicks in the order it made them: a human click is unique when the visitor's last
    unique click on that link is 24 h old or more. A visitor is its source address on a UTC day (its
    key changes every UTC day), whatever its User-Agent; its network is the address's /24."""
    last_unique: dict[tuple[str, str, str], datetime] = {}
    for click in clicks:
        if not click.known:
            out.facts["unknown-code clicks"] += 1
            continue
        unique = False
        network = click.visitor.ip.rsplit(".", 1)[0]  # the load's addresses are IPv4
        if click.human:
            visitor = (click.visitor.ip, click.at.astimezone(UTC).date().isoformat(), click.code)
            last = last_unique.get(visitor)
            unique = last is None or click.at - last >= UNIQUE_WINDOW
            if unique:
                last_unique[visitor] = click.at
        out.click(click, unique, network)


def expect(world: World, shares: list[ShareOp], clicks_by_client: list[list[ClickOp]]) -> Expected:
    """Replay the record: each distinct share once (dated at its first answered request), then each
    client's clicks in the order it made them (a visitor belongs to one client), then click points."""
    out = Expected(world)
    seen: set[ShareKey] = set()
    for op in sorted(shares, key=lambda o: o.at):
        if op.resolved and op.key not in seen:
            seen.add(op.key)
            out.share(link_of(op, world.members[op.member_id]))
    for clicks in clicks_by_client:
        replay_clicks(out, clicks)
    out.click_points()
    return out


def ranked(points: dict[str, int]) -> list[tuple[int, str, int]]:
    """Standard competition ranking of members with points, best first (ties by member id), top 100."""
    ordered = sorted(((m, p) for m, p in points.items() if p > 0), key=lambda mp: (-mp[1], mp[0]))
    out: list[tuple[int, str, int]] = []
    for i, (member_id, p) in enumerate(ordered):
        rank = out[-1][0] if out and out[-1][2] == p else i + 1
        out.append((rank, member_id, p))
    return out[:100]


def active_advocates(days: list[set[str]]) -> int:
    """Distinct sharers of the days as docs/api.md counts them: exactly while no day had more sharers
    than its top list holds, else the estimate of their sketch (the same ids, the same estimate)."""
    from advocacy.domain.rollups import TOP_ADVOCATES
    from advocacy.domain.sketches import of

    everyone = set().union(*days)
    return len(everyone) if all(len(d) < TOP_ADVOCATES for d in days) else of(sorted(everyone)).estimate()


def summary(rows: list[dict[str, Any]], days: list[str], members: int) -> dict[str, Any]:
    """What GET /analytics/summary should answer for these daily rollups (docs/api.md's definitions)."""
    totals = {
        n: sum(r.get(n, 0) for r in rows)
        for n in ("shares", "clicks", "human_clicks", "unique_clicks", "reach")
    }
    return {
        **totals,
        "members": members,
        "active_advocates": active_advocates([r.get("advocates", set()) for r in rows]),
        "emv": round(EMV["cpm"] * totals["reach"] / 1000 + EMV["cpc"] * totals["unique_clicks"], 2),
        "by_network": {
            n: {
                m: sum(r.get(f"n#{n}#{m}", 0) for r in rows)
                for m in ("shares", "clicks", "unique_clicks", "reach")
            }
            for n in NETWORKS
        },
        "daily": [
            {"date": d, **{m: r.get(m, 0) for m in ("shares", "clicks", "unique_clicks")}}
            for d, r in zip(days, rows, strict=True)
        ],
    }
