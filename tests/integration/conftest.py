"""The integration tier's fixtures: one mocked account per test and one clock (tests.support.mocked)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from tests.support.clock import NOW
from tests.support.mocked import Env, aws_env, make_org, make_other_org


@pytest.fixture
def now() -> datetime:
    """The test's clock. Every date a test uses derives from it, so the suite means the same on
    any day it runs (it is also run with the process clock a year ahead)."""
    return NOW


@pytest.fixture
def aws(now: datetime) -> Iterator[Env]:
    with aws_env(now) as env:
        yield env


@pytest.fixture
def org(aws: Env, now: datetime) -> dict[str, Any]:
    return make_org(aws, now)


@pytest.fixture
def other_org(aws: Env, org: dict[str, Any], now: datetime) -> dict[str, Any]:
    return make_other_org(now)
