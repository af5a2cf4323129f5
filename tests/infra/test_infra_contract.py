"""Contracts: template tables match the PynamoDB models; template routes match docs/openapi.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Template

from advocacy.store import idempotency
from advocacy.store.models import STREAM_VIEWS, STREAMED_ENVS, TABLE_ENV
from infra.config import ROOT
from infra.constructs.data import TABLES
from infra.routes import REDIRECT_ROUTE_KEYS, routes_from_openapi
from tests.support.cfn import ROUTE, TABLE, function_id, properties, public_route_keys, table_id


def _table(dev: Template, env_name: str) -> dict[str, Any]:
    """The properties of the table the functions' `env_name` names."""
    return properties(dev, TABLE, table_id(dev, env_name))


def _key_schema(entries: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((e["AttributeName"], e["KeyType"]) for e in entries)


def _gsis(indexes: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Index name -> key schema, from CloudFormation (`IndexName`) or PynamoDB (`index_name`) shapes."""
    return {
        i.get("IndexName", i.get("index_name")): _key_schema(i.get("KeySchema", i.get("key_schema", [])))
        for i in indexes
    }


def _projections(indexes: list[dict[str, Any]]) -> dict[str, tuple[str, list[str]]]:
    """Index name -> projection type and its projected attributes (an INCLUDE projection's), sorted."""
    return {
        i.get("IndexName", i.get("index_name")): (
            (p := i.get("Projection", i.get("projection", {})))["ProjectionType"],
            sorted(p.get("NonKeyAttributes", [])),
        )
        for i in indexes
    }


@pytest.mark.parametrize("model", list(TABLE_ENV), ids=lambda m: m.__name__)
def test_table_matches_model(model: Any, dev: Template) -> None:
    """Compared as sets and maps: PynamoDB and CloudFormation list keys, attributes and indexes in
    their own orders, which `Match` (ordered arrays) would pin."""
    env_name = TABLE_ENV[model]
    table = _table(dev, env_name)
    schema = model._get_schema()
    assert _key_schema(table["KeySchema"]) == _key_schema(schema["key_schema"])
    model_types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    table_types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    assert table_types == model_types
    assert _gsis(table.get("GlobalSecondaryIndexes", [])) == _gsis(schema["global_secondary_indexes"])
    assert _gsis(table.get("LocalSecondaryIndexes", [])) == _gsis(schema["local_secondary_indexes"])
    assert _projections(table.get("GlobalSecondaryIndexes", [])) == _projections(
        schema["global_secondary_indexes"]
    )
    if env_name in STREAM_VIEWS:
        assert table["StreamSpecification"] == {"StreamViewType": STREAM_VIEWS[env_name]}
    else:
        assert "StreamSpecification" not in table
    ttl = model._ttl_attribute()
    if ttl is None:
        assert "TimeToLiveSpecification" not in table
    else:
        assert table["TimeToLiveSpecification"] == {"AttributeName": ttl.attr_name, "Enabled": True}


def test_idempotency_table_matches_its_persistence_layer(
    dev: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one table that is not a PynamoDB model: Powertools' records, as `store.idempotency` builds them."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    saved = idempotency._binding
    idempotency.bind("contract")
    try:
        layer = idempotency.persistence()
    finally:
        idempotency.bind(*saved)
    table = _table(dev, idempotency.TABLE_ENV)
    assert layer.sort_key_attr is None
    assert _key_schema(table["KeySchema"]) == [(layer.key_attr, "HASH")]
    assert table["AttributeDefinitions"] == [{"AttributeName": layer.key_attr, "AttributeType": "S"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": layer.expiry_attr, "Enabled": True}
    assert "GlobalSecondaryIndexes" not in table
    assert "StreamSpecification" not in table


def test_every_table_belongs_to_a_model(dev: Template) -> None:
    """...or is the idempotency records' table, checked above."""
    model_envs = set(TABLE_ENV.values())
    envs = model_envs | {idempotency.TABLE_ENV}
    assert {spec.env for spec in TABLES} == envs
    assert {table_id(dev, env) for env in envs} == set(dev.find_resources(TABLE))
    assert model_envs >= set(STREAM_VIEWS) >= STREAMED_ENVS


def _routes_to(dev: Template, function: str) -> list[str]:
    """Keys of the routes whose integration invokes the function."""
    integrations = dev.find_resources(
        "AWS::ApiGatewayV2::Integration",
        {"Properties": {"IntegrationUri": {"Fn::GetAtt": [function_id(dev, function), "Arn"]}}},
    )
    return [
        route["Properties"]["RouteKey"]
        for integration in integrations
        for route in dev.find_resources(
            ROUTE, {"Properties": {"Target": {"Fn::Join": ["", ["integrations/", {"Ref": integration}]]}}}
        ).values()
    ]


def test_routes_match_openapi(dev: Template) -> None:
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    routes = routes_from_openapi(document)
    api, redirect = _routes_to(dev, "api"), _routes_to(dev, "redirect")
    dev.resource_count_is(ROUTE, len(api) + len(redirect))  # every route goes to one of the two
    public = public_route_keys(dev)
    assert sorted(api) == sorted(r.key for r in routes)
    assert set(api) & public == {r.key for r in routes if r.public}
    assert sorted(redirect) == sorted(REDIRECT_ROUTE_KEYS)
    assert set(redirect) <= public


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
