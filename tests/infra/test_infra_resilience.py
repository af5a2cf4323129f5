"""Resilience and hardening in the synthesized template: SDK limits inside function timeouts, failed
job runs dead-lettered, CORS for configured origins only, private encrypted buckets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from advocacy.store import clients
from infra.constructs.jobs import MAX_EVENT_AGE

ORIGINS = ["https://app.example.com", "https://admin.example.com"]


def _function_names(dev: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(handler module name, properties) of every function: `advocacy.handlers.<name>.handler`."""
    for fn in dev.of_type("AWS::Lambda::Function").values():
        props = fn["Properties"]
        module = props["Handler"].removeprefix("advocacy.handlers.").removesuffix(".handler")
        yield module, props


def test_every_function_s_sdk_calls_give_up_before_its_timeout(dev: Any) -> None:
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


def test_a_job_run_that_raises_is_retried_then_dead_lettered(dev: Any) -> None:
    """EventBridge's retry policy only covers delivery; a run that raises is Lambda's to retry."""
    jobs = dev.function_id("jobs")
    (config,) = [c["Properties"] for c in dev.of_type("AWS::Lambda::EventInvokeConfig").values()
                 if c["Properties"]["FunctionName"] == {"Ref": jobs}]  # fmt: skip
    assert 1 <= config["MaximumRetryAttempts"] <= 2
    assert config["MaximumEventAgeInSeconds"] == MAX_EVENT_AGE.to_seconds()
    (queue,) = dev.refs(config["DestinationConfig"]["OnFailure"]["Destination"])
    targets = [t for r in dev.of_type("AWS::Events::Rule").values() for t in r["Properties"]["Targets"]]
    assert {q for t in targets for q in dev.refs(t["DeadLetterConfig"]["Arn"])} == {queue}
    sends = [s for s in dev.role_statements("jobs") if "sqs:SendMessage" in dev.as_list(s["Action"])]
    assert [dev.refs(s["Resource"]) for s in sends] == [{queue}]
    alarmed = {i for a in dev.of_type("AWS::CloudWatch::Alarm").values()
               for d in a["Properties"].get("Dimensions", []) for i in dev.refs(d["Value"])}  # fmt: skip
    assert queue in alarmed


@pytest.fixture(scope="module")
def with_origins() -> Any:
    from infra.app import synth_template
    from tests.infra.conftest import TemplateView

    return TemplateView(synth_template("dev", context={"web_origins": ORIGINS}))


def test_cors_allows_exactly_the_configured_origins(with_origins: Any, dev: Any) -> None:
    (api,) = with_origins.of_type("AWS::ApiGatewayV2::Api").values()
    cors = api["Properties"]["CorsConfiguration"]
    assert cors["AllowOrigins"] == ORIGINS
    assert not cors.get("AllowCredentials", False)
    assert "*" not in cors["AllowOrigins"] and "*" not in cors.get("AllowHeaders", [])
    assert "authorization" in cors["AllowHeaders"]
    # The api function's resolver gets the same list (it answers CORS only for those origins too).
    assert with_origins.env("api")["CORS_ORIGINS"] == ",".join(ORIGINS)
    (default_api,) = dev.of_type("AWS::ApiGatewayV2::Api").values()
    assert "CorsConfiguration" not in default_api["Properties"]


def test_every_bucket_is_encrypted_private_and_tls_only(dev: Any) -> None:
    """Export files hold names and emails: encrypted at rest, never public, never over plain HTTP."""
    buckets = dev.of_type("AWS::S3::Bucket")
    assert buckets
    for bucket_id, bucket in buckets.items():
        props = bucket["Properties"]
        (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in {"AES256", "aws:kms"}
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
        }  # fmt: skip
        (policy,) = [p["Properties"]["PolicyDocument"] for p in dev.of_type("AWS::S3::BucketPolicy").values()
                     if dev.refs(p["Properties"]["Bucket"]) == {bucket_id}]  # fmt: skip
        assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
                   for s in policy["Statement"])  # fmt: skip
