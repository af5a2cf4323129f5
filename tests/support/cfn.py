"""Lookups over an `aws_cdk.assertions.Template` shared by the infra tests, and the one thing the
assertions library does not do: list the logical ids an intrinsic refers to (`refs`).

Everything else goes through `Template` (`find_resources`, `get_resource_id`, `has_resource_properties`
...), `Match` and `Capture`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from aws_cdk.assertions import Capture, Match, Template

from infra.app import synth_template

FUNCTION = "AWS::Lambda::Function"
TABLE = "AWS::DynamoDB::Table"
QUEUE = "AWS::SQS::Queue"
ROUTE = "AWS::ApiGatewayV2::Route"
ALARM = "AWS::CloudWatch::Alarm"
RULE = "AWS::Events::Rule"
MAPPING = "AWS::Lambda::EventSourceMapping"
LAYER = "AWS::Lambda::LayerVersion"
DISTRIBUTION = "AWS::CloudFront::Distribution"

FUNCTION_NAMES = ("api", "redirect", "jobs", "stream", "exports", "poster", "mail")

DENY_PLAIN_HTTP = Match.object_like(
    {"Effect": "Deny", "Condition": Match.object_equals({"Bool": {"aws:SecureTransport": "false"}})}
)
"""A policy statement refusing every request not made over TLS."""

T = TypeVar("T")


# Two people told of alarms, in the infra tier's templates.
ALARM_EMAILS = ["oncall@advocacy.example", "ops@advocacy.example"]


def synthesized(stage: str, web_dist: Path, **context: Any) -> Template:
    """The stage's template (cdk-nag run), deploying the web build at `web_dist`, with more context."""
    return Template.from_json(synth_template(stage, context={"web_dist": str(web_dist), **context}))


def handler(name: str) -> str:
    return f"advocacy.handlers.{name}.handler"


PROJECT_HANDLER = Match.string_like_regexp(r"^advocacy\.handlers\.")
"""The handler of every function of ours (not the deploy-time function CDK adds to upload the web app)."""


def project_functions(t: Template) -> Template:
    """A template of the project's own functions only (`advocacy.handlers.*`), for assertions about
    all of them (`all_resources_properties`, `resource_count_is`, captures): the stack also holds
    CDK's BucketDeployment function, which runs only while deploying the web app."""
    ours = t.find_resources(FUNCTION, {"Properties": {"Handler": PROJECT_HANDLER}})
    return Template.from_json({"Resources": ours}, skip_cyclical_dependencies_check=True)


def web_origin(t: Template) -> dict[str, Any]:
    """`https://<the web app's distribution domain>`, as the template writes it (CORS, CORS_ORIGINS)."""
    (distribution,) = t.find_resources(DISTRIBUTION)
    return {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution, "DomainName"]}]]}


def function_id(t: Template, name: str) -> str:
    """The logical id of the one function whose handler is `advocacy.handlers.<name>.handler`."""
    return t.get_resource_id(FUNCTION, {"Properties": {"Handler": handler(name)}})


def function(t: Template, name: str) -> dict[str, Any]:
    """The properties of that one function."""
    (found,) = t.find_resources(FUNCTION, {"Properties": {"Handler": handler(name)}}).values()
    return dict(found["Properties"])


def assert_function(t: Template, name: str, props: dict[str, Any]) -> None:
    """The one function whose handler is `advocacy.handlers.<name>.handler` has `props`."""
    t.resource_properties_count_is(FUNCTION, {"Handler": handler(name)}, 1)
    t.has_resource_properties(FUNCTION, {"Handler": handler(name), **props})


def env(t: Template, name: str) -> dict[str, Any]:
    return dict(function(t, name)["Environment"]["Variables"])


def properties(t: Template, cfn_type: str, logical_id: str) -> dict[str, Any]:
    """One resource's properties by logical id (`Template` matches by content, not by id)."""
    return dict(t.find_resources(cfn_type)[logical_id].get("Properties", {}))


def captured(capture: Capture, read: Callable[[Capture], T]) -> list[T]:
    """Every value `capture` took, in template order (one per matching resource)."""
    values = [read(capture)]
    while capture.next():
        values.append(read(capture))
    return values


def table_id(t: Template, env_name: str) -> str:
    """The table that every function with `env_name` in its environment names (by `Ref`)."""
    table = Capture()
    having = t.find_resources(
        FUNCTION, {"Properties": {"Environment": {"Variables": {env_name: Match.any_value()}}}}
    )
    naming = t.find_resources(
        FUNCTION, {"Properties": {"Environment": {"Variables": {env_name: {"Ref": table}}}}}
    )
    assert having and set(naming) == set(having), env_name
    found = set(captured(table, Capture.as_string))
    assert len(found) == 1, f"{env_name} names {found}"
    return found.pop()


def role_statements(t: Template, name: str) -> list[dict[str, Any]]:
    """Every statement of every policy attached to the function's role."""
    role = Capture()
    t.has_resource_properties(FUNCTION, {"Handler": handler(name), "Role": {"Fn::GetAtt": [role, "Arn"]}})
    policies = t.find_resources(
        "AWS::IAM::Policy", {"Properties": {"Roles": Match.array_with([{"Ref": role.as_string()}])}}
    )
    return [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]


def public_route_keys(t: Template) -> set[str]:
    """Keys of the routes that need no authorization (`AuthorizationType` absent or `NONE`)."""
    return {
        route["Properties"]["RouteKey"]
        for auth in (Match.absent(), "NONE")
        for route in t.find_resources(ROUTE, {"Properties": {"AuthorizationType": auth}}).values()
    }


def assert_tls_only(t: Template, policy_type: str, target: dict[str, Any]) -> None:
    """Exactly one `policy_type` resource has `target` (e.g. its `Bucket`), and it denies plain HTTP."""
    t.resource_properties_count_is(policy_type, target, 1)
    t.has_resource_properties(
        policy_type, {**target, "PolicyDocument": {"Statement": Match.array_with([DENY_PLAIN_HTTP])}}
    )


def refs(value: Any) -> set[str]:
    """Logical ids referenced anywhere inside `value` (Ref and Fn::GetAtt, however nested).

    Kept by hand: `Match`/`Capture` test a value against a pattern of known shape, but a policy's
    `Resource` is a `GetAtt`, a `Ref`, a `Fn::Join` around either or a list of those, and the
    least-privilege checks compare the sets of resources reached, whatever the shape.
    """
    found: set[str] = set()
    if isinstance(value, dict):
        if "Ref" in value and isinstance(value["Ref"], str) and not value["Ref"].startswith("AWS::"):
            found.add(value["Ref"])
        if "Fn::GetAtt" in value:
            found.add(value["Fn::GetAtt"][0])
        for v in value.values():
            found |= refs(v)
    elif isinstance(value, list):
        for v in value:
            found |= refs(v)
    return found


def as_list(value: Any) -> list[Any]:
    """A policy statement's `Action` or `Resource`: one value or a list of them."""
    return value if isinstance(value, list) else [value]
