"""Reading the synthesized template: what the local stack reproduces, and intrinsic resolution."""

from __future__ import annotations

import pytest

from local.intrinsics import Resolver
from local.template import TemplateError, parse_template

TEMPLATE = {
    "Resources": {
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
            },
        },
        "Pool": {"Type": "AWS::Cognito::UserPool", "Properties": {"UsernameAttributes": ["email"]}},
        "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Pool"}}},
        "ApiFn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Handler": "advocacy.handlers.api.handler",
                "Timeout": 15,
                "Environment": {"Variables": {"TABLE": {"Ref": "Table"}, "POOL": {"Ref": "Pool"}}},
            },
        },
        "StreamFn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Handler": "advocacy.handlers.stream.handler"},
        },
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"ProtocolType": "HTTP"}},
        "Auth": {
            "Type": "AWS::ApiGatewayV2::Authorizer",
            "Properties": {
                "AuthorizerType": "JWT",
                "JwtConfiguration": {
                    "Audience": [{"Ref": "Client"}],
                    "Issuer": {
                        "Fn::Join": [
                            "",
                            [
                                "https://cognito-idp.",
                                {"Ref": "AWS::Region"},
                                ".amazonaws.com/",
                                {"Ref": "Pool"},
                            ],
                        ]
                    },
                },
            },
        },
        "Integration": {
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {"IntegrationUri": {"Fn::GetAtt": ["ApiFn", "Arn"]}},
        },
        "RouteMe": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {
                "RouteKey": "GET /me",
                "AuthorizationType": "JWT",
                "AuthorizerId": {"Ref": "Auth"},
                "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]},
            },
        },
        "Rule": {
            "Type": "AWS::Events::Rule",
            "Properties": {
                "ScheduleExpression": "rate(1 minute)",
                "Targets": [
                    {"Arn": {"Fn::GetAtt": ["ApiFn", "Arn"]}, "Input": '{"detail": {"job": "publish-due"}}'}
                ],
            },
        },
        "Mapping": {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": {"Fn::GetAtt": ["Table", "StreamArn"]},
                "FunctionName": {"Ref": "StreamFn"},
                "BatchSize": 10,
                "MaximumRetryAttempts": 2,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "StartingPosition": "TRIM_HORIZON",
            },
        },
    }
}


def test_parse_template_finds_what_the_local_stack_reproduces() -> None:
    spec = parse_template(TEMPLATE)
    assert list(spec.tables) == ["Table"]
    assert spec.functions["ApiFn"].timeout_s == 15
    assert spec.function_by_handler("handlers.stream") is spec.functions["StreamFn"]
    (route,) = spec.routes
    assert (route.method, route.path, route.function_id, route.authorizer_id) == (
        "GET",
        "/me",
        "ApiFn",
        "Auth",
    )
    (schedule,) = spec.schedules
    assert (schedule.job, schedule.function_id) == ("publish-due", "ApiFn")
    (mapping,) = spec.stream_mappings
    assert (mapping.table_id, mapping.function_id, mapping.batch_size, mapping.max_retries) == (
        "Table",
        "StreamFn",
        10,
        2,
    )
    assert mapping.report_item_failures and mapping.starting_position == "TRIM_HORIZON"


def test_resolver_gives_the_local_issuer_and_env() -> None:
    spec = parse_template(TEMPLATE)
    resolve = Resolver("us-east-1", {"Table": "local-table", "Pool": "us-east-1_abc", "Client": "c1"}, {})
    assert (
        resolve(spec.authorizers["Auth"].issuer)
        == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"
    )
    assert resolve(spec.functions["ApiFn"].environment) == {"TABLE": "local-table", "POOL": "us-east-1_abc"}
    assert resolve({"Fn::Sub": "${AWS::Region}/${Table}"}) == "us-east-1/local-table"


def test_unresolvable_intrinsics_fail_loudly() -> None:
    resolve = Resolver("us-east-1", {}, {})
    with pytest.raises(TemplateError):
        resolve({"Ref": "Missing"})
    with pytest.raises(TemplateError):
        resolve({"Fn::ImportValue": "x"})


def test_route_without_lambda_integration_is_an_error() -> None:
    broken = {"Resources": {"R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": "GET /x"}}}}
    with pytest.raises(TemplateError):
        parse_template(broken)


def test_an_sqs_event_source_is_a_queue_mapping_and_the_queue_keeps_its_properties() -> None:
    queued = {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 360}},
        "PosterFn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Handler": "advocacy.handlers.poster.handler"},
        },
        "FromQueue": {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": {"Fn::GetAtt": ["Queue", "Arn"]},
                "FunctionName": {"Ref": "PosterFn"},
                "BatchSize": 5,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
            },
        },
    }
    spec = parse_template({"Resources": {**TEMPLATE["Resources"], **queued}})
    (mapping,) = spec.queue_mappings
    assert (mapping.queue_id, mapping.function_id, mapping.batch_size) == ("Queue", "PosterFn", 5)
    assert mapping.report_item_failures and mapping.enabled
    assert spec.queue_props["Queue"] == {"VisibilityTimeout": 360}
    assert len(spec.stream_mappings) == 1  # the table's, not the queue's
