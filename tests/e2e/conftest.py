"""The local stack as a subprocess for the whole session, and small HTTP and Cognito helpers.

The stack runs in its own process group and is told to exit with its parent, so neither a
failing test nor an interrupted session leaves it (or the synth's Node.js child) behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local import child
from tests.support.stack import Stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The property-based API run goes last: it writes random valid data (org settings, content,
    rewards) into the first demo org, which the journeys read as seeded."""
    items.sort(key=lambda item: item.path.name == "test_api_schema.py")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Stack]:
    state_dir = tmp_path_factory.mktemp("local-stack")
    # The synthesized template is cached between runs (it is keyed by a digest of its sources).
    cache_dir = Path(pytestconfig.rootpath) / ".build" / "e2e-template-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        started = child.start(state_dir, "--no-scheduler", "--cache-dir", str(cache_dir))
    except child.StackNotReady as exc:
        pytest.fail(str(exc))
    try:
        yield Stack(started.info, started.log_path)
    finally:
        started.stop()
