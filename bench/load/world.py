"""The org the bench sets up: its members (with their tokens), content and the visitors who click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench.load.config import NETWORKS


@dataclass
class Member:
    member_id: str
    email: str
    groups: tuple[str, ...]
    followers: dict[str, int]
    token: str = ""


@dataclass(frozen=True)
class Content:
    content_id: str
    groups: tuple[str, ...]
    networks: tuple[str, ...]
    points: int | None

    def offered(self) -> tuple[str, ...]:
        """The networks it may be shared to: its own list, or every network when it has none."""
        return self.networks or NETWORKS


@dataclass
class World:
    org_id: str
    admin_id: str
    admin_token: str
    timezone: str
    start: datetime
    end: datetime
    groups: list[str]
    members: dict[str, Member]
    contents: dict[str, Content]

    def visible(self, member: Member) -> list[Content]:
        """The content the member's feed offers: for everyone, or for one of the member's groups."""
        return [c for c in self.contents.values() if not c.groups or set(c.groups) & set(member.groups)]


@dataclass(frozen=True)
class Visitor:
    """Someone clicking links: a source address (what makes a unique visitor, on a UTC day) and a
    User-Agent (whether a bot; not what makes a visitor)."""

    ident: int
    ip: str
    agent: str
    bot: bool
    spoofs_forwarded_for: bool
