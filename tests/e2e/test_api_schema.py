"""Property-based API testing: every operation of docs/openapi.json, fuzzed against the local stack.

Schemathesis draws requests from the committed OpenAPI document, valid and invalid input alike
(its coverage phase: boundaries, missing and wrong-typed fields, a missing token, other methods;
then a bounded number of random examples), and sends them over HTTP as the first demo org's
admin (public operations without a token). Every response must be no 5xx, carry a documented
status code and content type, and match the schema documented for that status. The run is
derandomized, so CI sends the same requests every time.

Random ids only ever reach a 404, so the detail reads are also called once with the seeded
org's real ids, which checks their documented success bodies.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
SCHEMA = schemathesis.openapi.from_path(DOC)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Random examples per operation, on top of the coverage phase's deterministic cases.
EXAMPLES_PER_OPERATION = 10
# Path parameters the seeded org has values for: the list each id is read from.
SEEDED = {
    "content_id": "/content",
    "group_id": "/groups",
    "member_id": "/members",
    "reward_id": "/rewards",
    "contest_id": "/contests",
    "redemption_id": "/redemptions",
}
DETAIL_READS = sorted(
    path
    for path, operations in SCHEMA.raw_schema["paths"].items()
    if "get" in operations and "{" in path and set(re.findall(r"{(\w+)}", path)) <= {*SEEDED, "period"}
)


def _auth(operation: schemathesis.APIOperation, token: str) -> dict[str, str]:
    """The admin's token, except on public operations (an empty `security`)."""
    return {} if operation.definition.raw.get("security") == [] else {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def admin_token(stack: Stack) -> str:
    admin = stack.user("admin")
    return stack.login(admin["email"], admin["password"])


@pytest.fixture(scope="module")
def seeded_ids(stack: Stack, admin_token: str) -> dict[str, str]:
    """One id of each kind in the seeded org. The content, a reward and its redemption are made
    here, so that the journeys' data (dated ahead with x-local-time, stock run out) is no matter."""
    admin = stack.user("admin")

    def created(path: str, body: Any = None) -> dict[str, Any]:
        response = stack.call("POST", path, admin_token, body)
        assert response.status == 201, response.body
        return dict(response.json())

    content = {"title": "Schema check", "url": "https://example.com/a", "status": "published"}
    reward = created("/rewards", {"name": "Schema check", "cost": 1, "stock": 1})
    created(f"/members/{admin['member_id']}/points", {"points": 1, "reason": "schema check"})
    ids = {
        "period": "week",
        "content_id": created("/content", content)["content_id"],
        "reward_id": reward["reward_id"],
        "redemption_id": created(f"/rewards/{reward['reward_id']}/redemptions")["redemption_id"],
    }
    for name, listing in SEEDED.items():
        if name not in ids:
            page = stack.call("GET", listing, admin_token)
            assert page.status == 200, page.body
            ids[name] = page.json()["items"][0][name]
    return ids


@pytest.mark.parametrize("path", DETAIL_READS)
def test_seeded_resources_read_back_as_documented(
    path: str, stack: Stack, admin_token: str, seeded_ids: dict[str, str]
) -> None:
    operation = SCHEMA[path]["GET"]
    names = re.findall(r"{(\w+)}", path)
    case = operation.Case(path_parameters={name: seeded_ids[name] for name in names})
    response = case.call_and_validate(
        base_url=stack.url, headers=_auth(operation, admin_token), checks=CHECKS, timeout=30
    )
    assert response.status_code == 200, response.text


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, stack: Stack, admin_token: str
) -> None:
    case.call_and_validate(
        base_url=stack.url, headers=_auth(case.operation, admin_token), checks=CHECKS, timeout=30
    )
