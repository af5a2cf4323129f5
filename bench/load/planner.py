"""Each client's work, planned up front from the seed: which members and visitors it owns, and its
shares, clicks and feed reads in time order, spread over the scripted window."""

from __future__ import annotations

import argparse
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bench.load.record import ClickOp, ShareOp
from bench.load.world import Member, Visitor, World

BOT_AGENTS = (
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",  # no User-Agent at all
)


@dataclass
class ClientPlan:
    members: list[Member]
    visitors: list[Visitor]
    ops: list[tuple[datetime, str, Any]]  # (time, "share" | "click" | "feed", op), time order


def _portion(n: int, k: int, total: int) -> int:
    """Client k's part of `total` split over n clients (the first ones take the remainder)."""
    return total // n + (1 if k < total % n else 0)


def add_visitors(clients: list[ClientPlan], per_client: int, bot_fraction: float, rng: random.Random) -> None:
    """Distinct User-Agents at addresses of the client's /16; some share an address (NAT: one visitor
    then), some are bots."""
    ident = 0
    for k, client in enumerate(clients):
        for j in range(per_client):
            ident += 1
            bot = rng.random() < bot_fraction
            nat = j % 5 == 4  # every fifth visitor shares the previous visitor's address
            address = ident - 1 if nat else ident
            ip = f"127.{20 + k}.{address // 250 % 250}.{address % 250 + 1}"
            agent = (
                rng.choice(BOT_AGENTS)
                if bot
                else f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                f"Chrome/{110 + ident % 20}.0.{ident}.{rng.randint(0, 99)} Safari/537.36"
            )
            client.visitors.append(Visitor(ident, ip, agent, bot, rng.random() < 0.2))


def add_shares(
    client: ClientPlan, world: World, quota: int, at: Callable[[float], datetime], rng: random.Random
) -> None:
    """`quota` distinct shares of what the client's members see, each sent in one of the modes; a
    tenth shared again later (answered 200, changing nothing)."""
    keys = [
        (m.member_id, c.content_id, net)
        for m in client.members
        for c in world.visible(m)
        for net in c.offered()
    ]
    rng.shuffle(keys)
    for member_id, content_id, network in keys[:quota]:
        # Shares come early (so there is something to click), none in the last tenth of the window.
        when = at(0.9 * rng.random() ** 1.6)
        mode = rng.choices(("once", "repeat", "double", "abandon"), (55, 20, 15, 10))[0]
        key = f"load-{uuid.UUID(int=rng.getrandbits(128))}" if rng.random() < 0.5 else None
        client.ops.append((when, "share", ShareOp(member_id, content_id, network, when, mode, key)))
        if rng.random() < 0.1:  # the member shares the same thing again later: 200, nothing more
            later = when + timedelta(seconds=int((world.end - when).total_seconds() * 0.5 * rng.random()))
            again = ShareOp(member_id, content_id, network, later, "again", None)
            client.ops.append((later, "share", again))


def plan(world: World, args: argparse.Namespace, rng: random.Random) -> list[ClientPlan]:
    """Split members and visitors over the clients and give each client its time-ordered work.

    Times are whole seconds, as `x-local-time` carries them."""
    window = (world.end - world.start).total_seconds()

    def at(fraction: float) -> datetime:
        return world.start + timedelta(seconds=int(window * fraction))

    members = list(world.members.values())
    clients = [ClientPlan(members[i :: args.clients], [], []) for i in range(args.clients)]
    clients = [c for c in clients if c.members]
    n = len(clients)
    add_visitors(clients, max(2, args.clicks // (8 * n)), args.bot_fraction, rng)
    for k, client in enumerate(clients):
        quota = _portion(n, k, args.shares)
        add_shares(client, world, quota, at, rng)
        clicks = _portion(n, k, args.clicks)
        for _ in range(clicks):
            when = at(0.02 + 0.97 * rng.random())
            client.ops.append((when, "click", ClickOp(rng.choice(client.visitors), when)))
        for _ in range(max(1, (quota + clicks) // 25)):
            client.ops.append((at(rng.random()), "feed", rng.choice(client.members)))
        client.ops.sort(key=lambda op: op[0])
    return clients
