"""The one clock of the test suite. Every date a test uses derives from this reading, so the suite
means the same on any day it runs (`make test` also runs it with the process clock a year ahead)."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)  # a Monday, in a 30-day month
