"""The guarded fetch may reach loopback only where ALLOW_LOOPBACK_FETCH is set: the local stack
sets it, no deployed function ever does (decision 63)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_no_deployed_function_allows_loopback_fetches(stage: str, request: pytest.FixtureRequest) -> None:
    template: Template = request.getfixturevalue(stage)
    functions = template.find_resources("AWS::Lambda::Function")
    assert functions, "the template has functions"
    for name, resource in functions.items():
        variables = resource["Properties"].get("Environment", {}).get("Variables", {})
        assert "ALLOW_LOOPBACK_FETCH" not in variables, name
    assert "ALLOW_LOOPBACK_FETCH" not in json.dumps(template.to_json())
