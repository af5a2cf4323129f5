"""Resources and their properties in the synthesized dev (and prod) templates."""

from __future__ import annotations

import json
import re
from typing import Any

from infra.constructs.data import TABLES
from infra.constructs.jobs import JOBS

FUNCTION_NAMES = ("api", "redirect", "jobs", "stream", "exports")


def test_one_table_per_spec_on_demand_encrypted_with_pitr(dev: Any) -> None:
    tables = dev.of_type("AWS::DynamoDB::Table")
    assert len(tables) == len(TABLES) == 14
    for table in tables.values():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        assert props["SSESpecification"]["SSEEnabled"] is True
        assert "KMSMasterKeyId" not in props["SSESpecification"]  # AWS-managed key
        assert table["DeletionPolicy"] == "Delete"
        assert not props.get("DeletionProtectionEnabled", False)


def test_prod_retains_and_protects_data(prod: Any) -> None:
    tables = prod.of_type("AWS::DynamoDB::Table")
    assert len(tables) == len(TABLES)
    for table in tables.values():
        assert table["DeletionPolicy"] == "Retain"
        assert table["UpdateReplacePolicy"] == "Retain"
        assert table["Properties"]["DeletionProtectionEnabled"] is True
        assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    (pool,) = prod.of_type("AWS::Cognito::UserPool").values()
    assert pool["DeletionPolicy"] == "Retain"
    assert pool["Properties"]["DeletionProtection"] == "ACTIVE"
    assert all(f["Properties"]["Environment"]["Variables"]["STAGE"] == "prod"
               for f in prod.of_type("AWS::Lambda::Function").values())  # fmt: skip


def test_user_pool_is_admin_only_with_immutable_org_id(dev: Any) -> None:
    (pool,) = dev.of_type("AWS::Cognito::UserPool").values()
    props = pool["Properties"]
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert props["UsernameAttributes"] == ["email"]
    (org_id,) = [a for a in props["Schema"] if a["Name"] == "org_id"]
    assert org_id["AttributeDataType"] == "String"
    assert org_id["Mutable"] is False
    policy = props["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 12
    assert all(
        policy[k] for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")
    )
    assert pool["DeletionPolicy"] == "Delete"


def test_app_client_cannot_write_org_id(dev: Any) -> None:
    (client,) = dev.of_type("AWS::Cognito::UserPoolClient").values()
    props = client["Properties"]
    assert props["GenerateSecret"] is False
    assert set(props["ExplicitAuthFlows"]) >= {
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    }  # fmt: skip
    assert "custom:org_id" in props["ReadAttributes"]
    assert "custom:org_id" not in props["WriteAttributes"]
    assert "email" not in props["WriteAttributes"]
    assert "AllowedOAuthFlows" not in props  # no hosted-UI flows with placeholder callback URLs


def test_http_api_has_cognito_jwt_authorizer(dev: Any) -> None:
    assert len(dev.of_type("AWS::ApiGatewayV2::Api")) == 1
    (authorizer,) = dev.of_type("AWS::ApiGatewayV2::Authorizer").values()
    props = authorizer["Properties"]
    assert props["AuthorizerType"] == "JWT"
    pool_id = next(iter(dev.of_type("AWS::Cognito::UserPool")))
    client_id = next(iter(dev.of_type("AWS::Cognito::UserPoolClient")))
    issuer = json.dumps(props["JwtConfiguration"]["Issuer"])
    assert "https://cognito-idp." in issuer and ".amazonaws.com/" in issuer
    assert dev.refs(props["JwtConfiguration"]["Issuer"]) == {pool_id}
    assert props["JwtConfiguration"]["Audience"] == [{"Ref": client_id}]
    assert props["IdentitySource"] == ["$request.header.Authorization"]


def test_every_route_but_health_and_redirect_requires_the_jwt(dev: Any) -> None:
    (authorizer_id,) = dev.of_type("AWS::ApiGatewayV2::Authorizer")
    public = set()
    for route in dev.of_type("AWS::ApiGatewayV2::Route").values():
        props = route["Properties"]
        if props.get("AuthorizationType", "NONE") == "NONE":
            public.add(props["RouteKey"])
        else:
            assert props["AuthorizationType"] == "JWT", props["RouteKey"]
            assert props["AuthorizerId"] == {"Ref": authorizer_id}
    assert public == {"GET /health", "GET /r/{code}", "HEAD /r/{code}"}


def test_stage_has_json_access_logs_without_ip_and_throttling(dev: Any) -> None:
    (stage,) = dev.of_type("AWS::ApiGatewayV2::Stage").values()
    props = stage["Properties"]
    assert props["StageName"] == "$default"
    assert props["AutoDeploy"] is True
    log_format = json.loads(props["AccessLogSettings"]["Format"])
    assert log_format["requestId"] == "$context.requestId"
    assert "sourceIp" not in props["AccessLogSettings"]["Format"]
    assert dev.refs(props["AccessLogSettings"]["DestinationArn"]) <= set(dev.of_type("AWS::Logs::LogGroup"))
    throttle = props["DefaultRouteSettings"]
    assert throttle["ThrottlingRateLimit"] > 0
    assert throttle["ThrottlingBurstLimit"] > 0


def test_no_cors_without_configured_origins(dev: Any) -> None:
    (api,) = dev.of_type("AWS::ApiGatewayV2::Api").values()
    assert "CorsConfiguration" not in api["Properties"]
    assert dev.env("api")["CORS_ORIGINS"] == ""


def test_arm64_python_functions_share_one_layer_and_code(dev: Any) -> None:
    functions = dev.of_type("AWS::Lambda::Function")
    assert len(functions) == len(FUNCTION_NAMES) == 5
    (layer_id,) = dev.of_type("AWS::Lambda::LayerVersion")
    layer = dev.props(layer_id)
    assert layer["CompatibleArchitectures"] == ["arm64"]
    assert layer["CompatibleRuntimes"] == ["python3.14"]
    code_keys = set()
    for fn in functions.values():
        props = fn["Properties"]
        assert props["Runtime"] == "python3.14"
        assert props["Architectures"] == ["arm64"]
        assert props["Layers"] == [{"Ref": layer_id}]
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        (log_group,) = dev.refs(props["LoggingConfig"]["LogGroup"])
        assert dev.props(log_group)["RetentionInDays"] > 0
        code_keys.add(json.dumps(props["Code"], sort_keys=True))
    assert len(code_keys) == 1
    for name in FUNCTION_NAMES:
        dev.function_id(name)  # exactly one function per handler


def test_function_sizing(dev: Any) -> None:
    redirect = dev.props(dev.function_id("redirect"))
    assert redirect["MemorySize"] == 256
    assert redirect["Timeout"] <= 10
    assert dev.props(dev.function_id("jobs"))["Timeout"] >= 120
    assert dev.props(dev.function_id("api"))["Timeout"] <= 29  # under the HTTP API integration limit
    assert dev.props(dev.function_id("exports"))["Timeout"] == 900  # Lambda's longest: one export run


def test_function_environments(dev: Any) -> None:
    common = {"STAGE", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL"}
    expected = {
        "api": {
            "ORGS_TABLE",
            "MEMBERS_TABLE",
            "LINKS_TABLE",
            "CONTENT_TABLE",
            "SHARES_TABLE",
            "LEDGER_TABLE",
            "SCORES_TABLE",
            "BOARDS_TABLE",
            "REWARDS_TABLE",
            "CONTESTS_TABLE",
            "ANALYTICS_TABLE",
            "IDEMPOTENCY_TABLE",
            "EXPORTS_TABLE",
            "USER_POOL_ID",
            "CORS_ORIGINS",
            "PUBLIC_BASE_URL",
            "EXPORTS_BUCKET",
        },
        "redirect": {"LINKS_TABLE", "CLICKS_TABLE", "CLICK_SECRET_ARN"},
        "jobs": {
            "ORGS_TABLE",
            "MEMBERS_TABLE",
            "CONTENT_TABLE",
            "LEDGER_TABLE",
            "SCORES_TABLE",
            "BOARDS_TABLE",
            "REWARDS_TABLE",
            "CONTESTS_TABLE",
            "DIGEST_SENDER",
        },
        "stream": {
            "ORGS_TABLE",
            "MEMBERS_TABLE",
            "CONTENT_TABLE",
            "SHARES_TABLE",
            "CLICKS_TABLE",
            "LEDGER_TABLE",
            "SCORES_TABLE",
            "ANALYTICS_TABLE",
        },
        "exports": {"SHARES_TABLE", "MEMBERS_TABLE", "CONTENT_TABLE", "EXPORTS_TABLE", "EXPORTS_BUCKET"},
    }
    for name, keys in expected.items():
        env = dev.env(name)
        assert set(env) == common | keys, name
        assert env["STAGE"] == "dev"
        assert env["POWERTOOLS_SERVICE_NAME"] == "advocacy"
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "Advocacy"
        assert env["POWERTOOLS_LOG_LEVEL"] == "INFO"
    pool_id = next(iter(dev.of_type("AWS::Cognito::UserPool")))
    assert dev.env("api")["USER_POOL_ID"] == {"Ref": pool_id}


def _input(rule: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    (target,) = rule["Properties"]["Targets"]
    transformer = target["InputTransformer"]
    sample = {"id": "e-1", "account": "123456789012", "time": "2026-01-01T07:00:00Z", "region": "eu-west-1",
              "resources": ["arn:aws:events:eu-west-1:123456789012:rule/x"]}  # fmt: skip
    text = transformer["InputTemplate"]
    for placeholder, path in transformer["InputPathsMap"].items():
        text = text.replace(f"<{placeholder}>", json.dumps(sample[path.removeprefix("$.")]))
    return target, json.loads(text)


def test_four_schedules_with_retries_dlq_and_job_name(dev: Any) -> None:
    rules = dev.of_type("AWS::Events::Rule")
    assert len(rules) == len(JOBS) == 4
    (queue_id,) = dev.of_type("AWS::SQS::Queue").keys() - {
        q for q in dev.of_type("AWS::SQS::Queue") if q.startswith(("StreamOnFailure", "ExportsOnFailure"))
    }
    jobs_fn = dev.function_id("jobs")
    seen = {}
    for rule in rules.values():
        target, event = _input(rule)
        assert dev.refs(target["Arn"]) == {jobs_fn}
        assert target["RetryPolicy"]["MaximumRetryAttempts"] >= 1
        assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] > 0
        assert dev.refs(target["DeadLetterConfig"]["Arn"]) == {queue_id}
        assert event["detail-type"] == "Scheduled Event"
        assert event["source"] == "aws.events"
        assert event["time"] == "2026-01-01T07:00:00Z"
        assert isinstance(event["resources"], list)
        seen[event["detail"]["job"]] = rule["Properties"]["ScheduleExpression"]
    assert seen == {
        "publish-due": "rate(1 minute)",
        "leaderboards": "rate(15 minutes)",
        "contests": "rate(1 hour)",
        "digest": "cron(0 7 * * ? *)",
    }


def test_dead_letter_queues_are_encrypted_and_tls_only(dev: Any) -> None:
    queues = dev.of_type("AWS::SQS::Queue")
    assert len(queues) == 3  # jobs, stream and export builds
    for queue_id, queue in queues.items():
        assert queue["Properties"]["SqsManagedSseEnabled"] is True
        (policy,) = [p for p in dev.of_type("AWS::SQS::QueuePolicy").values()
                     if dev.refs(p["Properties"]["Queues"]) == {queue_id}]  # fmt: skip
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
                   for s in statements)  # fmt: skip


def _mappings(dev: Any, function: str) -> list[dict[str, Any]]:
    return [m["Properties"] for m in dev.of_type("AWS::Lambda::EventSourceMapping").values()
            if m["Properties"]["FunctionName"] == {"Ref": dev.function_id(function)}]  # fmt: skip


def test_stream_mappings_report_partial_failures_and_dead_letters(dev: Any) -> None:
    mappings = list(dev.of_type("AWS::Lambda::EventSourceMapping").values())
    streamed = {
        k for k, t in dev.of_type("AWS::DynamoDB::Table").items() if "StreamSpecification" in t["Properties"]
    }
    assert {dev.refs(m["Properties"]["EventSourceArn"]).pop() for m in mappings} == streamed
    assert len(_mappings(dev, "stream")) + len(_mappings(dev, "exports")) == len(mappings)
    queues = set()
    for props in _mappings(dev, "stream"):
        assert props["StartingPosition"] == "TRIM_HORIZON"
        assert props["BatchSize"] == 100
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert props["BisectBatchOnFunctionError"] is True
        assert 0 < props["MaximumRetryAttempts"] <= 10
        (queue,) = dev.refs(props["DestinationConfig"]["OnFailure"]["Destination"])
        assert dev.resources[queue]["Type"] == "AWS::SQS::Queue"
        queues.add(queue)
    assert len(queues) == 1


def test_export_builds_take_pending_exports_one_at_a_time_with_bounded_retries(dev: Any) -> None:
    (exports,) = [k for k in dev.of_type("AWS::DynamoDB::Table") if k.startswith("DataExportsTable")]
    table = dev.props(exports)
    assert table["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    (props,) = _mappings(dev, "exports")
    assert dev.refs(props["EventSourceArn"]) == {exports}
    assert props["BatchSize"] == 1
    assert props["StartingPosition"] == "TRIM_HORIZON"
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["BisectBatchOnFunctionError"] is True
    assert props["MaximumRetryAttempts"] == 2  # the builder gives up on a run's third claim
    (queue,) = dev.refs(props["DestinationConfig"]["OnFailure"]["Destination"])
    assert queue.startswith("ExportsOnFailureQueue")
    (criteria,) = props["FilterCriteria"]["Filters"]
    assert json.loads(criteria["Pattern"]) == {
        "eventName": ["INSERT", "MODIFY"],
        "dynamodb": {"NewImage": {"status": {"S": ["pending"]}}},
    }
    (bucket,) = dev.of_type("AWS::S3::Bucket").values()
    (rule,) = bucket["Properties"]["LifecycleConfiguration"]["Rules"]
    assert (rule["ExpirationInDays"], rule["AbortIncompleteMultipartUpload"]) == (
        1,
        {"DaysAfterInitiation": 1},
    )


def test_clicks_stream_sends_only_new_click_events(dev: Any) -> None:
    (clicks,) = [k for k in dev.of_type("AWS::DynamoDB::Table") if k.startswith("DataClicksTable")]
    (mapping,) = [m["Properties"] for m in dev.of_type("AWS::Lambda::EventSourceMapping").values()
                  if dev.refs(m["Properties"]["EventSourceArn"]) == {clicks}]  # fmt: skip
    (criteria,) = mapping["FilterCriteria"]["Filters"]
    pattern = json.loads(criteria["Pattern"])
    assert pattern == {"eventName": ["INSERT"], "dynamodb": {"Keys": {"sk": {"S": [{"prefix": "click#"}]}}}}


def test_alarms_cover_functions_queues_and_api(dev: Any) -> None:
    alarms = list(dev.of_type("AWS::CloudWatch::Alarm").values())
    by_metric: dict[str, set[str]] = {}
    for alarm in alarms:
        props = alarm["Properties"]
        targets = {i for d in props.get("Dimensions", []) for i in dev.refs(d["Value"])}
        by_metric.setdefault(props["MetricName"], set()).update(targets)
    functions = {dev.function_id(n) for n in FUNCTION_NAMES}
    assert by_metric["Errors"] == functions
    assert by_metric["Throttles"] == functions
    assert by_metric["ApproximateNumberOfMessagesVisible"] == set(dev.of_type("AWS::SQS::Queue"))
    assert by_metric["5xx"] == set(dev.of_type("AWS::ApiGatewayV2::Api"))
    assert len(dev.of_type("AWS::CloudWatch::Dashboard")) == 1


def test_an_hour_of_leaderboards_taking_turns_raises_an_alarm(dev: Any) -> None:
    """On the metric the jobs function emits when a run defers orgs (namespace and service from its
    Powertools environment; the job's own dimension), above 0 on four runs in a row."""
    (alarm,) = [a["Properties"] for a in dev.of_type("AWS::CloudWatch::Alarm").values()
                if a["Properties"]["MetricName"] == "LeaderboardOrgsDeferred"]  # fmt: skip
    env = dev.env("jobs")
    assert alarm["Namespace"] == env["POWERTOOLS_METRICS_NAMESPACE"]
    assert {d["Name"]: d["Value"] for d in alarm["Dimensions"]} == {
        "job": "leaderboards",
        "service": env["POWERTOOLS_SERVICE_NAME"],
    }
    assert (alarm["Period"], alarm["EvaluationPeriods"], alarm["Statistic"]) == (900, 4, "Minimum")
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    assert alarm["TreatMissingData"] == "notBreaching"


def test_outputs_for_operators_and_the_local_stack(dev: Any) -> None:
    outputs = dev.outputs()
    assert {"ApiUrl", "UserPoolId", "UserPoolClientId", "Region"} <= set(outputs)
    for spec in TABLES:
        assert re.fullmatch(r"[A-Z][A-Za-z]+TableName", spec.output_name)
        (table_id,) = dev.refs(outputs[spec.output_name]["Value"])
        assert dev.resources[table_id]["Type"] == "AWS::DynamoDB::Table"
    assert {"OrgsTableName", "MembersTableName", "LinksTableName"} <= set(outputs)
