"""What the checks read from: the run's world and expected model, the stack's API (as the admin or a
member) and its DynamoDB through the store models, each member's ledger read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.load.expected import Expected
from bench.load.http_client import Http, get_json
from bench.load.world import World


@dataclass
class Source:
    world: World
    exp: Expected
    http: Http
    job_time: datetime
    _ledger: dict[str, list[Any]] = field(default_factory=dict)

    def ledger(self, member_id: str) -> list[Any]:
        """The member's ledger entries, read once."""
        from advocacy.store.models import LedgerModel

        if member_id not in self._ledger:
            self._ledger[member_id] = list(LedgerModel.query(f"{self.world.org_id}#{member_id}"))
        return self._ledger[member_id]

    def get(self, path: str, token: str | None = None, headers: dict[str, str] | None = None) -> Any:
        """A GET through the API, as the admin unless another token is given."""
        return get_json(self.http, path, token or self.world.admin_token, headers)

    def pages(self, path: str, token: str) -> list[dict[str, Any]]:
        """Every item of a paginated list, 100 a page."""
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            sep = "&" if "?" in path else "?"
            page = self.get(f"{path}{sep}limit=100" + (f"&cursor={cursor}" if cursor else ""), token)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items
