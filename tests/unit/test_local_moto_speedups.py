"""The moto shortcuts of the local stack give the same results as moto's own code paths."""

from __future__ import annotations

import copy
from typing import Any

from local.moto_speedups import speed_up


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
