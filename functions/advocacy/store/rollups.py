"""Daily analytics rollups: moved in the same transactions as the shares and clicks they count, so
they are exact and a replay changes nothing; a summary reads one item per day and scope.

Scopes: `<org_id>#all`, `<org_id>#group:<id>` (the sharer's groups when sharing) and
`<org_id>#content:<id>`. Attribute names: `shares`, `clicks`, `human_clicks`, `unique_clicks`,
`reach` (`reach_verified`: the part a connected account reported), `personalised_shares` (in the
sharer's own words), `n#<network>#<metric>` (`posts`: through
a connected account),
`c#<content_id>#<metric>`, `a#<member_id>#<metric>`, and the string set `advocates` (members who
shared that day).

The per-advocate counters and `advocates` live apart from the day's item, in one of `ADVOCATE_SHARDS`
items of the same partition (`<day>#a<shard>`, by a hash of the member id): an item is limited to
400 KB, about 1,700 advocates' worth, and an org's busy day can have more. One range query reads a
day's item and its shards together, and `days` folds them back into one row per day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action
from pynamodb.pagination import ResultIterator
from pynamodb.transactions import TransactWrite

from advocacy.store import batch
from advocacy.store.models import ContentModel, LinkModel, MemberModel, RollupModel


def scopes(org_id: str, content_id: str, groups: Iterable[str]) -> list[str]:
    return [
        f"{org_id}#all",
        f"{org_id}#content:{content_id}",
        *(f"{org_id}#group:{g}" for g in sorted(groups)),
    ]


ADVOCATE_SHARDS = 16  # about 27,000 advocates per scope and day before any item nears 400 KB
SHARD_SEPARATOR = "#a"
_AFTER_SHARDS = "#~"  # sorts after every `#a<shard>` of a day


def _add(name: str, value: int) -> Action:
    return Path([name]).add(value)


def advocate_item(day: str, member_id: str) -> str:
    """The sort key of the item holding `member_id`'s counters for `day`."""
    shard = int(hashlib.sha256(member_id.encode()).hexdigest()[:8], 16) % ADVOCATE_SHARDS
    return f"{day}{SHARD_SEPARATOR}{shard:02d}"


def count_share(
    tx: TransactWrite,
    link: LinkModel,
    day: str,
    reach: int,
    personalised: bool = False,
    posted: bool = False,
    verified: bool = False,
) -> None:
    """A share made through `link` (its sharer's groups at the time) on `day`, reaching `reach`;
    `personalised_shares` counts those in the sharer's own words (domain.own_words), `n#<network>#posts`
    those posted through the sharer's connected account (services.posting), `reach_verified` the reach
    a connected account reported (the rest of `reach` is self-declared: decision 84)."""
    actions = [
        *([_add("personalised_shares", 1)] if personalised else []),
        *([_add(f"n#{link.network}#posts", 1)] if posted else []),
        *(
            [_add("reach_verified", reach), _add(f"n#{link.network}#reach_verified", reach)]
            if verified
            else []
        ),
        _add("shares", 1),
        _add("reach", reach),
        _add(f"n#{link.network}#shares", 1),
        _add(f"n#{link.network}#reach", reach),
        _add(f"c#{link.content_id}#shares", 1),
    ]
    advocate = [_add(f"a#{link.member_id}#shares", 1), Path(["advocates"]).add({link.member_id})]
    _update(tx, link, day, actions, advocate)


def count_click(tx: TransactWrite, link: LinkModel, day: str, human: bool, unique: bool) -> None:
    """A click on `link` on `day`: raw always, human and unique as judged by the stream function."""
    metrics = ["clicks", *(["human_clicks"] if human else []), *(["unique_clicks"] if unique else [])]
    actions: list[Action] = []
    for metric in metrics:
        actions += [
            _add(metric, 1),
            _add(f"n#{link.network}#{metric}", 1),
            _add(f"c#{link.content_id}#{metric}", 1),
        ]
    _update(tx, link, day, actions, [_add(f"a#{link.member_id}#{metric}", 1) for metric in metrics])


def _update(
    tx: TransactWrite, link: LinkModel, day: str, actions: list[Action], advocate: list[Action]
) -> None:
    shard = advocate_item(day, link.member_id)
    for scope in scopes(link.org_id, link.content_id, link.groups or ()):
        tx.update(RollupModel(scope=scope, day=day), actions=actions)
        tx.update(RollupModel(scope=scope, day=shard), actions=advocate)


def days(scope: str, first: str, last: str) -> list[dict[str, Any]]:
    """The rollups of `scope` from day `first` to `last` (inclusive), as plain dicts: one row per day
    with activity (its item and its advocate shards folded together), read in as few pages as their
    size allows."""
    rows: dict[str, dict[str, Any]] = {}
    for item in _raw(RollupModel.query(scope, RollupModel.day.between(first, last + _AFTER_SHARDS))):
        _fold(rows, _plain(item))
    return [rows[day] for day in sorted(rows)]


def _raw(result: ResultIterator[RollupModel]) -> Iterator[dict[str, Any]]:
    """The items of a query as DynamoDB returned them, page by page: a rollup's counters are
    attributes the model does not declare, which reading them as models would drop."""
    for page in result.page_iter:
        yield from page.get("Items", [])


def _fold(rows: dict[str, dict[str, Any]], item: dict[str, Any]) -> None:
    """Add an item (a day's or one of its advocate shards) into its day's row."""
    day = str(item["day"]).split(SHARD_SEPARATOR, 1)[0]
    row = rows.setdefault(day, {"scope": item["scope"], "day": day})
    for name, value in item.items():
        if name in ("scope", "day"):
            continue
        if isinstance(value, set):
            row[name] = row.get(name, set()) | value
        elif isinstance(value, int):
            row[name] = row.get(name, 0) + value
        else:
            row[name] = value


def share_count(scope: str, first: str, last: str) -> int:
    """Shares of `scope` from day `first` to `last` (inclusive), from the rollups' `shares` counters:
    one item per day, so a query of a page or a few, whatever the number of shares."""
    result = RollupModel.query(scope, RollupModel.day.between(first, last), attributes_to_get=["shares"])
    return sum(int(item["shares"]["N"]) for item in _raw(result) if "shares" in item)


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in item.items():
        ((kind, raw),) = value.items()
        out[name] = int(raw) if kind == "N" else set(raw) if kind == "SS" else raw
    return out


def labels(
    org_id: str, content_ids: list[str], member_ids: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Titles of the top content and names of the top advocates: one BatchGetItem for both tables,
    projected to what the summary shows."""
    content_table, members_table = ContentModel.Meta.table_name, MemberModel.Meta.table_name
    requests: dict[str, dict[str, Any]] = {}
    if content_ids:
        requests[content_table] = {
            "Keys": [{"org_id": {"S": org_id}, "content_id": {"S": cid}} for cid in content_ids],
            "ProjectionExpression": "content_id, title",
        }
    if member_ids:
        requests[members_table] = {
            "Keys": [{"org_id": {"S": org_id}, "member_id": {"S": mid}} for mid in member_ids],
            "ProjectionExpression": "member_id, #n",
            "ExpressionAttributeNames": {"#n": "name"},
        }
    found = batch.get_many(requests) if requests else {}
    titles = {i["content_id"]["S"]: i.get("title", {}).get("S", "") for i in found.get(content_table, [])}
    names = {i["member_id"]["S"]: i.get("name", {}).get("S", "") for i in found.get(members_table, [])}
    return titles, names
