"""The operator command creates an org and its first admin from a deployed stack's outputs."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from tests.support.mocked import TABLES, Env

# moto's CloudFormation stores the stack and its outputs without emulating the placeholder resource.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse:UserWarning")


def _stack_with_outputs(pool_id: str) -> None:
    template = {
        "Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
        "Outputs": {
            "OrgsTableName": {"Value": TABLES["ORGS_TABLE"]},
            "MembersTableName": {"Value": TABLES["MEMBERS_TABLE"]},
            "UserPoolId": {"Value": pool_id},
        },
    }
    boto3.client("cloudformation").create_stack(StackName="Advocacy-test", TemplateBody=json.dumps(template))


def test_create_org_reads_the_stack_outputs(aws: Env, capsys: pytest.CaptureFixture[str]) -> None:
    from advocacy.ops.__main__ import main

    _stack_with_outputs(aws.user_pool_id)
    argv = [
        "create-org",
        "--stack",
        "Advocacy-test",
        "--name",
        "Initech",
        "--admin-email",
        "Bill@Initech.test",
    ]
    code = main([*argv, "--admin-name", "Bill", "--timezone", "America/Chicago"])
    assert code == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert out["org"]["name"] == "Initech"
    assert out["org"]["timezone"] == "America/Chicago"
    assert out["admin"]["role"] == "admin"
    assert out["admin"]["email"] == "bill@initech.test"
    user = boto3.client("cognito-idp").admin_get_user(
        UserPoolId=aws.user_pool_id, Username="bill@initech.test"
    )
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["custom:org_id"] == out["org"]["org_id"]
    me = aws.call("GET", "/me", who={"member_id": attrs["sub"], "org_id": out["org"]["org_id"]})
    assert me.status == 200
    assert me.body["role"] == "admin"


def test_create_org_refuses_a_bad_time_zone_and_a_stack_without_outputs(
    aws: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    from advocacy.ops.__main__ import main

    _stack_with_outputs(aws.user_pool_id)
    argv = [
        "create-org",
        "--stack",
        "Advocacy-test",
        "--name",
        "X",
        "--admin-email",
        "x@x.test",
        "--admin-name",
        "X",
    ]
    assert main([*argv, "--timezone", "Moon/Base"]) == 1
    assert "time zone" in capsys.readouterr().err
    template = {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
    boto3.client("cloudformation").create_stack(StackName="Other", TemplateBody=json.dumps(template))
    with pytest.raises(SystemExit, match="no output"):
        main(
            [
                "create-org",
                "--stack",
                "Other",
                "--name",
                "X",
                "--admin-email",
                "x@x.test",
                "--admin-name",
                "X",
            ]
        )
