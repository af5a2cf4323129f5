"""Connected accounts' infrastructure: the token key (rotated), the api function's use of it only
under the members' encryption context, the state key and the networks' client secrets."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from infra.config import ProviderConfig, StageConfig
from infra.constructs.connections import CALLBACK_PATH, CONTEXT_KEYS
from tests.support.cfn import env, role_statements, web_origin

KEY = "AWS::KMS::Key"


def test_one_customer_managed_key_with_rotation(dev: Template, prod: Template) -> None:
    dev.resource_count_is(KEY, 1)
    dev.has_resource_properties(KEY, {"EnableKeyRotation": True})
    dev.has_resource(KEY, {"DeletionPolicy": "Delete"})
    prod.has_resource(KEY, {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})


def _kms_statements(t: Template, function: str) -> list[dict[str, Any]]:
    found = []
    for statement in role_statements(t, function):
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if any(str(a).startswith("kms:") for a in actions):
            found.append(statement)
    return found


def test_only_the_api_function_uses_the_key_and_only_with_a_members_context(dev: Template) -> None:
    key = dev.get_resource_id(KEY)
    (statement,) = _kms_statements(dev, "api")
    assert sorted(statement["Action"]) == ["kms:Decrypt", "kms:Encrypt"]
    assert statement["Resource"] == {"Fn::GetAtt": [key, "Arn"]}
    assert statement["Condition"] == {
        "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": CONTEXT_KEYS},
        "Null": {f"kms:EncryptionContext:{name}": "false" for name in CONTEXT_KEYS},
    }
    for function in ("redirect", "jobs", "stream", "exports"):
        assert _kms_statements(dev, function) == []


def test_the_api_function_is_told_each_network_and_reads_its_secrets(dev: Template) -> None:
    variables = env(dev, "api")
    assert variables["CONNECTIONS_KEY_ID"] == {"Fn::GetAtt": [dev.get_resource_id(KEY), "Arn"]}
    assert variables["PROVIDER_X_TOKEN_URL"] == "https://api.x.com/2/oauth2/token"
    assert variables["PROVIDER_LINKEDIN_USERINFO_URL"] == "https://api.linkedin.com/v2/userinfo"
    assert "PROVIDER_LINKEDIN_REVOKE_URL" not in variables
    redirect = variables["OAUTH_REDIRECT_URL"]
    assert redirect["Fn::Join"][1][:2] == web_origin(dev)["Fn::Join"][1]
    assert redirect["Fn::Join"][1][-1] == CALLBACK_PATH
    secrets = {
        json_str
        for statement in role_statements(dev, "api")
        if "secretsmanager:GetSecretValue" in statement["Action"]
        for json_str in [str(statement["Resource"])]
    }
    for name in ("advocacy/linkedin", "advocacy/x"):
        assert any(f":secret:{name}-??????" in s for s in secrets), (name, secrets)
    state = dev.get_resource_id(
        "AWS::SecretsManager::Secret",
        {"Properties": {"Description": Match.string_like_regexp("OAuth state")}},
    )
    assert any(state in s for s in secrets)


def test_providers_context_is_validated() -> None:
    from infra.config import _providers

    assert _providers(None) == ()
    (x,) = _providers({"x": {"secret_name": "s", "api_base": "https://fake.example/"}})
    assert isinstance(x, ProviderConfig)
    assert dict(x.endpoints)["api_base"] == "https://fake.example"
    assert dict(x.endpoints)["revoke_url"] == "https://api.x.com/2/oauth2/revoke"
    for bad in (
        {"facebook": {"secret_name": "s"}},
        {"x": {}},
        {"x": {"secret_name": "s", "token_url": "http://a"}},
    ):
        with pytest.raises(ValueError):
            _providers(bad)
    assert StageConfig(stage="dev").providers == ()
