"""Infra tier: synthesize each stage once per session (in-process, no bundling) and share the templates.

`synth_template` runs cdk-nag as a validation plugin, so a fixture that returns at all proves the
stage is nag-clean.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from infra.app import synth_template


class TemplateView:
    """Small lookups over a synthesized template: by type, by function handler, through Ref/GetAtt."""

    def __init__(self, template: dict[str, Any]) -> None:
        self.template = template
        self.resources: dict[str, dict[str, Any]] = template["Resources"]

    def of_type(self, cfn_type: str) -> dict[str, dict[str, Any]]:
        return {k: r for k, r in self.resources.items() if r["Type"] == cfn_type}

    def props(self, logical_id: str) -> dict[str, Any]:
        return dict(self.resources[logical_id].get("Properties", {}))

    def function_id(self, name: str) -> str:
        """The logical id of the function whose handler is `advocacy.handlers.<name>.handler`."""
        handler = f"advocacy.handlers.{name}.handler"
        (found,) = [k for k, r in self.of_type("AWS::Lambda::Function").items()
                    if r["Properties"]["Handler"] == handler]  # fmt: skip
        return found

    def env(self, name: str) -> dict[str, Any]:
        return dict(self.props(self.function_id(name))["Environment"]["Variables"])

    def role_statements(self, function_name: str) -> list[dict[str, Any]]:
        """Every statement of every policy attached to the function's role."""
        role_ref = self.props(self.function_id(function_name))["Role"]
        role_id = referenced_ids(role_ref).pop()
        statements: list[dict[str, Any]] = []
        for policy in self.of_type("AWS::IAM::Policy").values():
            roles = {i for r in policy["Properties"].get("Roles", []) for i in referenced_ids(r)}
            if role_id in roles:
                statements.extend(policy["Properties"]["PolicyDocument"]["Statement"])
        return statements

    def outputs(self) -> dict[str, Any]:
        return dict(self.template.get("Outputs", {}))

    @staticmethod
    def refs(value: Any) -> set[str]:
        return referenced_ids(value)

    @staticmethod
    def as_list(value: Any) -> list[Any]:
        return value if isinstance(value, list) else [value]


def referenced_ids(value: Any) -> set[str]:
    """Logical ids referenced anywhere inside `value` (Ref and Fn::GetAtt, however nested)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if "Ref" in value and isinstance(value["Ref"], str) and not value["Ref"].startswith("AWS::"):
            found.add(value["Ref"])
        if "Fn::GetAtt" in value:
            found.add(value["Fn::GetAtt"][0])
        for v in value.values():
            found |= referenced_ids(v)
    elif isinstance(value, list):
        for v in value:
            found |= referenced_ids(v)
    return found


@pytest.fixture(scope="session")
def dev_template() -> dict[str, Any]:
    return synth_template("dev")


@pytest.fixture(scope="session")
def prod_template() -> dict[str, Any]:
    return synth_template("prod")


@pytest.fixture(scope="session")
def dev(dev_template: dict[str, Any]) -> TemplateView:
    return TemplateView(dev_template)


@pytest.fixture(scope="session")
def prod(prod_template: dict[str, Any]) -> TemplateView:
    return TemplateView(prod_template)


@pytest.fixture(scope="session")
def assertions(dev_template: dict[str, Any]) -> Iterator[Any]:
    """aws_cdk.assertions.Template over the dev template, for matcher-style checks."""
    from aws_cdk.assertions import Template

    yield Template.from_json(dev_template)
