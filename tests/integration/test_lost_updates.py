"""Two edits of one item at once: the one whose read is stale is refused with a 409, and the other
stays whole. Each write is made on the condition that the item is as it was read; here another
request's write lands between the service's read and its own (store.errors.Changed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from tests.support.mocked import Env


@dataclass(frozen=True)
class Race:
    """An edit route, the store write it ends in, and how another request's write is made first."""

    module: str
    write: str
    fresh: Callable[[dict[str, Any], str], Any]  # the item as another request reads it
    theirs: Any  # the other request's change, as the store write takes it
    path: str
    ours: dict[str, Any]
    what: str
    kept: Callable[[Env, dict[str, Any], str], bool]  # the other request's change is still there


def _content(aws: Env, org: dict[str, Any]) -> str:
    r = aws.call("POST", "/content", who=org["admin"], body={"title": "Draft", "url": "https://a.example"})
    assert r.status == 201, r.body
    return str(r.body["content_id"])


def _group(aws: Env, org: dict[str, Any]) -> str:
    r = aws.call("POST", "/groups", who=org["admin"], body={"name": "Brand"})
    assert r.status == 201, r.body
    return str(r.body["group_id"])


def _source(aws: Env, org: dict[str, Any]) -> str:
    r = aws.call("POST", "/feed-sources", who=org["admin"], body={"url": "https://news.example/feed.xml"})
    assert r.status == 201, r.body
    return str(r.body["source_id"])


def _read(aws: Env, org: dict[str, Any], path: str) -> Any:
    return aws.call("GET", path, who=org["admin"]).body


def _fresh_content(org: dict[str, Any], item_id: str) -> Any:
    from advocacy.store import content_items

    return content_items.find(org["org"]["org_id"], item_id)


def _fresh_org(org: dict[str, Any], _: str) -> Any:
    from advocacy.store import orgs

    return orgs.find_org(org["org"]["org_id"])


def _fresh_group(org: dict[str, Any], item_id: str) -> Any:
    from advocacy.store import groups

    return groups.find_group(org["org"]["org_id"], item_id)


def _fresh_source(org: dict[str, Any], item_id: str) -> Any:
    from advocacy.store import feed_sources

    return feed_sources.find(org["org"]["org_id"], item_id)


RACES = {
    "content": (
        _content,
        Race(
            "advocacy.store.content_items",
            "update",
            _fresh_content,
            {"title": "Theirs"},
            "/content/{id}",
            {"title": "Ours"},
            "content",
            lambda aws, org, path: _read(aws, org, path)["title"] == "Theirs",
        ),
    ),
    "org": (
        lambda aws, org: "",
        Race(
            "advocacy.store.orgs",
            "update_org",
            _fresh_org,
            {"name": "Theirs"},
            "/org",
            {"name": "Ours"},
            "org",
            lambda aws, org, path: _read(aws, org, path)["name"] == "Theirs",
        ),
    ),
    "group": (
        _group,
        Race(
            "advocacy.store.groups",
            "rename_group",
            _fresh_group,
            "Theirs",
            "/groups/{id}",
            {"name": "Ours"},
            "group",
            lambda aws, org, path: _read(aws, org, path)["name"] == "Theirs",
        ),
    ),
    "feed source": (
        _source,
        Race(
            "advocacy.store.feed_sources",
            "update",
            _fresh_source,
            {"points": 7},
            "/feed-sources/{id}",
            {"points": 9},
            "feed source",
            lambda aws, org, path: _read(aws, org, path)["points"] == 7,
        ),
    ),
}


@pytest.mark.parametrize("kind", sorted(RACES))
def test_an_edit_on_a_stale_read_is_refused_and_the_other_edit_kept(
    aws: Env, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import importlib

    make, race = RACES[kind]
    item_id = make(aws, org)
    module = importlib.import_module(race.module)
    real = getattr(module, race.write)

    def racing(item: Any, change: Any, at: datetime) -> Any:
        real(race.fresh(org, item_id), race.theirs, at)  # another request's edit lands first
        return real(item, change, at)

    monkeypatch.setattr(module, race.write, racing)
    path = race.path.format(id=item_id)
    r = aws.call("PATCH", path, who=org["admin"], body=race.ours)
    assert r.status == 409, r.body
    assert r.body["error"]["message"] == f"the {race.what} was changed by another request; retry"
    monkeypatch.setattr(module, race.write, real)
    assert race.kept(aws, org, path)
