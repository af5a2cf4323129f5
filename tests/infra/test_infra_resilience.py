"""Resilience and hardening in the synthesized template: SDK limits inside function timeouts, failed
job runs dead-lettered, CORS for configured origins only, private encrypted buckets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Capture, Match, Template

from advocacy.store import clients
from infra.constructs.jobs import MAX_EVENT_AGE
from tests.support.cfn import (
    ALARM,
    FUNCTION,
    QUEUE,
    RULE,
    as_list,
    assert_function,
    assert_tls_only,
    function_id,
    project_functions,
    refs,
    role_statements,
    synthesized,
    web_origin,
)

ORIGINS = ["https://app.example.com", "https://admin.example.com"]
HTTP_API = "AWS::ApiGatewayV2::Api"


def _function_names(dev: Template) -> Iterator[tuple[str, dict[str, Any]]]:
    """(handler module name, properties) of every function: `advocacy.handlers.<name>.handler`."""
    for fn in project_functions(dev).find_resources(FUNCTION).values():
        props = fn["Properties"]
        module = props["Handler"].removeprefix("advocacy.handlers.").removesuffix(".handler")
        yield module, props


def test_every_function_s_sdk_calls_give_up_before_its_timeout(dev: Template) -> None:
    """A call that keeps failing or hanging ends in the SDK (503, or a failed job Lambda retries),
    never in a function killed mid-request."""
    names = dict(_function_names(dev))
    assert {"api", "redirect", "jobs", "stream"} <= set(names)
    for name, props in names.items():
        limits = clients.limits_for(name)
        assert limits.worst_case_seconds < props["Timeout"], (name, limits, props["Timeout"])
    # The redirect's two calls (read the link, put the click) both fit: the visitor is redirected
    # (or told to retry) before the function times out.
    assert 2 * clients.REDIRECT.worst_case_seconds < names["redirect"]["Timeout"]
    assert clients.DEFAULT.worst_case_seconds < names["api"]["Timeout"] < 29  # HTTP API's own limit
    if "exports" in names:  # the builder's S3 calls (the api function only presigns: no call)
        assert clients.EXPORT_FILES.worst_case_seconds < names["exports"]["Timeout"]


@pytest.mark.parametrize("limits", [clients.DEFAULT, clients.REDIRECT, clients.EXPORT_FILES])
def test_limits_are_standard_mode_with_few_attempts(limits: clients.Limits) -> None:
    config = limits.config()
    assert config.retries == {"mode": "standard", "total_max_attempts": limits.attempts}
    assert 2 <= limits.attempts <= 3
    assert (config.connect_timeout, config.read_timeout) == (limits.connect_timeout, limits.read_timeout)
    # attempts x (connect + read), plus 1 s, 2 s, ... of throttling backoff between them
    assert limits.worst_case_seconds == limits.attempts * (
        limits.connect_timeout + limits.read_timeout
    ) + sum(2**i for i in range(limits.attempts - 1))


def test_a_job_run_that_raises_is_retried_then_dead_lettered(dev: Template) -> None:
    """EventBridge's retry policy only covers delivery; a run that raises is Lambda's to retry."""
    invoke_config = "AWS::Lambda::EventInvokeConfig"
    jobs = {"FunctionName": {"Ref": function_id(dev, "jobs")}}
    dev.resource_properties_count_is(invoke_config, jobs, 1)
    retries, queue = Capture(), Capture()
    dev.has_resource_properties(
        invoke_config,
        {
            **jobs,
            "MaximumRetryAttempts": retries,
            "MaximumEventAgeInSeconds": MAX_EVENT_AGE.to_seconds(),
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [queue, "Arn"]}}},
        },
    )
    assert 1 <= retries.as_number() <= 2
    queue_id = queue.as_string()
    dead_letters = {"DeadLetterConfig": {"Arn": {"Fn::GetAtt": [queue_id, "Arn"]}}}
    dev.all_resources_properties(RULE, {"Targets": [Match.object_like(dead_letters)]})
    sends = [s for s in role_statements(dev, "jobs") if "sqs:SendMessage" in as_list(s["Action"])]
    (autoshare,) = [q for q in dev.find_resources(QUEUE) if q.startswith("AutoShareQueue")]
    assert set().union(*(refs(s["Resource"]) for s in sends)) == {queue_id, autoshare}
    on_queue = {"Value": {"Fn::GetAtt": [queue_id, "QueueName"]}}
    dev.has_resource_properties(ALARM, {"Dimensions": Match.array_with([Match.object_like(on_queue)])})
    assert queue_id in dev.find_resources(QUEUE)


@pytest.fixture(scope="module")
def with_origins(web_dist: Path) -> Template:
    return synthesized("dev", web_dist, web_origins=ORIGINS)


def test_cors_allows_exactly_the_web_app_and_the_configured_origins(
    with_origins: Template, dev: Template
) -> None:
    with_origins.resource_count_is(HTTP_API, 1)
    headers = Capture()
    web = web_origin(with_origins)
    cors = {"AllowOrigins": Match.exact([web, *ORIGINS]), "AllowHeaders": headers}
    with_origins.has_resource_properties(HTTP_API, {"CorsConfiguration": cors})
    credentials = Match.object_like({"AllowCredentials": True})
    with_origins.has_resource_properties(HTTP_API, {"CorsConfiguration": Match.not_(credentials)})
    assert "*" not in headers.as_array()
    assert "authorization" in headers.as_array()
    # The api function's resolver gets the same list (it answers CORS only for those origins too).
    listed = {"Fn::Join": ["", [*web["Fn::Join"][1], "," + ",".join(ORIGINS)]]}
    assert_function(with_origins, "api", {"Environment": {"Variables": {"CORS_ORIGINS": listed}}})
    dev.resource_count_is(HTTP_API, 1)  # without `web_origins`: the web app alone (test_infra_resources)


def test_every_bucket_is_encrypted_private_and_tls_only(dev: Template) -> None:
    """Export files hold names and emails: encrypted at rest, never public, never over plain HTTP."""
    bucket = "AWS::S3::Bucket"
    buckets = dev.find_resources(bucket)
    assert buckets
    encryption = {
        "ServerSideEncryptionByDefault": {"SSEAlgorithm": Match.string_like_regexp("^(AES256|aws:kms)$")}
    }
    dev.all_resources_properties(
        bucket,
        {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [encryption]},
            "PublicAccessBlockConfiguration": Match.object_equals(
                {
                    "BlockPublicAcls": True,
                    "BlockPublicPolicy": True,
                    "IgnorePublicAcls": True,
                    "RestrictPublicBuckets": True,
                }
            ),
        },
    )
    for bucket_id in buckets:
        assert_tls_only(dev, "AWS::S3::BucketPolicy", {"Bucket": {"Ref": bucket_id}})
