"""Contracts: template tables match the PynamoDB models; template routes match docs/openapi.json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from advocacy.store import idempotency
from advocacy.store.models import STREAM_VIEWS, STREAMED_ENVS, TABLE_ENV
from infra.config import ROOT
from infra.constructs.data import TABLES
from infra.routes import REDIRECT_ROUTE_KEYS, routes_from_openapi

FUNCTION_NAMES = ("api", "redirect", "jobs", "stream", "exports")


def _table_for_env(dev: Any, env_name: str) -> str:
    """The one table every function that has `env_name` points it at."""
    ids = set()
    for name in FUNCTION_NAMES:
        env = dev.env(name)
        if env_name in env:
            ids |= dev.refs(env[env_name])
    assert len(ids) == 1, f"{env_name} names {ids}"
    return ids.pop()


def _key_schema(entries: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((e["AttributeName"], e["KeyType"]) for e in entries)


def _gsis(indexes: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Index name -> key schema, from CloudFormation (`IndexName`) or PynamoDB (`index_name`) shapes."""
    return {
        i.get("IndexName", i.get("index_name")): _key_schema(i.get("KeySchema", i.get("key_schema", [])))
        for i in indexes
    }


@pytest.mark.parametrize("model", list(TABLE_ENV), ids=lambda m: m.__name__)
def test_table_matches_model(model: Any, dev: Any) -> None:
    env_name = TABLE_ENV[model]
    table = dev.props(_table_for_env(dev, env_name))
    schema = model._get_schema()
    assert _key_schema(table["KeySchema"]) == _key_schema(schema["key_schema"])
    model_types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    table_types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    assert table_types == model_types
    assert _gsis(table.get("GlobalSecondaryIndexes", [])) == _gsis(schema["global_secondary_indexes"])
    assert _gsis(table.get("LocalSecondaryIndexes", [])) == _gsis(schema["local_secondary_indexes"])
    if env_name in STREAM_VIEWS:
        assert table["StreamSpecification"] == {"StreamViewType": STREAM_VIEWS[env_name]}
    else:
        assert "StreamSpecification" not in table
    ttl = model._ttl_attribute()
    if ttl is None:
        assert "TimeToLiveSpecification" not in table
    else:
        assert table["TimeToLiveSpecification"] == {"AttributeName": ttl.attr_name, "Enabled": True}


def test_idempotency_table_matches_its_persistence_layer(dev: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one table that is not a PynamoDB model: Powertools' records, as `store.idempotency` builds them."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    saved = idempotency._binding
    idempotency.bind("contract")
    try:
        layer = idempotency.persistence()
    finally:
        idempotency.bind(*saved)
    table = dev.props(_table_for_env(dev, idempotency.TABLE_ENV))
    assert layer.sort_key_attr is None
    assert _key_schema(table["KeySchema"]) == [(layer.key_attr, "HASH")]
    assert table["AttributeDefinitions"] == [{"AttributeName": layer.key_attr, "AttributeType": "S"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": layer.expiry_attr, "Enabled": True}
    assert "GlobalSecondaryIndexes" not in table
    assert "StreamSpecification" not in table


def test_every_table_belongs_to_a_model(dev: Any) -> None:
    """...or is the idempotency records' table, checked above."""
    model_envs = set(TABLE_ENV.values())
    envs = model_envs | {idempotency.TABLE_ENV}
    assert {spec.env for spec in TABLES} == envs
    assert {_table_for_env(dev, env) for env in envs} == set(dev.of_type("AWS::DynamoDB::Table"))
    assert model_envs >= set(STREAM_VIEWS) >= STREAMED_ENVS


def _routes_by_function(dev: Any) -> dict[str, dict[str, str]]:
    """function logical id -> {route key: AuthorizationType}."""
    integration_fn = {lid: dev.refs(i["Properties"]["IntegrationUri"]).pop()
                      for lid, i in dev.of_type("AWS::ApiGatewayV2::Integration").items()}  # fmt: skip
    by_fn: dict[str, dict[str, str]] = {}
    for route in dev.of_type("AWS::ApiGatewayV2::Route").values():
        props = route["Properties"]
        (integration,) = dev.refs(props["Target"])
        by_fn.setdefault(integration_fn[integration], {})[props["RouteKey"]] = props.get(
            "AuthorizationType", "NONE"
        )
    return by_fn


def test_routes_match_openapi(dev: Any) -> None:
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    routes = routes_from_openapi(document)
    by_fn = _routes_by_function(dev)
    api_routes = by_fn[dev.function_id("api")]
    assert set(api_routes) == {r.key for r in routes}
    assert {k for k, auth in api_routes.items() if auth == "NONE"} == {r.key for r in routes if r.public}
    assert by_fn[dev.function_id("redirect")] == dict.fromkeys(REDIRECT_ROUTE_KEYS, "NONE")
    assert set(by_fn) == {dev.function_id("api"), dev.function_id("redirect")}


def test_openapi_public_operations_are_exactly_security_empty() -> None:
    document = {
        "security": [{"cognito": []}],
        "paths": {
            "/health": {"get": {"security": []}},
            "/me": {"get": {}, "patch": {"security": [{"cognito": []}]}, "parameters": []},
        },
    }
    routes = {r.key: r.public for r in routes_from_openapi(document)}
    assert routes == {"GET /health": True, "GET /me": False, "PATCH /me": False}
    with pytest.raises(ValueError, match="redirect"):
        routes_from_openapi({"paths": {"/r/{code}": {"get": {"security": []}}}})
