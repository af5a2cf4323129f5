"""OpenAPI links: which answer yields the id another operation takes.

A client (and a stateful fuzzer, tests/e2e/test_api_schema.py) learns from them that the
`group_id` in `POST /groups`'s 201 body is the `{group_id}` of `GET`, `PATCH` and `DELETE
/groups/{group_id}`, and so on for every resource, so it can follow real ids instead of guessing.
Each link names its target by the generated `operationId`; a link to an operation or a path
parameter that does not exist fails the document's generation.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


class Link(NamedTuple):
    """`source` ("METHOD /path") answering `status` gives `parameter` of `target` at `pointer` in its body."""

    source: str
    status: str
    target: str
    parameter: str
    pointer: str


def _family(source: str, status: str, parameter: str, targets: list[str]) -> list[Link]:
    """The links from one creating answer, whose body names the id as the targets' parameter does."""
    return [Link(source, status, target, parameter, f"/{parameter}") for target in targets]


LINKS: list[Link] = [
    *_family(
        "POST /content",
        "201",
        "content_id",
        [
            "GET /content/{content_id}",
            "PATCH /content/{content_id}",
            "GET /content/{content_id}/analytics",
            "POST /content/{content_id}/schedule",
            "POST /content/{content_id}/publish",
            "POST /content/{content_id}/archive",
            "POST /content/{content_id}/approve",
            "POST /content/{content_id}/reject",
            "POST /content/{content_id}/shares",
            "POST /content/{content_id}/posts",
        ],
    ),
    *_family(
        "POST /groups",
        "201",
        "group_id",
        ["GET /groups/{group_id}", "PATCH /groups/{group_id}", "DELETE /groups/{group_id}"],
    ),
    *_family(
        "POST /members",
        "201",
        "member_id",
        [
            "GET /members/{member_id}",
            "PATCH /members/{member_id}",
            "POST /members/{member_id}/points",
            "POST /members/{member_id}/erase",
        ],
    ),
    *_family("POST /contests", "201", "contest_id", ["GET /contests/{contest_id}"]),
    *_family(
        "POST /rewards",
        "201",
        "reward_id",
        ["GET /rewards/{reward_id}", "PATCH /rewards/{reward_id}", "POST /rewards/{reward_id}/redemptions"],
    ),
    *_family(
        "POST /rewards/{reward_id}/redemptions",
        "201",
        "redemption_id",
        [
            "GET /redemptions/{redemption_id}",
            "POST /redemptions/{redemption_id}/approve",
            "POST /redemptions/{redemption_id}/reject",
        ],
    ),
    *_family("GET /analytics/export.csv", "202", "export_id", ["GET /analytics/exports/{export_id}"]),
    *_family("POST /me/export", "202", "export_id", ["GET /me/exports/{export_id}"]),
    *_family(
        "POST /suggestions",
        "201",
        "suggestion_id",
        ["POST /suggestions/{suggestion_id}/accept", "POST /suggestions/{suggestion_id}/decline"],
    ),
    # A share's id, from the answer that creates it, to the admin's void of its points.
    *_family("POST /content/{content_id}/shares", "201", "share_id", ["POST /shares/{share_id}/void"]),
    *_family(
        "POST /feed-sources",
        "201",
        "source_id",
        [
            "GET /feed-sources/{source_id}",
            "PATCH /feed-sources/{source_id}",
            "DELETE /feed-sources/{source_id}",
        ],
    ),
]


def _link_name(target: str) -> str:
    """`PATCH /groups/{group_id}` -> `PatchGroupsGroupId` (OpenAPI link names match `^[a-zA-Z0-9.\\-_]+$`)."""
    words = re.split(r"[^A-Za-z0-9]+", target)
    return "".join(word[:1].upper() + word[1:].lower() for word in words if word)


def _operation(document: dict[str, Any], key: str) -> dict[str, Any]:
    method, path = key.split(" ", 1)
    try:
        operation: dict[str, Any] = document["paths"][path][method.lower()]
    except KeyError:
        raise ValueError(f"link to or from {key}, which is not in the document") from None
    return operation


def describe(document: dict[str, Any]) -> None:
    """Adds LINKS to the responses of `document`; a link to an unknown operation or parameter fails."""
    for link in LINKS:
        target = _operation(document, link.target)
        names = {p["name"] for p in target.get("parameters", []) if p.get("in") == "path"}
        if link.parameter not in names:
            raise ValueError(f"{link.target} has no path parameter {link.parameter}")
        source = _operation(document, link.source)
        response = source["responses"].get(link.status)
        if response is None:
            raise ValueError(f"{link.source} documents no {link.status} answer to link from")
        response.setdefault("links", {})[_link_name(link.target)] = {
            "operationId": target["operationId"],
            "parameters": {link.parameter: f"$response.body#{link.pointer}"},
            "description": f"The `{link.parameter}` of this answer is the `{{{link.parameter}}}` of {link.target}.",
        }
