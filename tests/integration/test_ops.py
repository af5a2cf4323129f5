"""The operator commands create an org and its first admin, and set the email domains it owns, from a
deployed stack's outputs."""

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
        "--domains",
        "initech.test",
    ]
    code = main([*argv, "--admin-name", "Bill", "--timezone", "America/Chicago"])
    assert code == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert out["org"]["name"] == "Initech"
    assert out["org"]["timezone"] == "America/Chicago"
    assert out["admin"]["role"] == "admin"
    assert out["admin"]["email"] == "bill@initech.test"
    assert out["org"]["domains"] == ["initech.test"]
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
    org = ["--name", "X", "--admin-email", "x@x.test", "--admin-name", "X", "--domains", "x.test"]
    assert main(["create-org", "--stack", "Advocacy-test", *org, "--timezone", "Moon/Base"]) == 1
    assert "time zone" in capsys.readouterr().err
    template = {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
    boto3.client("cloudformation").create_stack(StackName="Other", TemplateBody=json.dumps(template))
    with pytest.raises(SystemExit, match="no output"):
        main(["create-org", "--stack", "Other", *org])


def test_set_domains_replaces_an_orgs_domains_and_says_what_another_org_holds(
    aws: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    from advocacy.ops.__main__ import main

    _stack_with_outputs(aws.user_pool_id)
    base = ["--stack", "Advocacy-test", "--admin-name", "A", "--timezone", "UTC"]
    assert (
        main(["create-org", *base, "--name", "Ini", "--admin-email", "a@ini.test", "--domains", "ini.test"])
        == 0
    )
    ini = json.loads(capsys.readouterr().out)["org"]["org_id"]
    assert (
        main(["create-org", *base, "--name", "Glo", "--admin-email", "a@glo.test", "--domains", "glo.test"])
        == 0
    )
    glo = json.loads(capsys.readouterr().out)["org"]["org_id"]
    argv = ["set-domains", "--stack", "Advocacy-test", "--org", ini]
    assert main([*argv, "--domains", "ini.test,ini-labs.test", "--allow", "Ann@Mail.test"]) == 0
    out = json.loads(capsys.readouterr().out)["org"]
    assert out["domains"] == ["ini-labs.test", "ini.test"]
    assert out["allowed_emails"] == ["ann@mail.test"]
    assert (
        main(["set-domains", "--stack", "Advocacy-test", "--org", glo, "--domains", "glo.test,ini.test"]) == 1
    )
    assert "ini.test" in capsys.readouterr().err
    assert main([*argv, "--domains", "bad domain"]) == 1
    assert "not a domain" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*argv, "--domains", ""])  # make set-domains without DOMAINS: refused, nothing dropped
