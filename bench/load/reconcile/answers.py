"""What the clients could see for themselves: their threads ended cleanly, every request got a
definitive answer, and every repeat of a share answered the same share and code."""

from __future__ import annotations

from collections import defaultdict

from bench.load.checks import Check, none_of
from bench.load.record import ClickOp, ShareKey, ShareOp


def _unresolved(shares: list[ShareOp], clicks: list[ClickOp]) -> list[str]:
    unresolved = [f"{op.key} {op.mode}: {op.answers}" for op in shares if not op.resolved]
    unresolved += [
        f"click {c.code} from {c.visitor.ip}: {c.status}" for c in clicks if c.known and c.status != 302
    ]
    unresolved += [f"unknown code {c.code}: {c.status}" for c in clicks if not c.known and c.status != 404]
    return unresolved


def _inconsistent(shares: list[ShareOp]) -> list[str]:
    """Shares answered with more than one share or code, by one op or across ops of one key."""
    inconsistent = [
        f"{op.key} {op.mode}: {sorted(op.share_ids)}"
        for op in shares
        if len(op.share_ids) > 1 or len(op.codes) > 1
    ]
    by_key: dict[ShareKey, set[str]] = defaultdict(set)
    for op in shares:
        by_key[op.key] |= op.share_ids
    return inconsistent + [f"{key}: {sorted(ids)}" for key, ids in by_key.items() if len(ids) > 1]


def client_checks(shares: list[ShareOp], clicks: list[ClickOp], failures: list[str]) -> list[Check]:
    return [
        none_of("client threads finished without error", "failures", failures),
        none_of(
            "every request got its definitive answer (302/404 clicks, 200/201 shares)",
            "unresolved",
            _unresolved(shares, clicks),
        ),
        none_of(
            "every repeat of a share answered the same share and code", "inconsistent", _inconsistent(shares)
        ),
    ]
