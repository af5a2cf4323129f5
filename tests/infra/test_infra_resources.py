"""Resources and their properties in the synthesized dev (and prod) templates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from aws_cdk.assertions import Capture, Match, Template

from infra.access import TABLE_ACCESS
from infra.constructs.data import TABLES
from infra.constructs.jobs import JOBS
from infra.routes import REDIRECT_ROUTE_KEYS
from tests.support.cfn import (
    ALARM,
    ALARM_EMAILS,
    FUNCTION,
    FUNCTION_NAMES,
    LAYER,
    MAPPING,
    QUEUE,
    ROUTE,
    RULE,
    TABLE,
    assert_function,
    assert_tls_only,
    captured,
    env,
    function,
    function_id,
    project_functions,
    properties,
    public_route_keys,
    refs,
    web_origin,
)

USER_POOL = "AWS::Cognito::UserPool"
USER_POOL_CLIENT = "AWS::Cognito::UserPoolClient"
HTTP_API = "AWS::ApiGatewayV2::Api"
AUTHORIZER = "AWS::ApiGatewayV2::Authorizer"
PITR = {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}


def test_one_table_per_spec_on_demand_encrypted_with_pitr(dev: Template) -> None:
    assert len(TABLES) == 16
    dev.resource_count_is(TABLE, len(TABLES))
    dev.all_resources(
        TABLE,
        {
            "DeletionPolicy": "Delete",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                **PITR,
                "SSESpecification": {"SSEEnabled": True, "KMSMasterKeyId": Match.absent()},  # AWS-managed key
            },
        },
    )
    dev.all_resources(
        TABLE, {"Properties": Match.not_(Match.object_like({"DeletionProtectionEnabled": True}))}
    )


def test_prod_retains_and_protects_data(prod: Template) -> None:
    prod.resource_count_is(TABLE, len(TABLES))
    prod.all_resources(
        TABLE,
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {"DeletionProtectionEnabled": True, **PITR},
        },
    )
    prod.resource_count_is(USER_POOL, 1)
    prod.has_resource(USER_POOL, {"DeletionPolicy": "Retain", "Properties": {"DeletionProtection": "ACTIVE"}})
    project_functions(prod).all_resources_properties(
        FUNCTION, {"Environment": {"Variables": {"STAGE": "prod"}}}
    )


def test_user_pool_is_admin_only_with_immutable_org_id(dev: Template) -> None:
    dev.resource_count_is(USER_POOL, 1)
    org_id = {"Name": "org_id", "AttributeDataType": "String", "Mutable": False}
    schema, min_length = Capture(Match.array_with([Match.object_like(org_id)])), Capture()
    required = ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")
    dev.has_resource(
        USER_POOL,
        {
            "DeletionPolicy": "Delete",
            "Properties": {
                "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
                "UsernameAttributes": ["email"],
                "Schema": schema,
                "Policies": {
                    "PasswordPolicy": {"MinimumLength": min_length, **dict.fromkeys(required, True)}
                },
            },
        },
    )
    assert [a["Name"] for a in schema.as_array()].count("org_id") == 1
    assert min_length.as_number() >= 12


def test_the_pools_mails_are_written_by_the_mail_function_which_links_the_web_app(dev: Template) -> None:
    mail = function_id(dev, "mail")
    dev.has_resource_properties(USER_POOL, {"LambdaConfig": {"CustomMessage": {"Fn::GetAtt": [mail, "Arn"]}}})
    dev.has_resource_properties(
        "AWS::Lambda::Permission",
        {"FunctionName": {"Fn::GetAtt": [mail, "Arn"]}, "Principal": "cognito-idp.amazonaws.com"},
    )
    assert env(dev, "mail")["WEB_URL"] == env(dev, "jobs")["WEB_URL"]
    # Cognito waits 5 seconds for it at most.
    assert function(dev, "mail")["Timeout"] <= 5


def test_app_client_cannot_write_org_id(dev: Template) -> None:
    dev.resource_count_is(USER_POOL_CLIENT, 1)
    flows, write = Capture(), Capture()
    dev.has_resource_properties(
        USER_POOL_CLIENT,
        {
            "GenerateSecret": False,
            "ExplicitAuthFlows": flows,
            "ReadAttributes": Match.array_with(["custom:org_id"]),
            "WriteAttributes": write,
            "AllowedOAuthFlows": Match.absent(),  # no hosted-UI flows with placeholder callback URLs
        },
    )
    # SRP only (and refreshing the session): no plain-password flow in a deployed client.
    assert set(flows.as_array()) == {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert not {"custom:org_id", "email"} & set(write.as_array())


def test_http_api_has_cognito_jwt_authorizer(dev: Template) -> None:
    dev.resource_count_is(HTTP_API, 1)
    dev.resource_count_is(AUTHORIZER, 1)
    pool_id, client_id = dev.get_resource_id(USER_POOL), dev.get_resource_id(USER_POOL_CLIENT)
    issuer = Capture()
    dev.has_resource_properties(
        AUTHORIZER,
        {
            "AuthorizerType": "JWT",
            "JwtConfiguration": {"Issuer": issuer, "Audience": Match.exact([{"Ref": client_id}])},
            "IdentitySource": ["$request.header.Authorization"],
        },
    )
    text = json.dumps(issuer.as_object())
    assert "https://cognito-idp." in text and ".amazonaws.com/" in text
    assert refs(issuer.as_object()) == {pool_id}


def test_every_route_but_health_and_redirect_requires_the_jwt(dev: Template) -> None:
    authorizer = {"Ref": dev.get_resource_id(AUTHORIZER)}
    public = public_route_keys(dev)
    assert public == {"GET /health", "GET /r/{code}", "HEAD /r/{code}"}
    # every other route: the JWT authorizer
    jwt = {"AuthorizationType": "JWT", "AuthorizerId": Match.exact(authorizer)}
    dev.resource_properties_count_is(ROUTE, jwt, len(dev.find_resources(ROUTE)) - len(public))


def test_stage_has_json_access_logs_without_ip_and_throttling(dev: Template) -> None:
    stage = "AWS::ApiGatewayV2::Stage"
    dev.resource_count_is(stage, 1)
    log_format = Capture(Match.serialized_json(Match.object_like({"requestId": "$context.requestId"})))
    destination, rate, burst = Capture(), Capture(), Capture()
    dev.has_resource_properties(
        stage,
        {
            "StageName": "$default",
            "AutoDeploy": True,
            "AccessLogSettings": {"Format": log_format, "DestinationArn": destination},
            "DefaultRouteSettings": {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst},
        },
    )
    assert "sourceIp" not in log_format.as_string()
    assert refs(destination.as_object()) <= set(dev.find_resources("AWS::Logs::LogGroup"))
    assert rate.as_number() > 0
    assert burst.as_number() > 0


def test_short_links_have_their_own_higher_stage_throttle(dev: Template) -> None:
    """One share gone viral is that many visitors: the redirect routes are not held to the API's limit."""
    (stage,) = dev.find_resources("AWS::ApiGatewayV2::Stage").values()
    default = stage["Properties"]["DefaultRouteSettings"]
    routes = stage["Properties"]["RouteSettings"]
    assert set(routes) == set(REDIRECT_ROUTE_KEYS)
    # Deployed after the routes they name (CloudFormation refuses settings of a route not yet there).
    redirects = {
        name for name, route in dev.find_resources("AWS::ApiGatewayV2::Route").items()
        if route["Properties"]["RouteKey"] in REDIRECT_ROUTE_KEYS
    }  # fmt: skip
    assert len(redirects) == len(REDIRECT_ROUTE_KEYS) and redirects <= set(stage.get("DependsOn", ()))
    for limits in routes.values():
        assert limits["ThrottlingRateLimit"] >= 10 * default["ThrottlingRateLimit"]
        assert limits["ThrottlingBurstLimit"] >= limits["ThrottlingRateLimit"]


def test_without_configured_origins_cors_allows_the_web_app_alone(dev: Template) -> None:
    dev.resource_count_is(HTTP_API, 1)
    web = web_origin(dev)
    dev.has_resource_properties(HTTP_API, {"CorsConfiguration": {"AllowOrigins": Match.exact([web])}})
    assert_function(dev, "api", {"Environment": {"Variables": {"CORS_ORIGINS": web}}})


def test_arm64_python_functions_share_one_layer_and_code(dev: Template) -> None:
    assert len(FUNCTION_NAMES) == 7
    ours = project_functions(dev)
    ours.resource_count_is(FUNCTION, len(FUNCTION_NAMES))
    layer_id = dev.get_resource_id(LAYER, {"Properties": {"CompatibleRuntimes": ["python3.14"]}})
    dev.has_resource_properties(
        LAYER, {"CompatibleArchitectures": ["arm64"], "CompatibleRuntimes": ["python3.14"]}
    )
    log_group, code = Capture(), Capture()
    ours.all_resources_properties(
        FUNCTION,
        {
            "Runtime": "python3.14",
            "Architectures": ["arm64"],
            "Layers": Match.exact([{"Ref": layer_id}]),
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": log_group},
            "Code": code,
        },
    )
    for value in captured(log_group, Capture.as_object):
        (group,) = refs(value)
        assert properties(dev, "AWS::Logs::LogGroup", group)["RetentionInDays"] > 0
    assert len({json.dumps(c, sort_keys=True) for c in captured(code, Capture.as_object)}) == 1
    for name in FUNCTION_NAMES:
        function_id(dev, name)  # exactly one function per handler


def test_function_sizing(dev: Template) -> None:
    assert_function(dev, "redirect", {"MemorySize": 256})
    assert function(dev, "redirect")["Timeout"] <= 10
    assert function(dev, "jobs")["Timeout"] >= 120
    assert function(dev, "api")["Timeout"] <= 29  # under the HTTP API integration limit
    assert_function(dev, "exports", {"Timeout": 900})  # Lambda's longest: one export run


def test_function_environments(dev: Template) -> None:
    common = {
        "STAGE": "dev",
        "POWERTOOLS_SERVICE_NAME": "advocacy",
        "POWERTOOLS_METRICS_NAMESPACE": "Advocacy",
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }
    # Connected accounts (infra/constructs/connections.py), both networks configured: the api's and the poster's.
    endpoints = ("SECRET_ARN", "AUTHORIZE_URL", "TOKEN_URL", "USERINFO_URL", "API_BASE")
    connected_accounts = {
        "CONNECTIONS_KEY_ID",
        "OAUTH_STATE_SECRET_ARN",
        "OAUTH_REDIRECT_URL",
        *(f"PROVIDER_LINKEDIN_{n}" for n in endpoints),
        *(f"PROVIDER_X_{n}" for n in (*endpoints, "REVOKE_URL")),
    }
    # Besides its tables (infra/access.py), what each function is configured with.
    settings = {
        "api": {"USER_POOL_ID", "CORS_ORIGINS", "PUBLIC_BASE_URL", "EXPORTS_BUCKET", *connected_accounts},
        "redirect": {"CLICK_SECRET_ARN", "CLICK_RETENTION_DAYS"},
        "jobs": {"DIGEST_SENDER", "WEB_URL", "AUTOSHARE_QUEUE_URL"},
        "stream": set(),
        "exports": {"EXPORTS_BUCKET"},
        "poster": {"AUTOSHARE_QUEUE_URL", "AUTOSHARE_MAX_RECEIVES", "PUBLIC_BASE_URL", *connected_accounts},
    }
    expected = {name: {*TABLE_ACCESS[name], *keys} for name, keys in settings.items()}
    pinned = {"api": {"USER_POOL_ID": Match.exact({"Ref": dev.get_resource_id(USER_POOL)})}}
    for name, keys in expected.items():
        variables = {**dict.fromkeys(keys, Match.any_value()), **common, **pinned.get(name, {})}
        # these names and no others
        assert_function(dev, name, {"Environment": {"Variables": Match.object_equals(variables)}})


def _event(target: Mapping[str, Any]) -> dict[str, Any]:
    """The event a schedule target sends, its input transformer applied to a sample scheduled event."""
    transformer = target["InputTransformer"]
    sample = {
        "id": "e-1",
        "account": "123456789012",
        "time": "2026-01-01T07:00:00Z",
        "region": "eu-west-1",
        "resources": ["arn:aws:events:eu-west-1:123456789012:rule/x"],
    }
    text = transformer["InputTemplate"]
    for placeholder, path in transformer["InputPathsMap"].items():
        text = text.replace(f"<{placeholder}>", json.dumps(sample[path.removeprefix("$.")]))
    return dict(json.loads(text))


def test_eight_schedules_with_retries_dlq_and_job_name(dev: Template) -> None:
    assert len(JOBS) == 8
    dev.resource_count_is(RULE, len(JOBS))
    (queue_id,) = [
        q
        for q in dev.find_resources(QUEUE)
        if not q.startswith(("StreamOnFailure", "ExportsOnFailure", "AutoShare"))
    ]
    target = Capture(
        Match.object_like(
            {
                "Arn": {"Fn::GetAtt": [function_id(dev, "jobs"), "Arn"]},
                "DeadLetterConfig": {"Arn": {"Fn::GetAtt": [queue_id, "Arn"]}},
            }
        )
    )
    schedule = Capture()
    dev.all_resources_properties(RULE, {"Targets": [target], "ScheduleExpression": schedule})
    seen = {}
    for one, expression in zip(
        captured(target, Capture.as_object), captured(schedule, Capture.as_string), strict=True
    ):
        assert one["RetryPolicy"]["MaximumRetryAttempts"] >= 1
        assert one["RetryPolicy"]["MaximumEventAgeInSeconds"] > 0
        event = _event(one)
        assert event["detail-type"] == "Scheduled Event"
        assert event["source"] == "aws.events"
        assert event["time"] == "2026-01-01T07:00:00Z"
        assert isinstance(event["resources"], list)
        seen[event["detail"]["job"]] = expression
    assert seen == {
        "publish-due": "rate(1 minute)",
        "leaderboards": "rate(15 minutes)",
        "contests": "rate(1 hour)",
        "digest": "cron(0 7 * * ? *)",
        "feeds": "rate(15 minutes)",
        "auto-share-plan": "rate(1 minute)",
        "auto-share-dispatch": "rate(1 minute)",
        "rollups": "rate(15 minutes)",
    }


def test_dead_letter_queues_are_encrypted_and_tls_only(dev: Template) -> None:
    dev.resource_count_is(QUEUE, 5)  # jobs, stream, export builds, auto-share's queue and its DLQ
    dev.all_resources_properties(QUEUE, {"SqsManagedSseEnabled": True})
    for queue_id in dev.find_resources(QUEUE):
        assert_tls_only(dev, "AWS::SQS::QueuePolicy", {"Queues": [{"Ref": queue_id}]})


def _mappings(dev: Template, function: str) -> dict[str, Any]:
    return dict(
        dev.find_resources(MAPPING, {"Properties": {"FunctionName": {"Ref": function_id(dev, function)}}})
    )


def test_stream_mappings_report_partial_failures_and_dead_letters(dev: Template) -> None:
    mappings = dev.find_resources(MAPPING)
    streamed = set(dev.find_resources(TABLE, {"Properties": {"StreamSpecification": Match.any_value()}}))
    streams = {k: m for k, m in mappings.items() if k not in _mappings(dev, "poster")}
    assert {refs(m["Properties"]["EventSourceArn"]).pop() for m in streams.values()} == streamed
    stream = _mappings(dev, "stream")
    assert len(stream) + len(_mappings(dev, "exports")) == len(streams)
    retries, queue = Capture(), Capture()
    dev.resource_properties_count_is(
        MAPPING,
        {
            "FunctionName": {"Ref": function_id(dev, "stream")},
            "StartingPosition": "TRIM_HORIZON",
            "BatchSize": 100,
            "ParallelizationFactor": 10,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": retries,
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [queue, "Arn"]}}},
        },
        len(stream),
    )
    assert all(0 < n <= 10 for n in captured(retries, Capture.as_number))
    (queue_id,) = set(captured(queue, Capture.as_string))
    assert queue_id in dev.find_resources(QUEUE)


def test_export_builds_take_pending_exports_one_at_a_time_with_bounded_retries(dev: Template) -> None:
    (exports,) = [k for k in dev.find_resources(TABLE) if k.startswith("DataExportsTable")]
    table = properties(dev, TABLE, exports)
    assert table["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    assert len(_mappings(dev, "exports")) == 1
    pattern = {"eventName": ["INSERT", "MODIFY"], "dynamodb": {"NewImage": {"status": {"S": ["pending"]}}}}
    dev.has_resource_properties(
        MAPPING,
        {
            "FunctionName": {"Ref": function_id(dev, "exports")},
            "EventSourceArn": Match.exact({"Fn::GetAtt": [exports, "StreamArn"]}),
            "BatchSize": 1,
            "StartingPosition": "TRIM_HORIZON",
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": 2,  # the builder gives up on a run's third claim
            "DestinationConfig": {
                "OnFailure": {
                    "Destination": {"Fn::GetAtt": [Match.string_like_regexp("^ExportsOnFailureQueue"), "Arn"]}
                }
            },
            "FilterCriteria": {"Filters": [{"Pattern": Match.serialized_json(Match.object_equals(pattern))}]},
        },
    )
    (bucket,) = refs(env(dev, "exports")["EXPORTS_BUCKET"])  # the web app has buckets of its own
    assert properties(dev, "AWS::S3::Bucket", bucket)["LifecycleConfiguration"] == {
        "Rules": [
            {
                "ExpirationInDays": 1,
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                "Status": "Enabled",
            }
        ]
    }


def test_clicks_stream_sends_only_new_click_events(dev: Template) -> None:
    (clicks,) = [k for k in dev.find_resources(TABLE) if k.startswith("DataClicksTable")]
    pattern = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"sk": {"S": [{"prefix": "click#"}]}}}}
    source = {"EventSourceArn": Match.exact({"Fn::GetAtt": [clicks, "StreamArn"]})}
    dev.resource_properties_count_is(MAPPING, source, 1)
    dev.has_resource_properties(
        MAPPING,
        {
            **source,
            "FilterCriteria": {"Filters": [{"Pattern": Match.serialized_json(Match.object_equals(pattern))}]},
        },
    )


def _alarmed(dev: Template, metric: str) -> set[str]:
    """Logical ids in the dimensions of the alarms on `metric`."""
    alarms = dev.find_resources(ALARM, {"Properties": {"MetricName": metric}}).values()
    return {i for a in alarms for d in a["Properties"].get("Dimensions", []) for i in refs(d["Value"])}


def test_alarms_cover_functions_queues_and_api(dev: Template) -> None:
    functions = {function_id(dev, n) for n in FUNCTION_NAMES}
    assert _alarmed(dev, "Errors") == functions
    assert _alarmed(dev, "Throttles") == functions
    dead_letters = {q for q in dev.find_resources(QUEUE) if not q.startswith("AutoShareQueue")}
    assert _alarmed(dev, "ApproximateNumberOfMessagesVisible") == dead_letters  # the work queue is not
    assert _alarmed(dev, "5xx") == set(dev.find_resources(HTTP_API))
    dev.resource_count_is("AWS::CloudWatch::Dashboard", 1)


def test_every_alarm_tells_the_topic_when_it_fires_and_when_it_clears(dev: Template) -> None:
    topic = {"Ref": dev.get_resource_id("AWS::SNS::Topic")}
    alarms = dev.find_resources(ALARM)
    assert len(alarms) > 20
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [topic]
        assert alarm["Properties"]["OKActions"] == [topic]
    subscribed = dev.find_resources(
        "AWS::SNS::Subscription", {"Properties": {"Protocol": "email", "TopicArn": topic}}
    )
    assert sorted(s["Properties"]["Endpoint"] for s in subscribed.values()) == sorted(ALARM_EMAILS)


@pytest.mark.parametrize("metric_name", ["ClickNotRecorded", "RedirectUnavailable"])
def test_a_click_lost_or_a_link_unread_by_the_redirect_raises_an_alarm(
    dev: Template, metric_name: str
) -> None:
    """The redirect catches these (a visitor still gets a redirect or a page to retry), so no function
    error counts them: their own metric, with the redirect's Powertools namespace and service."""
    redirect = env(dev, "redirect")
    dev.has_resource_properties(
        ALARM,
        {
            "MetricName": metric_name,
            "Namespace": redirect["POWERTOOLS_METRICS_NAMESPACE"],
            "Dimensions": [{"Name": "service", "Value": redirect["POWERTOOLS_SERVICE_NAME"]}],
            "Statistic": "Sum",
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
        },
    )


@pytest.mark.parametrize(
    ("job", "metric_name", "period", "runs"),
    [("leaderboards", "LeaderboardOrgsDeferred", 900, 4), ("rollups", "RollupOrgsDeferred", 900, 4)],
)
def test_an_hour_of_a_job_taking_turns_raises_an_alarm(
    dev: Template, job: str, metric_name: str, period: int, runs: int
) -> None:
    """On the metric the jobs function emits when a run defers orgs (namespace and service from its
    Powertools environment; the job's own dimension), above 0 on every run for an hour."""
    jobs = env(dev, "jobs")
    metric = {"MetricName": metric_name}
    dev.resource_properties_count_is(ALARM, metric, 1)
    dimensions = Capture()
    dev.has_resource_properties(
        ALARM,
        {
            **metric,
            "Namespace": jobs["POWERTOOLS_METRICS_NAMESPACE"],
            "Dimensions": dimensions,
            "Period": period,
            "EvaluationPeriods": runs,
            "Statistic": "Minimum",
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
        },
    )
    assert {d["Name"]: d["Value"] for d in dimensions.as_array()} == {
        "job": job,
        "service": jobs["POWERTOOLS_SERVICE_NAME"],
    }


def test_outputs_for_operators_and_the_local_stack(dev: Template) -> None:
    outputs = dev.find_outputs("*")
    assert {"ApiUrl", "UserPoolId", "UserPoolClientId", "Region"} <= set(outputs)
    tables = dev.find_resources(TABLE)
    for spec in TABLES:
        assert re.fullmatch(r"[A-Z][A-Za-z]+TableName", spec.output_name)
        table = Capture()
        dev.has_output(spec.output_name, {"Value": {"Ref": table}})
        assert table.as_string() in tables
    assert {"OrgsTableName", "MembersTableName", "LinksTableName"} <= set(outputs)


def test_the_poster_consumes_its_encrypted_queue_with_partial_failures_and_a_dead_letter_queue(
    dev: Template, prod: Template
) -> None:
    """The dispatch job's queue: SSE, TLS only, a DLQ after the poster's last allowed delivery, which
    alarms; consumed by the poster alone, reporting partial batch failures, two at a time at most."""
    (queue,) = [q for q in dev.find_resources(QUEUE) if q.startswith("AutoShareQueue")]
    (dlq,) = [q for q in dev.find_resources(QUEUE) if q.startswith("AutoShareDeadLetterQueue")]
    poster = env(dev, "poster")
    props = properties(dev, QUEUE, queue)
    assert props["SqsManagedSseEnabled"] is True
    assert props["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": [dlq, "Arn"]},
        "maxReceiveCount": int(poster["AUTOSHARE_MAX_RECEIVES"]),
    }
    assert props["VisibilityTimeout"] >= 6 * function(dev, "poster")["Timeout"]
    assert refs(poster["AUTOSHARE_QUEUE_URL"]) == refs(env(dev, "jobs")["AUTOSHARE_QUEUE_URL"]) == {queue}
    dev.has_resource_properties(
        MAPPING,
        {
            "FunctionName": {"Ref": function_id(dev, "poster")},
            "EventSourceArn": {"Fn::GetAtt": [queue, "Arn"]},
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "ScalingConfig": {"MaximumConcurrency": 2},
        },
    )
    assert function(prod, "poster")["ReservedConcurrentExecutions"] == 2
    assert {queue, dlq} <= set(dev.find_resources(QUEUE))
    assert dlq in _alarmed(dev, "ApproximateNumberOfMessagesVisible")
