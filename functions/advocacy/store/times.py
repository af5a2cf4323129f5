"""Fixed-width UTC timestamps for sort keys, so string order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def key_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
