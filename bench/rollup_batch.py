"""The analytics rollups' updates of a seeding, taken out of its transactions and applied in bulk.

Seeding N advocates one share and one click at a time through the real code rewrites the day's
advocate shard items (each about N/16 advocates' counters) twice per advocate: quadratic in N, about
half an hour at 10,000 advocates on DynamoDB Local. Every rollup update the code makes is an ADD of a
number or of a set's members, with no condition, and ADDs commute: so while `Batched.diverting()` is
active, each transaction commits without its rollup updates, which are kept (once it committed) and
summed per item and attribute; `apply()` then writes the sums with as few UpdateItem calls as the
expression size allows. The items are the same as with every update made in its transaction
(`tests/unit/test_bench_scale.py` compares both); anything but an unconditional ADD on a top-level
attribute is refused, so a change to the rollups' writes cannot go unnoticed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from pynamodb.expressions.operand import Path, Value
from pynamodb.expressions.update import Action, AddAction
from pynamodb.transactions import TransactWrite

ACTIONS_PER_CALL = 100  # "ADD #0 :0, ..." stays well under DynamoDB's 4 KB expression limit


class Batched:
    """Rollup ADDs of committed transactions, summed by (scope, day) and attribute."""

    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], dict[str, Any]] = {}

    @contextmanager
    def diverting(self) -> Iterator[None]:
        """Transactions commit without their rollup updates, which are kept once they committed."""
        from advocacy.store.models import RollupModel

        update, commit = TransactWrite.update, TransactWrite._commit
        kept = "_bench_rollups"  # on the transaction itself: one never committed takes its own along

        def diverted_update(
            tx: TransactWrite, model: Any, actions: list[Action], *args: Any, **kwargs: Any
        ) -> None:
            if type(model) is not RollupModel:
                update(tx, model, actions, *args, **kwargs)
                return
            if args or any(v is not None for v in kwargs.values() if not isinstance(v, bool)):
                raise ValueError("a conditional rollup update cannot be applied later")
            tx.__dict__.setdefault(kept, []).append((model.scope, model.day, actions))

        def diverted_commit(tx: TransactWrite) -> Any:
            mine = tx.__dict__.pop(kept, [])
            answer = commit(tx)  # raises if cancelled: its rollup updates are dropped with it
            for scope, day, actions in mine:
                self.add(scope, day, actions)
            return answer

        with (
            mock.patch.object(TransactWrite, "update", diverted_update),
            mock.patch.object(TransactWrite, "_commit", diverted_commit),
        ):
            yield

    def add(self, scope: str, day: str, actions: list[Action]) -> None:
        totals = self.pending.setdefault((scope, day), {})
        for action in actions:
            path, value = action.values if type(action) is AddAction else (None, None)
            if not isinstance(path, Path) or len(path.path) != 1 or not isinstance(value, Value):
                raise ValueError(f"not an ADD on a top-level attribute: {action}")
            ((kind, raw),) = value.value.items()
            name = path.path[0]
            if kind == "N":
                totals[name] = totals.get(name, 0) + int(raw)
            elif kind == "SS":
                totals[name] = totals.get(name, set()) | set(raw)
            else:
                raise ValueError(f"an ADD of {kind} is not summed here: {action}")

    def apply(self) -> int:
        """Write the sums (each an ADD, onto whatever the item holds) and forget them; the calls made."""
        from advocacy.store.models import RollupModel

        table = RollupModel._get_connection()  # no ReturnValues: the items are large
        calls = 0
        for (scope, day), totals in sorted(self.pending.items()):
            actions = [Path([name]).add(value) for name, value in sorted(totals.items())]
            for start in range(0, len(actions), ACTIONS_PER_CALL):
                table.update_item(scope, day, actions=actions[start : start + ACTIONS_PER_CALL])
                calls += 1
        self.pending.clear()
        return calls
