"""The load phase: set up the org, plan each client's work, run the clients concurrently until they
are done or the deadline passes, and keep what they recorded."""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.load.clients import Client, Registry
from bench.load.http_client import Http, Traffic
from bench.load.planner import plan
from bench.load.provision import setup
from bench.load.record import ClickOp, ShareOp
from bench.load.world import World


@dataclass
class LoadRun:
    """The load phase: the world it ran in, the clients (with their records), its figures."""

    world: World
    clients: list[Client]
    visitors: int
    seconds: float
    requests: int
    setup_seconds: float

    def shares(self) -> list[ShareOp]:
        return [op for c in self.clients for op in c.shares]

    def clicks(self) -> list[ClickOp]:
        return [op for c in self.clients for op in c.clicks]

    def failures(self) -> list[str]:
        """The clients whose thread ended on an exception, with it."""
        return [f"{c.name}: {c.failure!r}" for c in self.clients if c.failure is not None]


def load(info: dict[str, Any], args: argparse.Namespace, http_: Http, traffic: Traffic) -> LoadRun:
    rng = random.Random(args.seed)
    print("setting up the org, members and content...", file=sys.stderr, flush=True)
    setup_started = time.monotonic()
    world = setup(http_, info, args, rng)
    setup_seconds = time.monotonic() - setup_started
    work = plan(world, args, rng)
    registry = Registry()
    print(f"load: {len(work)} clients...", file=sys.stderr, flush=True)
    started = time.monotonic()
    before = sum(traffic.requests.values())
    clients = [
        Client(i, w, world, registry, Http(info["api_url"], traffic), started + args.duration, args.seed + i)
        for i, w in enumerate(work)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    seconds = time.monotonic() - started
    requests = sum(traffic.requests.values()) - before
    return LoadRun(world, clients, sum(len(w.visitors) for w in work), seconds, requests, setup_seconds)
