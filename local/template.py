"""Read the synthesized CloudFormation template into what the local stack needs, so local = deployed.

Nothing here knows the project's table or route names: tables, functions, routes, the JWT
authorizer, schedules and stream mappings are all discovered from the template (made by
`local.synth`), and the few CloudFormation intrinsics CDK emits are resolved against the local
resources (`local.intrinsics`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ACCOUNT_ID = "123456789012"


class TemplateError(RuntimeError):
    """The template holds something the local stack cannot reproduce faithfully."""


@dataclass(frozen=True)
class TableSpec:
    """An `AWS::DynamoDB::Table`, keyed by its logical id."""

    logical_id: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class FunctionSpec:
    """An `AWS::Lambda::Function`: which handler to import and the environment it expects."""

    logical_id: str
    handler: str
    environment: dict[str, Any]
    timeout_s: int

    @property
    def name(self) -> str:
        """The handler's module, as the console names the function (`advocacy.handlers.api.handler`: api)."""
        parts = self.handler.split(".")
        return parts[-2] if len(parts) > 1 else parts[0]


@dataclass(frozen=True)
class RouteSpec:
    """An `AWS::ApiGatewayV2::Route` resolved to the function its integration calls."""

    route_key: str
    function_id: str
    authorization_type: str
    authorizer_id: str | None
    scopes: tuple[str, ...]

    @property
    def method(self) -> str:
        return self.route_key.split(" ", 1)[0].upper()

    @property
    def path(self) -> str:
        return self.route_key.split(" ", 1)[1] if " " in self.route_key else self.route_key


@dataclass(frozen=True)
class AuthorizerSpec:
    """A JWT authorizer's configuration, still holding intrinsics (resolved once the pool exists)."""

    logical_id: str
    issuer: Any
    audience: list[Any]


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule (EventBridge rule or Scheduler schedule) whose target is a function.

    `target` is the template's target (Input, InputPath or InputTransformer); `render` builds the
    event the function receives for one firing, so the local event is the deployed one.
    """

    logical_id: str
    expression: str
    function_id: str
    target: dict[str, Any]
    enabled: bool

    @property
    def rule_arn(self) -> str:
        return f"arn:aws:events:us-east-1:{ACCOUNT_ID}:rule/advocacy-local-{self.logical_id}"

    def render(self, time: str, event_id: str) -> Any:
        """The payload the function receives when the schedule fires at `time` (ISO-8601 Z)."""
        event = {
            "version": "0",
            "id": event_id,
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": ACCOUNT_ID,
            "time": time,
            "region": "us-east-1",
            "resources": [self.rule_arn],
            "detail": {},
        }
        if "Input" in self.target:
            fixed = json.loads(self.target["Input"])
            if isinstance(fixed, dict) and "time" in fixed:
                fixed["time"] = time  # a fixed input shaped like the event carries this firing's time
            return fixed
        if "InputPath" in self.target:
            return _json_path(event, self.target["InputPath"])
        if "InputTransformer" in self.target:
            return _transform(event, self.target["InputTransformer"], self.rule_arn)
        return event

    @property
    def job(self) -> str | None:
        """`detail.job` of the event this schedule sends (the job's name)."""
        rendered = self.render("1970-01-01T00:00:00Z", "00000000-0000-0000-0000-000000000000")
        detail = rendered.get("detail") if isinstance(rendered, dict) else None
        job = detail.get("job") if isinstance(detail, dict) else None
        return job if isinstance(job, str) else None


def _json_path(event: Any, path: str) -> Any:
    """The `$.a.b` JSONPath subset EventBridge input paths use."""
    value = event
    for part in [p for p in path.lstrip("$").split(".") if p]:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _transform(event: dict[str, Any], transformer: dict[str, Any], rule_arn: str) -> Any:
    """Apply an EventBridge InputTransformer: quoted placeholders take the raw text, bare ones JSON."""
    values: dict[str, Any] = {
        name: _json_path(event, path) for name, path in transformer.get("InputPathsMap", {}).items()
    }
    values.update(
        {
            "aws.events.rule-arn": rule_arn,
            "aws.events.rule-name": rule_arn.rsplit("/", 1)[1],
            "aws.events.event.ingestion-time": event["time"],
            "aws.events.event.json": event,
        }
    )
    text = str(transformer["InputTemplate"])
    for name, value in values.items():
        quoted = json.dumps(value if isinstance(value, str) else json.dumps(value))
        text = text.replace(f'"<{name}>"', quoted)
        text = text.replace(f"<{name}>", json.dumps(value))
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class StreamMappingSpec:
    """An `AWS::Lambda::EventSourceMapping` from a table's stream to a function."""

    logical_id: str
    table_id: str
    function_id: str
    batch_size: int
    max_retries: int
    bisect_on_error: bool
    report_item_failures: bool
    starting_position: str
    enabled: bool
    filters: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class QueueMappingSpec:
    """An `AWS::Lambda::EventSourceMapping` from an SQS queue to a function (local/queues.py)."""

    logical_id: str
    queue_id: str
    function_id: str
    batch_size: int
    report_item_failures: bool
    enabled: bool


@dataclass(frozen=True)
class AsyncInvokeSpec:
    """An `AWS::Lambda::EventInvokeConfig`: how Lambda retries an asynchronous invocation (such as a
    schedule's) that raised, and where it sends the event when the retries are used up."""

    function_id: str
    max_retries: int = 2  # Lambda's default when a function has no such config
    on_failure: str | None = None  # logical id of the destination (a queue, a topic, ...)


@dataclass
class StackSpec:
    """Everything the local stack reproduces, in template terms."""

    tables: dict[str, TableSpec] = field(default_factory=dict)
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    routes: list[RouteSpec] = field(default_factory=list)
    authorizers: dict[str, AuthorizerSpec] = field(default_factory=dict)
    user_pools: dict[str, dict[str, Any]] = field(default_factory=dict)
    user_pool_clients: dict[str, dict[str, Any]] = field(default_factory=dict)
    schedules: list[ScheduleSpec] = field(default_factory=list)
    stream_mappings: list[StreamMappingSpec] = field(default_factory=list)
    queue_mappings: list[QueueMappingSpec] = field(default_factory=list)
    queue_props: dict[str, dict[str, Any]] = field(default_factory=dict)  # by queue logical id
    async_invoke: dict[str, AsyncInvokeSpec] = field(default_factory=dict)  # by function logical id
    cors: dict[str, Any] = field(default_factory=dict)
    apis: list[str] = field(default_factory=list)
    queues: list[str] = field(default_factory=list)
    secrets: dict[str, dict[str, Any]] = field(default_factory=dict)
    buckets: list[str] = field(default_factory=list)
    distributions: list[str] = field(default_factory=list)  # CloudFront: the web app's origin
    resource_types: dict[str, str] = field(default_factory=dict)

    def function_by_handler(self, suffix: str) -> FunctionSpec | None:
        """The function whose handler module ends with `suffix` (e.g. "handlers.jobs")."""
        for fn in self.functions.values():
            module = fn.handler.rsplit(".", 1)[0]
            if module.endswith(suffix):
                return fn
        return None


def _ref_id(value: Any) -> str | None:
    """The logical id a `{"Ref": id}` or `{"Fn::GetAtt": [id, ...]}` points at, else None."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            att = value["Fn::GetAtt"]
            return str(att[0] if isinstance(att, list) else att.split(".", 1)[0])
    return None


def _find_ref(value: Any, resources: Mapping[str, Any], types: tuple[str, ...]) -> str | None:
    """The first logical id of one of `types` referenced anywhere inside `value` (Joins included)."""
    rid = _ref_id(value)
    if rid is not None and resources.get(rid, {}).get("Type") in types:
        return rid
    if isinstance(value, dict):
        items: list[Any] = list(value.values())
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = _find_ref(item, resources, types)
        if found:
            return found
    return None


_FUNCTION = ("AWS::Lambda::Function",)
_TABLE = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")


def _parse_resource(spec: StackSpec, lid: str, rtype: str, props: dict[str, Any]) -> None:
    """First pass: resources that stand alone."""
    if rtype in _TABLE:
        spec.tables[lid] = TableSpec(lid, props)
    elif rtype == "AWS::Lambda::Function":
        env = props.get("Environment", {}).get("Variables", {})
        spec.functions[lid] = FunctionSpec(lid, props["Handler"], env, int(props.get("Timeout", 3)))
    elif rtype == "AWS::Cognito::UserPool":
        spec.user_pools[lid] = props
    elif rtype == "AWS::Cognito::UserPoolClient":
        spec.user_pool_clients[lid] = props
    elif rtype == "AWS::ApiGatewayV2::Api":
        spec.apis.append(lid)
        spec.cors = props.get("CorsConfiguration", {}) or {}
    elif rtype == "AWS::SQS::Queue":
        spec.queues.append(lid)
        spec.queue_props[lid] = props
    elif rtype == "AWS::SecretsManager::Secret":
        spec.secrets[lid] = props
    elif rtype == "AWS::S3::Bucket":
        spec.buckets.append(lid)
    elif rtype == "AWS::CloudFront::Distribution":
        spec.distributions.append(lid)
    elif rtype == "AWS::ApiGatewayV2::Authorizer" and props.get("AuthorizerType") == "JWT":
        jwt_conf = props.get("JwtConfiguration", {})
        spec.authorizers[lid] = AuthorizerSpec(lid, jwt_conf.get("Issuer"), jwt_conf.get("Audience", []))


def _route(lid: str, props: dict[str, Any], resources: Mapping[str, Any]) -> RouteSpec:
    integration = _find_ref(props.get("Target"), resources, ("AWS::ApiGatewayV2::Integration",))
    uri = resources[integration]["Properties"].get("IntegrationUri") if integration else None
    function_id = _find_ref(uri, resources, _FUNCTION)
    if function_id is None:
        raise TemplateError(f"route {props.get('RouteKey')} ({lid}) has no Lambda integration")
    return RouteSpec(
        route_key=props["RouteKey"],
        function_id=function_id,
        authorization_type=props.get("AuthorizationType", "NONE"),
        authorizer_id=_ref_id(props.get("AuthorizerId")),
        scopes=tuple(props.get("AuthorizationScopes", [])),
    )


def _schedules(
    lid: str, rtype: str, props: dict[str, Any], resources: Mapping[str, Any]
) -> list[ScheduleSpec]:
    """An EventBridge rule's (or Scheduler schedule's) targets that are functions."""
    if not props.get("ScheduleExpression"):
        return []
    targets = props.get("Targets", []) if rtype == "AWS::Events::Rule" else [props.get("Target", {})]
    found = []
    for target in targets:
        fn = _find_ref(target.get("Arn"), resources, _FUNCTION)
        if fn:
            enabled = props.get("State", "ENABLED") == "ENABLED"
            found.append(ScheduleSpec(lid, props["ScheduleExpression"], fn, target, enabled))
    return found


def _stream_mapping(
    lid: str, props: dict[str, Any], resources: Mapping[str, Any]
) -> StreamMappingSpec | None:
    table = _find_ref(props.get("EventSourceArn"), resources, _TABLE)
    fn = _find_ref(props.get("FunctionName"), resources, _FUNCTION)
    if table is None or fn is None:
        return None  # not a DynamoDB stream mapping (e.g. SQS): nothing to emulate locally
    return StreamMappingSpec(
        logical_id=lid,
        table_id=table,
        function_id=fn,
        batch_size=int(props.get("BatchSize", 100)),
        max_retries=int(props.get("MaximumRetryAttempts", -1)),
        bisect_on_error=bool(props.get("BisectBatchOnFunctionError", False)),
        report_item_failures="ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
        starting_position=str(props.get("StartingPosition", "LATEST")),
        enabled=bool(props.get("Enabled", True)),
        filters=tuple(
            json.loads(f["Pattern"])
            for f in props.get("FilterCriteria", {}).get("Filters", [])
            if f.get("Pattern")
        ),
    )


def _queue_mapping(lid: str, props: dict[str, Any], resources: Mapping[str, Any]) -> QueueMappingSpec | None:
    queue = _find_ref(props.get("EventSourceArn"), resources, ("AWS::SQS::Queue",))
    fn = _find_ref(props.get("FunctionName"), resources, _FUNCTION)
    if queue is None or fn is None:
        return None
    return QueueMappingSpec(
        logical_id=lid,
        queue_id=queue,
        function_id=fn,
        batch_size=int(props.get("BatchSize", 10)),
        report_item_failures="ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
        enabled=bool(props.get("Enabled", True)),
    )


def _async_invoke(props: dict[str, Any], resources: Mapping[str, Any]) -> AsyncInvokeSpec | None:
    fn = _find_ref(props.get("FunctionName"), resources, _FUNCTION)
    if fn is None:
        return None
    destination = props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
    return AsyncInvokeSpec(
        function_id=fn,
        max_retries=int(props.get("MaximumRetryAttempts", 2)),
        on_failure=_ref_id(destination) if destination is not None else None,
    )


def parse_template(template: Mapping[str, Any]) -> StackSpec:
    """Pick out of the template the resources the local stack emulates."""
    resources: Mapping[str, Any] = template.get("Resources", {})
    spec = StackSpec()
    for lid, res in resources.items():
        rtype, props = res.get("Type"), res.get("Properties", {})
        spec.resource_types[lid] = rtype
        _parse_resource(spec, lid, rtype, props)
        if rtype == "AWS::ApiGatewayV2::Route":
            spec.routes.append(_route(lid, props, resources))
        elif rtype in ("AWS::Events::Rule", "AWS::Scheduler::Schedule"):
            spec.schedules.extend(_schedules(lid, rtype, props, resources))
        elif rtype == "AWS::Lambda::EventSourceMapping":
            mapping = _stream_mapping(lid, props, resources)
            if mapping is not None:
                spec.stream_mappings.append(mapping)
            queued = _queue_mapping(lid, props, resources)
            if queued is not None:
                spec.queue_mappings.append(queued)
        elif rtype == "AWS::Lambda::EventInvokeConfig":
            invoke = _async_invoke(props, resources)
            if invoke is not None:
                spec.async_invoke[invoke.function_id] = invoke
    for lid in _deploy_time_functions(resources):
        spec.functions.pop(lid, None)
    spec.routes.sort(key=lambda r: r.route_key)
    return spec


def _deploy_time_functions(resources: Mapping[str, Any]) -> set[str]:
    """Functions behind custom resources (CDK's BucketDeployment, ...): CloudFormation calls them
    while deploying, the running system never does, so the local stack does not import them."""
    found = set()
    for res in resources.values():
        rtype = str(res.get("Type", ""))
        if rtype.startswith("Custom::") or rtype == "AWS::CloudFormation::CustomResource":
            fn = _find_ref(res.get("Properties", {}).get("ServiceToken"), resources, _FUNCTION)
            if fn:
                found.add(fn)
    return found
