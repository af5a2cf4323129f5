"""The concurrent clients: threads that run their plan against the stack and keep the record of what
they sent and were answered, sharing the links created so far so that visitors can click them."""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench.load.http_client import Http, time_header, until_answered
from bench.load.planner import ClientPlan
from bench.load.record import ClickOp, Link, ShareKey, ShareOp, link_of
from bench.load.world import Member, World

CODE_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"


@dataclass
class Registry:
    """Links created so far (shared by the clients), keyed by share key."""

    lock: threading.Condition = field(default_factory=threading.Condition)
    by_key: dict[ShareKey, Link] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    by_code: dict[str, Link] = field(default_factory=dict)

    def add(self, link: Link, key: ShareKey) -> None:
        with self.lock:
            if key not in self.by_key:
                self.by_key[key] = link
                self.by_code[link.code] = link
                self.codes.append(link.code)
                self.lock.notify_all()

    def pick(self, rng: random.Random, timeout: float) -> Link | None:
        """A link already shared (waiting for the first one, at the very start of the run)."""
        with self.lock:
            self.lock.wait_for(lambda: bool(self.codes), timeout)
            return self.by_code[rng.choice(self.codes)] if self.codes else None


class Client(threading.Thread):
    """One concurrent client: its members share and read the feed, its visitors click."""

    def __init__(
        self,
        index: int,
        work: ClientPlan,
        world: World,
        registry: Registry,
        http_: Http,
        deadline: float,
        seed: int,
    ) -> None:
        super().__init__(name=f"client-{index}", daemon=True)
        self.work, self.world, self.registry, self.http = work, world, registry, http_
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.shares: list[ShareOp] = []
        self.clicks: list[ClickOp] = []
        self.skipped = 0
        self.failure: BaseException | None = None
        self._favourites: dict[int, list[str]] = defaultdict(list)

    def run(self) -> None:
        try:
            for index, (at, kind, op) in enumerate(self.work.ops):
                if time.monotonic() >= self.deadline:
                    self.skipped = len(self.work.ops) - index
                    return
                if kind == "share":
                    self._share(op)
                elif kind == "click":
                    self._click(op)
                else:
                    self._feed(op, at)
        except BaseException as exc:  # reported by the main thread
            self.failure = exc
        finally:
            self.http.close()

    def _feed(self, member: Member, at: datetime) -> None:
        headers = {"x-local-time": time_header(at)}
        self.http.call("feed", "GET", "/feed?limit=50", token=member.token, headers=headers)

    # Shares ---------------------------------------------------------------------------------------

    def _share_request(self, op: ShareOp) -> tuple[str, str, dict[str, str]]:
        """The share's path, token and headers: the same on every attempt, Idempotency-Key included."""
        headers = {"x-local-time": time_header(op.at)}
        if op.idempotency_key:
            headers["idempotency-key"] = op.idempotency_key
        return f"/content/{op.content_id}/shares", self.world.members[op.member_id].token, headers

    def _send_share(self, op: ShareOp, http_: Http, kind: str) -> None:
        path, token, headers = self._share_request(op)
        body = {"network": op.network}
        answer = until_answered(http_, kind, "POST", path, token=token, body=body, headers=headers)
        if answer is None:
            op.answers.append(0)
            return
        op.answers.append(answer.status)
        if answer.status in (200, 201):
            reply = answer.json()
            op.share_ids.add(reply["share_id"])
            op.codes.add(reply["code"])

    def _send_double(self, op: ShareOp) -> None:
        """The same request twice at once, from two connections (a double submit)."""
        twin_http = self.http.twin()
        twin = threading.Thread(target=self._send_share, args=(op, twin_http, "share"))
        twin.start()
        self._send_share(op, self.http, "share")
        twin.join()
        twin_http.close()

    def _share(self, op: ShareOp) -> None:
        self.shares.append(op)
        if op.mode == "abandon":
            path, token, headers = self._share_request(op)
            self.http.abandon("share", "POST", path, token, {"network": op.network}, headers)
        if op.mode == "double":
            self._send_double(op)
        else:
            self._send_share(op, self.http, "share" if op.mode != "again" else "share again")
        if op.mode == "repeat":  # the answer was lost on the way: the client sends it again
            self._send_share(op, self.http, "share repeat")
        op.resolved = bool(op.answers) and all(s in (200, 201) for s in op.answers)
        if op.resolved and len(op.codes) == 1 and len(op.share_ids) == 1:
            self.registry.add(link_of(op, self.world.members[op.member_id]), op.key)

    # Clicks ---------------------------------------------------------------------------------------

    def _choose_code(self, op: ClickOp) -> bool:
        """Which link the visitor clicks: a mistyped one, one clicked before, or any shared so far.
        False when no link was shared before the deadline."""
        favourites = self._favourites[op.visitor.ident]
        if self.rng.random() < 0.01:  # a mistyped or stale link
            op.code, op.known = "".join(self.rng.choices(CODE_ALPHABET, k=12)), False
        elif favourites and self.rng.random() < 0.45:  # the same visitor comes back to a link
            op.code = self.rng.choice(favourites)
        else:
            link = self.registry.pick(self.rng, max(0.0, self.deadline - time.monotonic()))
            if link is None:
                return False
            op.code = link.code
            favourites.append(link.code)
        return True

    def _click_headers(self, op: ClickOp) -> dict[str, str]:
        visitor = op.visitor
        headers = {"x-local-time": time_header(op.at)}
        if visitor.agent:
            headers["user-agent"] = visitor.agent
        if visitor.spoofs_forwarded_for:  # not the source address: must not make a new visitor
            headers["x-forwarded-for"] = f"198.51.100.{self.rng.randint(1, 254)}"
        return headers

    def _click(self, op: ClickOp) -> None:
        if not self._choose_code(op):
            return
        if op.known:
            shared_at = self.registry.by_code[op.code].at
            op.at = max(op.at, shared_at + timedelta(seconds=30))  # nobody clicks before the share
        if not op.visitor.bot and self.rng.random() < 0.04:
            op.method = "HEAD"  # a link checker in the visitor's browser: never human
        answer = self.http.call(
            "click" if op.known else "click unknown code",
            op.method,
            f"/r/{op.code}",
            headers=self._click_headers(op),
            source=op.visitor.ip,
        )
        op.status = answer.status if answer is not None else None
        self.clicks.append(op)
