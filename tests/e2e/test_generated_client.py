"""A typed Python client generated from docs/openapi.json, as mobile and partner clients generate
theirs, drives a member's journey against the local stack.

`openapi-python-client` must generate it without a warning (a warning means a piece of the client
is missing: an operation, a model, a response it cannot parse). The client then signs in as a
seeded member and reads the profile, reads the feed, shares one item and finds the points in the
ledger, each answer parsed into the generated models by status code, as a generated client does.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
PACKAGE = "advocacy_client"
# No post-generation hooks: the client is imported as generated, not formatted by a tool on PATH.
CONFIG = "post_hooks: []\n"
GENERATE_TIMEOUT = 300  # seconds


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client package, generated into a temporary folder; fails on any warning or error."""
    root = tmp_path_factory.mktemp("generated-client")
    config = root / "config.yaml"
    config.write_text(CONFIG)
    result = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [
            sys.executable, "-m", "openapi_python_client", "generate",
            "--path", str(DOC), "--meta", "none", "--output-path", str(root / PACKAGE),
            "--config", str(config),
        ],
        capture_output=True, text=True, timeout=GENERATE_TIMEOUT, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    assert (root / PACKAGE / "client.py").is_file(), output
    return root


@pytest.fixture
def client_package(generated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The generated package, imported from its folder (and forgotten afterwards)."""
    monkeypatch.syspath_prepend(str(generated))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        monkeypatch.delitem(sys.modules, name)
    package = importlib.import_module(PACKAGE)
    yield package
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_the_client_generates_with_every_operation(generated: Path) -> None:
    """One module per operation, named after its operationId, in a folder per tag."""
    document = json.loads(DOC.read_text(encoding="utf-8"))
    expected = {
        (operation["tags"][0], re.sub(r"(?<!^)(?=[A-Z])", "_", operation["operationId"]).lower())
        for operations in document["paths"].values()
        for operation in operations.values()
    }
    found = {
        (path.parent.name, path.stem)
        for path in (generated / PACKAGE / "api").glob("*/*.py")
        if path.stem != "__init__"
    }
    assert found == expected


def test_a_member_journey_through_the_generated_client(stack: Stack, client_package: ModuleType) -> None:
    member = stack.user("member")
    token = stack.login(member["email"], member["password"])
    client = client_package.AuthenticatedClient(
        base_url=stack.url, token=token, raise_on_unexpected_status=True, timeout=30.0
    )
    get_me = _module("api.me.get_me")
    get_feed = _module("api.sharing.get_feed")
    share_content = _module("api.sharing.share_content")
    list_my_points = _module("api.sharing.list_my_points")
    models = _module("models")

    # GET /me: the caller's own profile, typed.
    me = get_me.sync_detailed(client=client)
    assert me.status_code == 200, me.content
    assert isinstance(me.parsed, models.MeOut)
    assert me.parsed.member_id == member["member_id"]
    assert me.parsed.email == member["email"]
    assert me.parsed.role == models.MeOutRole.MEMBER
    lifetime_before = me.parsed.points.lifetime

    # GET /feed, page by page, until an item the member has not yet shared to one of its networks.
    every_network = [network.value for network in models.ShareCreateNetwork]
    cursor: Any = client_package.types.UNSET
    choice = None
    while choice is None:
        page = get_feed.sync_detailed(client=client, limit=20, cursor=cursor)
        assert page.status_code == 200, page.content
        assert isinstance(page.parsed, models.FeedPage)
        for item in page.parsed.items:
            assert isinstance(item, models.FeedItem)
            offered = [n.value for n in item.networks] or every_network
            fresh = [network for network in offered if network not in item.my_shares]
            if fresh:
                choice = (item, fresh[0])
                break
        if choice is None:
            assert page.parsed.next_cursor, "the seeded feed has nothing left for this member to share"
            cursor = page.parsed.next_cursor
    item, network = choice

    # POST /content/{content_id}/shares, with an Idempotency-Key: 201 and the share.
    body = models.ShareCreate(network=models.ShareCreateNetwork(network))
    shared = share_content.sync_detailed(
        client=client, content_id=item.content_id, body=body, idempotency_key=uuid.uuid4().hex
    )
    assert shared.status_code == 201, shared.content
    share = shared.parsed
    assert isinstance(share, models.ShareOut)
    assert share.content_id == item.content_id
    assert share.network.value == network
    assert share.tracked_url.endswith(f"/r/{share.code}")

    # The same share again, without a key: 200, the same share, nothing more awarded.
    again = share_content.sync_detailed(client=client, content_id=item.content_id, body=body)
    assert again.status_code == 200, again.content
    assert again.parsed.share_id == share.share_id and again.parsed.points_awarded == 0

    # GET /me/points: the share's entry, newest first.
    ledger = list_my_points.sync_detailed(client=client, limit=100)
    assert ledger.status_code == 200, ledger.content
    assert isinstance(ledger.parsed, models.LedgerPage)
    entries = [e for e in ledger.parsed.items if "share_id" in e.ref and e.ref["share_id"] == share.share_id]
    if share.points_awarded:
        assert len(entries) == 1, [e.to_dict() for e in ledger.parsed.items]
        (entry,) = entries
        assert entry.type_ == models.LedgerEntryOutType.SHARE
        assert entry.points == share.points_awarded
        assert entry.ref["content_id"] == item.content_id
    else:
        assert entries == []  # an action worth 0 points writes no entry

    # And the profile counts it.
    after = get_me.sync(client=client)
    assert isinstance(after, models.MeOut)
    assert after.points.lifetime >= lifetime_before + share.points_awarded
