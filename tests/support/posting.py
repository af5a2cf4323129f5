"""Posting through members' accounts in the integration tier: the fake providers set up as both
networks, and the connection store as posting sees it (shared by the post-now and auto-share tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from advocacy.api import deps
from advocacy.services import connections, posting
from advocacy.settings import Provider
from tests.support.mocked import Env
from tests.support.providers import FakeProviders, serving

AUTHOR = {"linkedin": "urn:li:person:abc123", "x": "2244994945"}


@contextmanager
def providers_serving() -> Iterator[FakeProviders]:
    """The fake providers, with the API's settings pointing both networks at them (restored after)."""
    before = deps.settings()
    with serving() as served:
        providers = {
            n: Provider(n, f"arn:{n}", f"{served.base}/authorize", f"{served.base}/token", f"{served.base}/me", served.base)
            for n in ("linkedin", "x")
        }  # fmt: skip
        deps.configure(replace(before, providers=providers, linkedin_version="202601"))
        try:
            yield served
        finally:
            deps.configure(before)


@dataclass
class Accounts:
    """The connection store as posting sees it: who is connected, and who was asked to reconnect."""

    disconnected: set[str] = field(default_factory=set)
    reconnect: list[tuple[str, str]] = field(default_factory=list)  # (network, reason)

    @classmethod
    def installed(cls, monkeypatch: pytest.MonkeyPatch) -> Accounts:
        """A store every network is connected in, standing in for the real one in posting."""
        found = cls()
        monkeypatch.setattr(posting.connections, "access", found.access)
        monkeypatch.setattr(posting.connections, "mark_needs_reconnect", found.mark)
        return found

    def access(self, org_id: str, member_id: str, network: str, now: Any) -> connections.Access:
        if network in self.disconnected:
            raise connections.NeedsReconnect(network, "not_connected")
        return connections.Access(network, f"token-{member_id}-{network}", AUTHOR[network])

    def mark(self, org_id: str, member_id: str, network: str, reason: str, now: Any) -> None:
        self.reconnect.append((network, reason))
        self.disconnected.add(network)


def balance(aws: Env, who: dict[str, Any]) -> int:
    return int(aws.call("GET", "/me", who=who).body["points"]["balance"])
