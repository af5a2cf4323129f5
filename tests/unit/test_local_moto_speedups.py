"""The moto shortcuts (local stack, integration tier) give the same results as moto's own code paths."""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import moto.cognitoidp.models as cognito_models
import pytest
from joserfc import jwt
from moto import mock_aws
from moto.dynamodb.responses import DynamoHandler

from local.moto_speedups import ITEM_OPERATIONS, speed_up


def _shape(node: Any) -> Any:
    """A node's class, fields and children, recursively (parents checked separately)."""
    fields = {k: v for k, v in vars(node).items() if k not in ("children", "parent")}
    children = [_shape(c) if hasattr(c, "children") else c for c in node.children or []]
    return (type(node).__name__, repr(fields), children)


def _parents_inside(node: Any) -> bool:
    """Every child node's parent is the node that holds it (in the copy, not the original)."""
    nodes = [c for c in node.children or [] if hasattr(c, "children")]
    return all(c.parent is node and _parents_inside(c) for c in nodes)


def test_expression_copy_is_a_faithful_deep_copy() -> None:
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    speed_up()
    tree = UpdateExpressionParser.make("SET a.b[1] = :v, c = if_not_exists(c, :z) + :one ADD n :one REMOVE d")
    copied = copy.deepcopy(tree)
    assert _shape(copied) == _shape(tree)
    assert _parents_inside(copied)
    assert copied.children[0] is not tree.children[0]


def test_update_expressions_still_apply() -> None:
    import boto3
    from moto import mock_aws

    speed_up()
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for _ in range(2):
            ddb.update_item(
                TableName="t",
                Key={"k": {"S": "x"}},
                UpdateExpression="ADD n :one, s :tag SET m = if_not_exists(m, :zero) + :one",
                ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}, ":tag": {"SS": ["a"]}},
            )
        item = ddb.get_item(TableName="t", Key={"k": {"S": "x"}})["Item"]
    assert item == {"k": {"S": "x"}, "n": {"N": "2"}, "m": {"N": "2"}, "s": {"SS": ["a"]}}


def test_module_list_is_read_once_and_unchanged() -> None:
    import os

    import moto
    from moto import backends

    speed_up()
    here = os.path.dirname(moto.__file__)
    expected = sorted(
        name
        for name in os.listdir(here)
        if os.path.isdir(os.path.join(here, name)) and not name.startswith("__")
    )
    assert list(backends.list_of_moto_modules()) == expected


ITEM = {"pk": {"S": "a"}, "sk": {"N": "1"}, "b": {"B": b"\x00\xff"}, "n": {"N": "1.50"}, "ss": {"SS": ["x"]}}


def _both_ways(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Any]]:
    """Every item answer written both ways, by operation, for the test to compare."""
    speed_up()
    fast = DynamoHandler.serialized
    slow = fast.__wrapped__  # type: ignore[attr-defined]
    seen: list[tuple[str, Any, Any]] = []

    def compare(self: DynamoHandler, result: Any) -> Any:
        ours = fast(self, result)
        theirs = slow(self, result)
        if self._get_action() in ITEM_OPERATIONS:
            seen.append((self._get_action(), ours, theirs))
        return theirs

    monkeypatch.setattr(DynamoHandler, "serialized", compare)
    return seen


def _item_operations(client: Any) -> None:
    """Each item operation once, with the answers' rarer parts: binary and set values, consumed
    capacity by index, a page's last key, unprocessed and missing keys, returned values."""
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    cap: Any = {"ReturnConsumedCapacity": "INDEXES"}
    client.put_item(TableName="t", Item=ITEM, **cap)
    client.put_item(TableName="t", Item={**ITEM, "sk": {"N": "2"}}, ReturnValues="ALL_OLD", **cap)
    client.get_item(TableName="t", Key=key, **cap)
    client.get_item(TableName="t", Key={"pk": {"S": "none"}, "sk": {"N": "1"}})
    query = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}
    client.query(TableName="t", Limit=1, **query, **cap)
    client.query(
        TableName="t",
        IndexName="by_n",
        KeyConditionExpression="n = :n",
        ExpressionAttributeValues={":n": {"N": "1.50"}},
        **cap,
    )
    client.scan(TableName="t", Limit=1, **cap)
    client.update_item(
        TableName="t",
        Key=key,
        UpdateExpression="SET c = :c",
        ExpressionAttributeValues={":c": {"L": [{"NULL": True}, {"BOOL": False}]}},
        ReturnValues="ALL_NEW",
        **cap,
    )
    client.batch_get_item(RequestItems={"t": {"Keys": [key, {"pk": {"S": "z"}, "sk": {"N": "9"}}]}}, **cap)
    client.batch_write_item(RequestItems={"t": [{"PutRequest": {"Item": {**ITEM, "sk": {"N": "3"}}}}]}, **cap)
    client.transact_get_items(TransactItems=[{"Get": {"TableName": "t", "Key": key}}], **cap)
    client.transact_write_items(
        TransactItems=[{"Put": {"TableName": "t", "Item": {**ITEM, "sk": {"N": "4"}}}}], **cap
    )
    client.delete_item(TableName="t", Key=key, ReturnValues="ALL_OLD", **cap)


def test_item_answers_are_the_ones_moto_serializes(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _both_ways(monkeypatch)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="t",
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": kind}
                for name, kind in (("pk", "S"), ("sk", "N"), ("n", "N"))
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by_n",
                    "KeySchema": [{"AttributeName": "n", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        _item_operations(client)
    assert {operation for operation, _, _ in seen} == ITEM_OPERATIONS
    for operation, (status, headers, body), (their_status, their_headers, their_body) in seen:
        assert (operation, status, headers["Content-Type"]) == (
            operation,
            their_status,
            their_headers["Content-Type"],
        )
        assert (operation, json.loads(body)) == (operation, json.loads(their_body))


def _token(client: Any, name: str) -> str:
    """An ID token from a new pool, for a new user signing in with a password."""
    pool = client.create_user_pool(PoolName=name)["UserPool"]["Id"]
    app = client.create_user_pool_client(UserPoolId=pool, ClientName=name)["UserPoolClient"]["ClientId"]
    client.admin_create_user(UserPoolId=pool, Username="someone", TemporaryPassword="Pass-word-1")
    client.admin_set_user_password(
        UserPoolId=pool, Username="someone", Password="Pass-word-1", Permanent=True
    )
    answer = client.admin_initiate_auth(
        UserPoolId=pool,
        ClientId=app,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "someone", "PASSWORD": "Pass-word-1"},
    )
    return str(answer["AuthenticationResult"]["IdToken"])


def test_pools_import_the_key_once_and_their_tokens_verify(monkeypatch: pytest.MonkeyPatch) -> None:
    speed_up()
    adapter = cognito_models.jwk
    imported: list[Any] = []
    original = adapter.jwk.RSAKey.import_key

    def counted(data: Any, *args: Any, **kwargs: Any) -> Any:
        imported.append(original(data, *args, **kwargs))
        return imported[-1]

    monkeypatch.setattr(adapter, "keys", {})  # a fresh cache: the test counts its own imports
    monkeypatch.setattr(adapter.jwk.RSAKey, "import_key", counted)
    with mock_aws():
        client = boto3.client("cognito-idp", region_name="us-east-1")
        tokens = [_token(client, "first"), _token(client, "second")]
    assert len(imported) == 1
    for token in tokens:
        assert jwt.decode(token, imported[0]).claims["cognito:username"] == "someone"
