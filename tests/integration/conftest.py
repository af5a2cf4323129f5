"""The integration tier's fixtures: one mocked account per test and one clock (tests.support.mocked),
and the fake networks of tests.support.connected for the tests that connect accounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from tests.support import access, connected
from tests.support.clock import NOW
from tests.support.mocked import TABLES, Env, aws_env, make_org, make_other_org


@pytest.fixture(autouse=True)
def granted_access() -> Iterator[None]:
    """Every DynamoDB action a handler sends during the test is one the stack grants its function
    (tests.support.access): moto itself enforces no IAM."""
    with access.recorded() as uses:
        yield
    refused = access.refused(uses, TABLES)
    if refused:
        pytest.fail("Not granted by infra/access.py:\n" + "\n".join(refused), pytrace=False)


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


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    """The fake networks' OAuth and API endpoints on 127.0.0.1, one server per test module."""
    with connected.serving() as url:
        yield url


@pytest.fixture
def fakes(aws: Env, origin: str) -> str:
    """The app configured to connect accounts through `origin`, as both networks."""
    connected.configure(aws, origin)
    return origin
