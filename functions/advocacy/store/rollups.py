"""Daily analytics rollups (decision 91): the rollup job recomputes a day's items of every scope from
the day's events (shares through the `by_time` index, click events through their `by_day` index), and writes each
whole; a summary reads one item per day and scope.

Scopes and attributes: domain.rollups. The job's items sort under `<day>#job`. Items written before
decision 91 by the share and click transactions sit under `<day>` (per-advocate counters and the
day's `advocates` set in one of 16 items `<day>#a<shard>`); those transactions no longer write them,
and the job counts only events that carry the index keys (made since), so on the day of the change
both together are the day, with nothing counted twice. One range query reads a day's items
together, and `days` folds them into one row per day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.pagination import ResultIterator

from advocacy.domain.rollups import ClickEvent, ShareEvent
from advocacy.domain.times import utc_text
from advocacy.store import batch, content_items
from advocacy.store.models import ClickModel, MemberModel, RollupModel, ShareModel
from advocacy.store.tables import connection

DAY_SHARDS = 4  # index partitions per org and day: one org's busy day is not one hot partition
JOB_ITEM = "#job"  # the job's item of a day: `<day>#job`
COMPUTED_AT = "computed_at"
_AFTER_DAY = "#~"  # sorts after `<day>#job` and every `<day>#a<shard>`


def day_shard(org_id: str, day: str, event_id: str) -> str:
    """The `by_day` index key of an event of `day` (the org's time zone): `<org_id>#<day>#<shard>`."""
    shard = int(hashlib.sha256(event_id.encode()).hexdigest()[:8], 16) % DAY_SHARDS
    return f"{org_id}#{day}#{shard}"


def _day_keys(org_id: str, day: str) -> list[str]:
    return [f"{org_id}#{day}#{shard}" for shard in range(DAY_SHARDS)]


def shares_of(org_id: str, day: str) -> Iterator[ShareEvent]:
    """The org's shares of `day`: those the share transaction marked with that day (`rollup_day`), read
    from `by_time` over the UTC days around it (every time zone's day lies within them). Shares are few
    beside clicks: no index of their own, so a share writes no more index entries than before."""
    first = datetime.fromisoformat(day).replace(tzinfo=UTC) - timedelta(days=1)
    for share in ShareModel.by_time.query(
        org_id,
        ShareModel.created_at.between(first, first + timedelta(days=3)),
        filter_condition=ShareModel.rollup_day.startswith(f"{org_id}#{day}#"),
    ):
        yield ShareEvent(
            member_id=share.member_id,
            content_id=share.content_id,
            network=share.network,
            groups=frozenset(share.groups or ()),
            reach=int(share.reach or 0),
            verified=bool(share.reach_verified),
            personalised=bool(share.personalised),
            posted=bool(share.posted),
        )


def clicks_of(org_id: str, day: str) -> Iterator[ClickEvent]:
    """The org's click events of `day` applied by the stream function."""
    for key in _day_keys(org_id, day):
        for click in ClickModel.by_day.query(key):
            yield ClickEvent(
                member_id=click.member_id or "",
                content_id=click.content_id or "",
                network=click.network or "",
                groups=frozenset(click.groups or ()),
                human=not click.bot,
                unique=bool(click.unique),
            )


def stored(scopes_and_days: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The job's items of these scopes and days, as plain dicts without their keys (BatchGetItem)."""
    table = RollupModel.Meta.table_name
    keys = [{"scope": {"S": scope}, "day": {"S": day + JOB_ITEM}} for scope, day in scopes_and_days]
    found = batch.get_many({table: {"Keys": keys}}) if keys else {}
    items = {}
    for raw in found.get(table, []):
        item = _plain(raw)
        items[(item.pop("scope"), item.pop("day").removesuffix(JOB_ITEM))] = item
    return items


def put(scope: str, day: str, values: dict[str, Any], computed_at: datetime) -> bool:
    """Write the job's item of `scope` and `day` whole: a rerun writes the same values. Not over an
    item a later run computed (False): a slow or retried run never puts older figures back."""
    stamp = utc_text(computed_at, "seconds")  # fixed width: text order is time order
    item: dict[str, Any] = {"scope": {"S": scope}, "day": {"S": day + JOB_ITEM}}
    item[COMPUTED_AT] = {"S": stamp}
    for name, value in values.items():
        if isinstance(value, bytes):
            item[name] = {"B": value}
        elif isinstance(value, int):
            item[name] = {"N": str(value)}
        else:
            item[name] = {"S": str(value)}
    try:
        connection().client.put_item(
            TableName=RollupModel.Meta.table_name,
            Item=item,
            ConditionExpression="attribute_not_exists(#at) OR #at <= :at",
            ExpressionAttributeNames={"#at": COMPUTED_AT},
            ExpressionAttributeValues={":at": {"S": stamp}},
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def days(scope: str, first: str, last: str) -> list[dict[str, Any]]:
    """The rollups of `scope` from day `first` to `last` (inclusive), as plain dicts: one row per day
    with activity (the job's item, and any item and advocate shards written before decision 91,
    folded together; `computed_at` the job's), read in as few pages as their size allows."""
    rows: dict[str, dict[str, Any]] = {}
    for item in _raw(RollupModel.query(scope, RollupModel.day.between(first, last + _AFTER_DAY))):
        _fold(rows, _plain(item))
    return [rows[day] for day in sorted(rows)]


def _raw(result: ResultIterator[RollupModel]) -> Iterator[dict[str, Any]]:
    """The items of a query as DynamoDB returned them, page by page: a rollup's counters are
    attributes the model does not declare, which reading them as models would drop."""
    for page in result.page_iter:
        yield from page.get("Items", [])


def _fold(rows: dict[str, dict[str, Any]], item: dict[str, Any]) -> None:
    """Add an item (a day's, the job's or an advocate shard) into its day's row: counters add up,
    sets join; a day's sketch and top list come from its one job item."""
    day = str(item["day"]).split("#", 1)[0]
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
    result = RollupModel.query(
        scope, RollupModel.day.between(first, last + _AFTER_DAY), attributes_to_get=["shares"]
    )
    return sum(int(item["shares"]["N"]) for item in _raw(result) if "shares" in item)


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in item.items():
        ((kind, raw),) = value.items()
        out[name] = int(raw) if kind == "N" else set(raw) if kind == "SS" else raw  # "B": bytes
    return out


def labels(
    org_id: str, content_ids: list[str], member_ids: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Titles of the top content and names of the top advocates: one BatchGetItem for both tables,
    projected to what the summary shows."""
    members_table = MemberModel.Meta.table_name
    requests: dict[str, dict[str, Any]] = content_items.titles_read(org_id, content_ids)
    if member_ids:
        requests[members_table] = {
            "Keys": [{"org_id": {"S": org_id}, "member_id": {"S": mid}} for mid in member_ids],
            "ProjectionExpression": "member_id, #n",
            "ExpressionAttributeNames": {"#n": "name"},
        }
    found = batch.get_many(requests) if requests else {}
    titles = content_items.titles_from(found)
    names = {i["member_id"]["S"]: i.get("name", {}).get("S", "") for i in found.get(members_table, [])}
    return titles, names
