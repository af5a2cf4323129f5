"""Stored items as response bodies, for the mappings more than one router (or `ops`) uses.

A helper module, not a router: it reads the store's models (imported for typing only) and never the
store itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader
from pydantic import BaseModel

from advocacy import schemas
from advocacy.domain import content as rules
from advocacy.domain.orgs import (
    DEFAULT_FOLLOWER_LIMITS,
    DEFAULT_LIMITS,
    DEFAULT_POINT_RULES,
    follower_limit,
    point_rule,
)
from advocacy.domain.own_words import personalised_bonus

if TYPE_CHECKING:
    from advocacy.services.exports import Export
    from advocacy.store.models import ContentModel, GroupModel, LedgerModel, MemberModel, OrgModel
    from advocacy.store.paging import Page

Answer = TypeVar("Answer", bound=BaseModel)
Item = TypeVar("Item")


class _Read:
    """An item as a response model reads it (`from_attributes`): its attributes, but `values` for
    the fields it names otherwise, computes or holds in another form."""

    __slots__ = ("_item", "_values")

    def __init__(self, item: object, values: dict[str, Any]) -> None:
        self._item = item
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values[name] if name in self._values else getattr(self._item, name)


def answer(shape: type[Answer], item: object, **values: Any) -> Answer:
    """`shape` validated from the attributes of `item` (a stored model, a service's result) of the
    same names as its fields, and from `values` for the others."""
    return shape.model_validate(_Read(item, values) if values else item, from_attributes=True)


def page_out(shape: type[Answer], page: Page[Item], item_out: Callable[[Item], BaseModel]) -> Answer:
    """A page of a list as `shape` answers it: each item mapped by `item_out`, and the cursor."""
    return shape(items=[item_out(item) for item in page.items], next_cursor=page.next_cursor)


def as_dict(value: object) -> dict[str, Any]:
    """A map attribute as a plain dict: read back, PynamoDB gives a MapAttribute (`as_dict()`);
    freshly written, the dict it was given."""
    to_dict = getattr(value, "as_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    return dict(value) if isinstance(value, Mapping) else {}


def content_out(item: ContentModel, now: datetime) -> schemas.content.ContentOut:
    return answer(
        schemas.content.ContentOut,
        item,
        body=item.body or "",
        messages={k: v for k, v in as_dict(item.messages).items() if v},
        networks=item.networks or [],
        status=rules.effective_status(item.status, item.publish_at, item.expires_at, now),
        stats={
            "shares": item.stats_shares or 0,
            "clicks": item.stats_clicks or 0,
            "unique_clicks": item.stats_unique_clicks or 0,
        },
    )


def member_out(member: MemberModel) -> schemas.members.MemberOut:
    return answer(schemas.members.MemberOut, member)


def group_out(group: GroupModel) -> schemas.orgs.GroupOut:
    return answer(schemas.orgs.GroupOut, group, members=max(int(group.member_count or 0), 0))


def org_out(org: OrgModel) -> schemas.orgs.OrgOut:
    point_rules = {**DEFAULT_POINT_RULES, **as_dict(org.point_rules)}  # rules added since the org was made
    limits = {
        **DEFAULT_LIMITS,
        **(as_dict(org.limits) if org.limits is not None else {}),
    }  # an org made before limits has the defaults
    return answer(
        schemas.orgs.OrgOut,
        org,
        point_rules=point_rules,
        emv=as_dict(org.emv),
        limits=limits,
        follower_limits={
            network: follower_limit(as_dict(org.follower_limits), network)
            for network in DEFAULT_FOLLOWER_LIMITS
        },
        domains=sorted(org.domains or ()),
        allowed_emails=sorted(org.allowed_emails or ()),
    )


def my_org_out(org: OrgModel, groups: list[GroupModel]) -> schemas.orgs.MyOrgOut:
    rules = as_dict(org.point_rules)
    return answer(
        schemas.orgs.MyOrgOut,
        org,
        groups=[answer(schemas.orgs.GroupName, group) for group in groups],
        share_points=point_rule(rules, "share"),
        personalised_bonus=personalised_bonus(rules),
        click_points=point_rule(rules, "click"),
    )


def entry_out(entry: LedgerModel) -> schemas.content.LedgerEntryOut:
    return answer(schemas.content.LedgerEntryOut, entry, ref=as_dict(entry.ref))


def export_out(export: Export) -> schemas.exports.ExportOut:
    """An export being built or built (of the org's shares, or of a member's own data)."""
    record = export.record
    return schemas.exports.ExportOut.model_validate(
        {
            "export_id": record.export_id,
            "status": export.status,
            "from": record.from_day,
            "to": record.to_day,
            "created_at": record.created_at,
            "rows": int(record.rows or 0),
            "error": export.error,
            "url": export.url,
        }
    )


def export_responses(inline: OpenAPIResponse, large: str, poll: str) -> dict[int, OpenAPIResponse]:
    """The answers to a request for an export: 200 `inline` when it is small, else 202 while the
    export (of a `large` range or copy) is built, with the `poll` path in `Location`."""
    location: OpenAPIResponseHeader = {"description": f"Where to poll: {poll}", "schema": {"type": "string"}}
    return {
        200: inline,
        202: {
            "description": f"A large {large} (or `Prefer: respond-async`): the export is being built; poll "
            "Location",
            "headers": {"Location": location},
            "content": {"application/json": {"model": schemas.exports.ExportOut}},
        },
    }


# The answers to polling an export (`export_polled`).
POLL_RESPONSES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "Still pending or building (poll again after Retry-After), failed, or (with "
        "`redirect=false`) ready with its `url`"
    },
    302: {
        "description": "Ready: Location (and `url`) is the file, presigned for 15 minutes",
        "headers": {"Location": {"description": "The file", "schema": {"type": "string"}}},
        "content": {"application/json": {"model": schemas.exports.ExportOut}},
    },
}

# Seconds a client waits before polling an export again (the Retry-After of 202 and of a pending poll).
POLL_SECONDS = 2


def export_accepted(export: Export, location: str, wants_file: bool) -> Response[str]:
    """202 for an export built in the background: where to poll it, and when."""
    headers = {"Location": location, "Retry-After": str(POLL_SECONDS)}
    if wants_file:
        headers["Preference-Applied"] = "respond-async"
    return Response(
        202, "application/json", export_out(export).model_dump_json(by_alias=True), headers=headers
    )


def export_polled(export: Export, redirect: bool) -> Response[schemas.exports.ExportOut]:
    """A poll's answer: a ready file is a 302 to it (or 200 with its `url`), otherwise 200 with
    `Retry-After` unless it failed; never cached."""
    out = export_out(export)
    if redirect and out.status == "ready" and out.url is not None:
        return Response(
            302, "application/json", out, headers={"Location": out.url, "Cache-Control": "no-store"}
        )
    headers = {"Cache-Control": "no-store"}
    if out.status != "failed":
        headers["Retry-After"] = str(POLL_SECONDS)
    return Response(200, "application/json", out, headers=headers)
