"""Load with reconciliation: many concurrent clients sharing and clicking against the local stack, then an
exact reconciliation of everything they caused.

    python -m bench.load [--clients 20] [--members 40] [--shares 200] [--clicks 1200] [--duration 90]
                         [--seed 46] [--redeliver 0.2] [--attach [.local/stack.json]] [--output PATH]

It starts the local stack (`python -m local` on free 127.0.0.1 ports, no scheduler, no demo orgs,
the stream poller redelivering a fraction of batches), or attaches to a running one through its
stack.json. It creates an org of its own (operator path, as `make create-org` does), its groups,
members (POST /members, signed in through the local Cognito), follower counts and content, then runs
`--clients` threads that each own some members and some visitors:

- members read the feed and share content to networks. Every share is a POST of the same request
  sent again in some way: repeated after the answer (a lost response), sent twice at once (a double
  submit), abandoned before the answer and sent again, or shared again later; half carry an
  `Idempotency-Key`, the same on every attempt;
- visitors click tracked links (GET /r/{code}): distinct visitors are distinct source addresses in
  127.0.0.0/8 (what the gateway, like API Gateway, takes as `sourceIp`), each with its own User-Agent;
  some share an address (NAT: one visitor, decision 82) and most a /24 (the network cap), some send a
  spoofed `X-Forwarded-For`; link-preview bots, HEAD requests,
  repeated clicks by one visitor and unknown codes are mixed in.

Every request carries `x-local-time`: the run is scripted over `--days` days (default three,
crossing a week, month, quarter and year boundary in the org's time zone), so daily caps, unique
visitors (24 h) and period boards are exercised. The client keeps its own record of what it did;
after the load it waits until the stream poller is quiet (all clicks applied, duplicates delivered),
runs the leaderboards job and the rollup job (after each day), and reconciles exactly, from DynamoDB (through the store models) and the
API: balances, lifetime points, ledger entries, period scores, leaderboards, share and content
counters, click events, daily analytics rollups and summaries, `/me`, `/me/shares`, `/me/points` and
the feed. It prints requests by kind, throughput, statuses, retries and every check with expected and
actual figures, writes `bench/results-load.json`, and exits 1 on any mismatch.

Traffic goes to 127.0.0.0/8 only. The load phase stops at `--duration` seconds whatever is left (the
reconciliation covers what was done); waiting for the stream is bounded by `--drain-timeout`.

The modules, in the order a run uses them: `cli` (flags), `run` (the phases), `stack` (start or
attach, bind the store), `provision` (the org, members and content), `planner` (each client's
time-ordered work), `clients` (the threads and the links they share), `http_client` (requests and the
traffic counters), `controls` (the local stack's stream and job routes), `expected` (the replay of the
business rules over the clients' record), `reconcile` (the checks), `results` and `report` (the
figures and the printed table).
"""

from __future__ import annotations

from bench.load.cli import main

__all__ = ["main"]
