"""What the OpenAPI document says of each operation, for the clients generated from it: a stable
camelCase `operationId` of one verb-noun scheme, a summary, a description with the operation's rules
(its role, its limits, whether it honours `Idempotency-Key`, the errors it answers, by docs/api.md's
codes), one tag per resource; and docs/api.md's route table lists the same operations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from advocacy.api.app import openapi_document
from advocacy.api.deps import PUBLIC, ROLE_EXTENSION
from advocacy.api.idempotency import HEADER

ROOT = Path(__file__).resolve().parents[2]
API_MD = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
DOCUMENT = openapi_document()
OPERATIONS = [
    (f"{method.upper()} {path}", operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
# The verbs of operation ids, by the method they may go with.
VERBS = {
    "GET": {"get", "list", "export"},
    "PATCH": {"update"},
    "PUT": {"set"},  # a resource replaced whole
    "DELETE": {"delete"},
    "POST": {
        "create",
        "invite",
        "adjust",
        "schedule",
        "publish",
        "archive",
        "share",
        "redeem",
        "approve",
        "reject",
        "accept",
        "decline",
        "preview",
        "connect",
        "complete",
        "void",
        "erase",
        "export",
    },
}
# Paged reads named for a resource of their own rather than a list of items.
PAGED_RESOURCES = {"getFeed"}
OPERATION_ID = re.compile(r"^(?P<verb>[a-z]+)(?:[A-Z][a-z]*)+$")
TAGS = {
    "service", "me", "org", "members", "groups", "content", "sharing", "leaderboards", "contests",
    "analytics", "rewards", "suggestions", "feeds", "connections",
}  # fmt: skip
ROLES_ABOVE_MEMBER = {"manager", "admin"}
# docs/api.md's error table: `| 409 | \`out_of_stock\` | ...`
ERROR_CODES = {
    (status, code) for status, code in re.findall(r"^\| (\d{3}) \| `([a-z_]+)` \|", API_MD, re.MULTILINE)
}
ERROR = re.compile(r"(\d{3}) `([a-z_]+)`")


def _line(description: str, label: str) -> str:
    lines = [line for line in description.splitlines() if line.startswith(f"- {label}: ")]
    assert len(lines) == 1, f"one `- {label}:` line, found {len(lines)}"
    return lines[0]


def test_operation_ids_are_camel_case_verb_nouns_of_one_scheme() -> None:
    ids = [operation["operationId"] for _, operation in OPERATIONS]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    for key, operation in OPERATIONS:
        method = key.split(" ", 1)[0]
        match = OPERATION_ID.match(operation["operationId"])
        assert match, f"{key}: {operation['operationId']} is not camelCase verbNoun"
        assert match["verb"] in VERBS[method], f"{key}: {match['verb']} is not a verb of {method}"
        paged = any(p["name"] == "cursor" for p in operation.get("parameters", []))
        if match["verb"] == "list":
            assert paged, f"{key}: `list...` names a paged list"
        elif paged:  # the feed is one resource of its own, read in pages (the brief's `getFeed`)
            assert operation["operationId"] in PAGED_RESOURCES, f"{key}: a paged list is `list...`"


@pytest.mark.parametrize(("key", "operation"), OPERATIONS, ids=[key for key, _ in OPERATIONS])
def test_every_operation_states_its_rules(key: str, operation: dict[str, Any]) -> None:
    assert operation["summary"] and operation["summary"] != key
    assert len(operation.get("tags", [])) == 1 and operation["tags"][0] in TAGS
    description: str = operation.get("description", "")
    role = operation[ROLE_EXTENSION]

    role_line = _line(description, "Role")
    assert ("public (no token)" if role == PUBLIC else f"`{role}`") in role_line

    idempotency = _line(description, "Idempotency")
    keyed = any(p["name"] == HEADER and p["in"] == "header" for p in operation.get("parameters", []))
    assert (f"honours `{HEADER}`" in idempotency) == keyed, idempotency

    errors = _line(description, "Errors")
    listed = set(ERROR.findall(errors))
    assert listed <= ERROR_CODES, f"codes docs/api.md does not list: {listed - ERROR_CODES}"
    assert {status for status, _ in listed} <= operation["responses"].keys()
    assert (("401", "unauthorized") in listed) == (role != PUBLIC)
    assert (("403", "forbidden") in listed) == (role in ROLES_ABOVE_MEMBER)
    path_ids = [p for p in operation.get("parameters", []) if p["in"] == "path" and p["name"] != "period"]
    if path_ids:
        assert ("404", "not_found") in listed or ("422", "validation_error") in listed


def test_the_route_table_of_api_md_lists_every_operation_with_its_id_and_role() -> None:
    """`| \\`GET /feed\\` | \\`getFeed\\` | member | ...` in docs/api.md, for each operation."""
    rows = re.findall(r"^\| `([A-Z]+ [^`]+)` \| `(\w+)` \| (\w+) \|", API_MD, re.MULTILINE)
    documented = {(key, operation["operationId"], operation[ROLE_EXTENSION]) for key, operation in OPERATIONS}
    assert set(rows) == documented
