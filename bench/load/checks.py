"""A reconciliation check and the item-by-item comparison behind most of them, with the one-line
summaries of each side that the report prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Summary = Callable[[dict[Any, Any]], str]


@dataclass
class Check:
    name: str
    expected: str
    actual: str
    ok: bool
    mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.name,
            "expected": self.expected,
            "actual": self.actual,
            "result": "PASS" if self.ok else "FAIL",
            "mismatches": self.mismatches[:10],
            "mismatch_count": len(self.mismatches),
        }


def zero(name: str, count: int) -> Check:
    """A count that must be zero (click events unprocessed, stream records parked)."""
    return Check(name, "0", str(count), count == 0)


def none_of(name: str, what: str, problems: list[str]) -> Check:
    """A list of problems the clients saw for themselves, which must be empty."""
    return Check(name, f"0 {what}", f"{len(problems)} {what}", not problems, problems)


def compare(name: str, expected: dict[Any, Any], actual: dict[Any, Any], summary: Summary) -> Check:
    """Item by item: every key in either side must hold equal values."""
    bad = [
        f"{key}: expected {expected.get(key)!r}, got {actual.get(key)!r}"
        for key in sorted(set(expected) | set(actual), key=str)
        if expected.get(key) != actual.get(key)
    ]
    return Check(name, summary(expected), summary(actual), not bad, bad)


def total(items: dict[Any, int]) -> str:
    """Item count and the sum of the values."""
    return f"{len(items)} items, sum value {sum(int(v) for v in items.values()):,}"


def columns(*names: str) -> Summary:
    """Item count and the sum of each position of the tuples held, named."""
    return lambda d: (
        f"{len(d)} items: "
        + ", ".join(f"{sum(v[i] for v in d.values()):,} {name}" for i, name in enumerate(names))
    )


def count_of(what: str) -> Summary:
    """Just the number of items."""
    return lambda d: f"{len(d)} {what}"
