"""The clients' record: what each share and click was, how it was sent and what it was answered. The
expected model replays it; the reconciler compares the stack against that replay."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bench.load.world import Member, Visitor

ShareKey = tuple[str, str, str]  # (member, content, network): one share, however often it is sent


@dataclass
class ShareOp:
    """One logical share (member, content, network) at one time, and how its request was repeated."""

    member_id: str
    content_id: str
    network: str
    at: datetime
    mode: str  # once | repeat | double | abandon | again (the same share, later)
    idempotency_key: str | None
    answers: list[int] = field(default_factory=list)
    share_ids: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    resolved: bool = False

    @property
    def key(self) -> ShareKey:
        return (self.member_id, self.content_id, self.network)


@dataclass
class ClickOp:
    visitor: Visitor
    at: datetime
    method: str = "GET"
    code: str = ""
    known: bool = True
    status: int | None = None

    @property
    def human(self) -> bool:
        """What the redirect counts as a person: a GET from a visitor that is not a bot."""
        return self.method == "GET" and not self.visitor.bot


@dataclass
class Link:
    """A tracked link a share created, with what the rules need to credit its clicks."""

    code: str
    share_id: str
    member_id: str
    content_id: str
    network: str
    groups: tuple[str, ...]
    at: datetime


def link_of(op: ShareOp, member: Member) -> Link:
    """The link a share created, once its answers agree on one share and code."""
    return Link(
        next(iter(op.codes)),
        next(iter(op.share_ids)),
        op.member_id,
        op.content_id,
        op.network,
        member.groups,
        op.at,
    )
