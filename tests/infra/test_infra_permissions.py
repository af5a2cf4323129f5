"""Least privilege: each function's role reaches only the resources it uses."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match, Template

from infra.access import ACTIONS, TABLE_ACCESS
from infra.constructs.data import TABLES
from infra.constructs.functions import COGNITO_ADMIN_ACTIONS
from tests.support.cfn import FUNCTION_NAMES, as_list, env, function, refs, role_statements, table_id


def _tables(dev: Template) -> dict[str, str]:
    """ORGS_TABLE, MEMBERS_TABLE, ... -> table logical id, as the functions' environments name them."""
    return {spec.env: table_id(dev, spec.env) for spec in TABLES}


def _read(statements: list[dict[str, Any]]) -> set[str]:
    """Logical ids of resources the statements allow reading items of."""
    found: set[str] = set()
    for s in statements:
        if any(
            a.split(":")[1].startswith(("Get", "BatchGet", "Query", "Scan")) for a in as_list(s["Action"])
        ):
            found |= refs(s["Resource"])
    return found


def _touched(statements: list[dict[str, Any]], write: bool = False) -> set[str]:
    """Logical ids of resources the statements allow (only write actions, if `write`)."""
    found: set[str] = set()
    for s in statements:
        actions = as_list(s["Action"])
        if write and not any(
            a.split(":")[1].startswith(("Put", "Update", "Delete", "BatchWrite")) for a in actions
        ):
            continue
        found |= refs(s["Resource"])
    return found


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    return {a for s in statements for a in as_list(s["Action"])}


def _log_group(dev: Template, name: str) -> str:
    """The function's log group, as its logging configuration names it."""
    (group,) = refs(function(dev, name)["LoggingConfig"]["LogGroup"])
    return group


def test_redirect_reads_links_and_writes_clicks_only(dev: Template) -> None:
    """The public function cannot touch content, members, rewards or the ledger."""
    tables = _tables(dev)
    statements = role_statements(dev, "redirect")
    secret = dev.get_resource_id(
        "AWS::SecretsManager::Secret", {"Properties": {"Description": Match.string_like_regexp("short-link")}}
    )
    log_group = _log_group(dev, "redirect")
    assert _touched(statements) - {log_group} == {tables["LINKS_TABLE"], tables["CLICKS_TABLE"], secret}
    assert _touched(statements, write=True) - {log_group} == {tables["CLICKS_TABLE"]}
    secret_actions = _actions([s for s in statements if refs(s["Resource"]) == {secret}])
    assert secret_actions == {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
    assert _read(statements) - {secret} == {tables["LINKS_TABLE"]}
    assert not any(a.startswith("cognito-idp:") for a in _actions(statements))


def test_api_cognito_actions_are_scoped_to_the_pool(dev: Template) -> None:
    pool = {"Fn::GetAtt": [dev.get_resource_id("AWS::Cognito::UserPool"), "Arn"]}
    cognito = [
        s
        for s in role_statements(dev, "api")
        if any(a.startswith("cognito-idp:") for a in as_list(s["Action"]))
    ]
    assert cognito, "the api function manages Cognito users"
    for statement in cognito:
        assert statement["Resource"] == pool
    assert _actions(cognito) == set(COGNITO_ADMIN_ACTIONS)


def test_each_function_is_granted_exactly_its_table_access(dev: Template) -> None:
    """The stack grants what infra/access.py says and no more: on each table, the DynamoDB actions of
    the function's level, on no other table none (the ledger's writers may only add entries).
    (What each function's code does send is checked against the same map by the integration tier.)"""
    tables = _tables(dev)
    for name in FUNCTION_NAMES:
        statements = role_statements(dev, name)
        for env_name, table in tables.items():
            granted = _actions([s for s in statements if table in refs(s["Resource"])])
            level = TABLE_ACCESS[name].get(env_name)
            expected = {f"dynamodb:{action}" for action in ACTIONS[level]} if level else set()
            assert {a for a in granted if not a.startswith("dynamodb:DescribeStream")} == expected, (
                name,
                env_name,
            )


def test_roles_have_no_managed_policies_and_log_only_to_their_group(dev: Template) -> None:
    dev.all_resources_properties("AWS::IAM::Role", {"ManagedPolicyArns": Match.absent()})
    for name in FUNCTION_NAMES:
        logs = [
            s for s in role_statements(dev, name) if any(a.startswith("logs:") for a in as_list(s["Action"]))
        ]
        assert logs
        for statement in logs:
            assert refs(statement["Resource"]) == {_log_group(dev, name)}


def test_only_list_streams_uses_a_wildcard_resource(dev: Template) -> None:
    for policy in dev.find_resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if "*" in as_list(statement["Resource"]):
                assert as_list(statement["Action"]) == ["dynamodb:ListStreams"]


def _reads_streams(dev: Template, name: str, tables: list[str]) -> None:
    """Exactly one of the function's statements reaches exactly these tables' streams, to read them."""
    streams = sorted(json.dumps({"Fn::GetAtt": [t, "StreamArn"]}) for t in tables)
    (statement,) = [s for s in role_statements(dev, name)
                    if sorted(json.dumps(r) for r in as_list(s["Resource"])) == streams]  # fmt: skip
    assert _actions([statement]) == {
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
    }


def test_stream_function_reads_the_orgs_and_clicks_streams(dev: Template) -> None:
    _reads_streams(dev, "stream", [table_id(dev, env) for env in ("CLICKS_TABLE", "ORGS_TABLE")])


def test_invoke_permissions_are_scoped_to_their_source(dev: Template) -> None:
    permission = "AWS::Lambda::Permission"
    permissions = dev.find_resources(permission)
    dev.all_resources_properties(
        permission, {"Action": "lambda:InvokeFunction", "SourceArn": Match.any_value()}
    )
    from_api = dev.find_resources(permission, {"Properties": {"Principal": "apigateway.amazonaws.com"}})
    from_rules = dev.find_resources(permission, {"Properties": {"Principal": "events.amazonaws.com"}})
    from_pool = dev.find_resources(permission, {"Properties": {"Principal": "cognito-idp.amazonaws.com"}})
    assert len(from_api) + len(from_rules) + len(from_pool) == len(permissions)
    pool = dev.get_resource_id("AWS::Cognito::UserPool")
    assert [refs(p["Properties"]["SourceArn"]) for p in from_pool.values()] == [{pool}]
    api_id = dev.get_resource_id("AWS::ApiGatewayV2::Api")
    assert all(api_id in refs(p["Properties"]["SourceArn"]) for p in from_api.values())
    rules = dev.find_resources("AWS::Events::Rule")
    for p in from_rules.values():
        (rule,) = refs(p["Properties"]["SourceArn"])
        assert rule in rules


def test_only_the_jobs_function_sends_mail_and_only_as_the_digest_sender(dev: Template) -> None:
    for name in ("api", "redirect", "stream", "exports"):
        assert not any(a.startswith("ses:") for a in _actions(role_statements(dev, name)))
    (statement,) = [
        s for s in role_statements(dev, "jobs") if any(a.startswith("ses:") for a in as_list(s["Action"]))
    ]
    assert as_list(statement["Action"]) == ["ses:SendEmail"]
    assert ":identity/advocacy.example" in json.dumps(statement["Resource"])
    assert env(dev, "jobs")["DIGEST_SENDER"] == "digest@advocacy.example"


def test_the_api_function_may_do_what_powertools_does_with_idempotency_records(dev: Template) -> None:
    records = table_id(dev, "IDEMPOTENCY_TABLE")
    actions = _actions([s for s in role_statements(dev, "api") if records in refs(s["Resource"])])
    # save_inprogress (conditional put), get_record, save_success (update), delete_record
    assert {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"} <= actions


def _bucket_statements(dev: Template, name: str) -> list[dict[str, Any]]:
    (bucket,) = refs(env(dev, "exports")["EXPORTS_BUCKET"])  # the exports bucket (the web app has two)
    return [s for s in role_statements(dev, name) if bucket in refs(s["Resource"])]


def test_only_the_exports_function_writes_export_files_and_the_api_only_reads_them(dev: Template) -> None:
    for name, actions in {
        "api": {"s3:GetObject"},
        "exports": {"s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:GetObject"},
    }.items():
        (statement,) = _bucket_statements(dev, name)
        assert _actions([statement]) == actions, name
        (resource,) = as_list(statement["Resource"])
        assert json.dumps(resource).endswith('"/exports/*"]]}'), resource  # objects below exports/ only
    for name in ("redirect", "jobs", "stream"):
        assert not _bucket_statements(dev, name)
        assert not any(a.startswith("s3:") for a in _actions(role_statements(dev, name)))


def test_exports_function_reads_only_the_exports_stream(dev: Template) -> None:
    _reads_streams(dev, "exports", [table_id(dev, "EXPORTS_TABLE")])
