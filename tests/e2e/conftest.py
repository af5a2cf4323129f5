"""The local stack as a subprocess for the whole session, and small HTTP and Cognito helpers.

The stack runs in its own process group and is told to exit with its parent, so neither a
failing test nor an interrupted session leaves it (or the synth's Node.js child) behind.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.stack import Stack, running
from tests.support.web import write_dist


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The property-based API run goes last: it writes random valid data (org settings, content,
    rewards) into the first demo org, which the journeys read as seeded."""
    items.sort(key=lambda item: item.path.name == "test_api_schema.py")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # --verbose: the log keeps everything the functions print, which test_privacy searches too.
    # --web-dist: a stand-in build for the web origin (test_web_origin), so the tier needs no npm.
    web_dist = write_dist(tmp_path_factory.mktemp("web-dist"))
    with running(tmp_path_factory.mktemp("local-stack"), "--verbose", "--web-dist", str(web_dist)) as started:
        yield started
