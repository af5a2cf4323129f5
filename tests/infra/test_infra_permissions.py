"""Least privilege: each function's role reaches only the resources it uses."""

from __future__ import annotations

import json
from typing import Any

from infra.constructs.functions import COGNITO_ADMIN_ACTIONS

FUNCTIONS = ("api", "redirect", "jobs", "stream", "exports")


def _tables(dev: Any) -> dict[str, str]:
    """ORGS_TABLE, MEMBERS_TABLE, ... -> table logical id, as the functions' environments name them."""
    return {
        k: dev.refs(v).pop() for name in FUNCTIONS for k, v in dev.env(name).items() if k.endswith("_TABLE")
    }


def _read(dev: Any, statements: list[dict[str, Any]]) -> set[str]:
    """Logical ids of resources the statements allow reading items of."""
    found: set[str] = set()
    for s in statements:
        if any(
            a.split(":")[1].startswith(("Get", "BatchGet", "Query", "Scan")) for a in dev.as_list(s["Action"])
        ):
            found |= dev.refs(s["Resource"])
    return found


def _touched(dev: Any, statements: list[dict[str, Any]], write: bool = False) -> set[str]:
    """Logical ids of resources the statements allow (only write actions, if `write`)."""
    found: set[str] = set()
    for s in statements:
        actions = dev.as_list(s["Action"])
        if write and not any(
            a.split(":")[1].startswith(("Put", "Update", "Delete", "BatchWrite")) for a in actions
        ):
            continue
        found |= dev.refs(s["Resource"])
    return found


def _log_group(dev: Any, name: str) -> str:
    return dev.refs(dev.props(dev.function_id(name))["LoggingConfig"]["LogGroup"]).pop()


def test_redirect_reads_links_and_writes_clicks_only(dev: Any) -> None:
    """The public function cannot touch content, members, rewards or the ledger."""
    tables = _tables(dev)
    statements = dev.role_statements("redirect")
    (secret,) = dev.of_type("AWS::SecretsManager::Secret")
    touched = _touched(dev, statements) - {_log_group(dev, "redirect")}
    assert touched == {tables["LINKS_TABLE"], tables["CLICKS_TABLE"], secret}
    assert _touched(dev, statements, write=True) - {_log_group(dev, "redirect")} == {tables["CLICKS_TABLE"]}
    secret_actions = {
        a for s in statements if dev.refs(s["Resource"]) == {secret} for a in dev.as_list(s["Action"])
    }
    assert secret_actions == {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
    assert _read(dev, statements) - {secret} == {tables["LINKS_TABLE"]}
    assert not any(a.startswith("cognito-idp:") for s in statements for a in dev.as_list(s["Action"]))


def test_api_cognito_actions_are_scoped_to_the_pool(dev: Any) -> None:
    pool_id = next(iter(dev.of_type("AWS::Cognito::UserPool")))
    cognito = [s for s in dev.role_statements("api")
               if any(a.startswith("cognito-idp:") for a in dev.as_list(s["Action"]))]  # fmt: skip
    assert cognito, "the api function manages Cognito users"
    for statement in cognito:
        assert statement["Resource"] == {"Fn::GetAtt": [pool_id, "Arn"]}
    actions = {a for s in cognito for a in dev.as_list(s["Action"])}
    assert actions == set(COGNITO_ADMIN_ACTIONS)


def test_table_access_per_function(dev: Any) -> None:
    t = _tables(dev)
    orgs, members, links = t["ORGS_TABLE"], t["MEMBERS_TABLE"], t["LINKS_TABLE"]
    content, shares, clicks, ledger = (
        t["CONTENT_TABLE"],
        t["SHARES_TABLE"],
        t["CLICKS_TABLE"],
        t["LEDGER_TABLE"],
    )
    rollups, records, exports = t["ANALYTICS_TABLE"], t["IDEMPOTENCY_TABLE"], t["EXPORTS_TABLE"]
    scores, boards, rewards, contests = (
        t["SCORES_TABLE"],
        t["BOARDS_TABLE"],
        t["REWARDS_TABLE"],
        t["CONTESTS_TABLE"],
    )
    api_writes = {orgs, members, links, content, shares, ledger, scores, rewards, contests, rollups, records}
    api_writes.add(exports)
    expectations = {  # function -> (tables it may touch, tables it may write)
        "api": (api_writes | {boards}, api_writes),
        "jobs": (
            {orgs, members, content, ledger, scores, boards, rewards, contests},
            {orgs, members, content, ledger, scores, boards, rewards, contests},
        ),
        "stream": (
            {orgs, members, content, shares, clicks, ledger, scores, rollups},
            {members, content, shares, clicks, ledger, scores, rollups},
        ),
        "redirect": ({links, clicks}, {clicks}),
        "exports": ({shares, members, content, exports}, {exports}),
    }
    all_tables = set(t.values())
    for name, (reads, writes) in expectations.items():
        statements = dev.role_statements(name)
        assert _touched(dev, statements) & all_tables == reads, name
        assert _touched(dev, statements, write=True) & all_tables == writes, name


def test_roles_have_no_managed_policies_and_log_only_to_their_group(dev: Any) -> None:
    for role in dev.of_type("AWS::IAM::Role").values():
        assert "ManagedPolicyArns" not in role["Properties"]
    for name in FUNCTIONS:
        log_statements = [s for s in dev.role_statements(name)
                          if any(a.startswith("logs:") for a in dev.as_list(s["Action"]))]  # fmt: skip
        assert log_statements
        for statement in log_statements:
            assert dev.refs(statement["Resource"]) == {_log_group(dev, name)}


def test_only_list_streams_uses_a_wildcard_resource(dev: Any) -> None:
    for policy in dev.of_type("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if "*" in dev.as_list(statement["Resource"]):
                assert dev.as_list(statement["Action"]) == ["dynamodb:ListStreams"]


def test_stream_function_reads_the_orgs_and_clicks_streams(dev: Any) -> None:
    t = _tables(dev)
    streams = [{"Fn::GetAtt": [t[env], "StreamArn"]} for env in ("CLICKS_TABLE", "ORGS_TABLE")]
    (statement,) = [s for s in dev.role_statements("stream")
                    if sorted(dev.as_list(s["Resource"]), key=str) == sorted(streams, key=str)]  # fmt: skip
    assert set(dev.as_list(statement["Action"])) == {
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
    }  # fmt: skip


def test_invoke_permissions_are_scoped_to_their_source(dev: Any) -> None:
    (api_id,) = dev.of_type("AWS::ApiGatewayV2::Api")
    for permission in dev.of_type("AWS::Lambda::Permission").values():
        props = permission["Properties"]
        assert props["Action"] == "lambda:InvokeFunction"
        assert "SourceArn" in props
        if props["Principal"] == "apigateway.amazonaws.com":
            assert api_id in dev.refs(props["SourceArn"])
        else:
            assert props["Principal"] == "events.amazonaws.com"
            (rule,) = dev.refs(props["SourceArn"])
            assert dev.resources[rule]["Type"] == "AWS::Events::Rule"


def test_only_the_jobs_function_sends_mail_and_only_as_the_digest_sender(dev: Any) -> None:
    for name in ("api", "redirect", "stream", "exports"):
        assert not any(
            a.startswith("ses:") for s in dev.role_statements(name) for a in dev.as_list(s["Action"])
        )
    (statement,) = [
        s for s in dev.role_statements("jobs") if any(a.startswith("ses:") for a in dev.as_list(s["Action"]))
    ]
    assert dev.as_list(statement["Action"]) == ["ses:SendEmail"]
    resource = json.dumps(statement["Resource"])
    assert ":identity/advocacy.example" in resource
    assert dev.env("jobs")["DIGEST_SENDER"] == "digest@advocacy.example"


def test_the_api_function_may_do_what_powertools_does_with_idempotency_records(dev: Any) -> None:
    records = _tables(dev)["IDEMPOTENCY_TABLE"]
    actions = {
        a
        for s in dev.role_statements("api")
        if records in dev.refs(s["Resource"])
        for a in dev.as_list(s["Action"])
    }
    # save_inprogress (conditional put), get_record, save_success (update), delete_record
    assert {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"} <= actions


def _bucket_statements(dev: Any, name: str) -> list[dict[str, Any]]:
    (bucket,) = dev.of_type("AWS::S3::Bucket")
    return [s for s in dev.role_statements(name) if bucket in dev.refs(s["Resource"])]


def test_only_the_exports_function_writes_export_files_and_the_api_only_reads_them(dev: Any) -> None:
    for name, actions in {
        "api": {"s3:GetObject"},
        "exports": {"s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:GetObject"},
    }.items():
        (statement,) = _bucket_statements(dev, name)
        assert set(dev.as_list(statement["Action"])) == actions, name
        (resource,) = dev.as_list(statement["Resource"])
        assert json.dumps(resource).endswith('"/exports/*"]]}'), resource  # objects below exports/ only
    for name in ("redirect", "jobs", "stream"):
        assert not _bucket_statements(dev, name)
        assert not any(
            a.startswith("s3:") for s in dev.role_statements(name) for a in dev.as_list(s["Action"])
        )


def test_exports_function_reads_only_the_exports_stream(dev: Any) -> None:
    stream = {"Fn::GetAtt": [_tables(dev)["EXPORTS_TABLE"], "StreamArn"]}
    (statement,) = [s for s in dev.role_statements("exports") if dev.as_list(s["Resource"]) == [stream]]
    assert set(dev.as_list(statement["Action"])) == {
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
    }  # fmt: skip
