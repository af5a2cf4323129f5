"""The examples of the OpenAPI document: every request body and every answer has one, and each is
valid by its own schema (JSON Schema, as clients and generators read it) and by the model the API
validates with (Pydantic), with ids and times shaped as the API makes them."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from advocacy import schemas
from advocacy.api.app import openapi_document
from advocacy.schemas.shapes import Strict

# Every schema module of the API (the package holds nothing else).
MODULES = [
    importlib.import_module(f"{schemas.__name__}.{m.name}") for m in pkgutil.iter_modules(schemas.__path__)
]
DOCUMENT = openapi_document()
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]
MODELS: dict[str, type[BaseModel]] = {
    name: model
    for module in MODULES
    for name, model in inspect.getmembers(module, inspect.isclass)
    if issubclass(model, BaseModel) and model.__module__ == module.__name__
}
HEX_ID = re.compile(r"^[0-9a-f]{32}$")
# A member's id is its Cognito `sub`, a UUID.
MEMBER_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
MEMBER_ID_FIELDS = {"member_id", "created_by", "decided_by"}
GROUP_LIST_FIELDS = {"groups"}
UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")
ANY_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, schema) of every object in the document holding a list of `examples`."""
    if isinstance(node, dict):
        if isinstance(node.get("examples"), list):
            yield pointer, node
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


EXAMPLES = [
    (pointer, index, example)
    for pointer, schema in _walk(DOCUMENT)
    for index, example in enumerate(schema["examples"])
]


def _target(schema: dict[str, Any] | None) -> str | None:
    """The component a body's or an answer's schema names (`X` or `X | null`)."""
    if not schema:
        return None
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    refs = [option["$ref"] for option in schema.get("anyOf", []) if "$ref" in option]
    return refs[0].rsplit("/", 1)[-1] if len(refs) == 1 else None


def _bodies_and_answers() -> Iterator[tuple[str, str]]:
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if name := _target(body.get("schema")):
                yield f"{label} body", name
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                for option in [schema, *(schema or {}).get("anyOf", [])]:
                    if name := _target(option):
                        yield f"{label} {status}", name


def test_every_request_body_and_answer_has_an_example() -> None:
    missing = sorted(
        {f"{where}: {name}" for where, name in _bodies_and_answers() if not SCHEMAS[name].get("examples")}
    )
    assert not missing, "add json_schema_extra examples to:\n" + "\n".join(missing)
    assert len(EXAMPLES) > 80  # the walk found them (and more than one per component, for some)


@pytest.mark.parametrize(("pointer", "index", "example"), EXAMPLES, ids=[f"{p}[{i}]" for p, i, _ in EXAMPLES])
def test_every_example_is_valid_by_its_own_schema(pointer: str, index: int, example: Any) -> None:
    """JSON Schema 2020-12 (OpenAPI 3.1's dialect), `$ref`s resolved in the document, formats checked."""
    schema = {**DOCUMENT, "$ref": "#" + quote(pointer, safe="/~")}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(example)]
    assert not errors, errors


COMPONENT_EXAMPLES = [
    (name, index, example)
    for name, schema in sorted(SCHEMAS.items())
    for index, example in enumerate(schema.get("examples", []))
]


@pytest.mark.parametrize(
    ("name", "index", "example"), COMPONENT_EXAMPLES, ids=[f"{n}[{i}]" for n, i, _ in COMPONENT_EXAMPLES]
)
def test_every_example_is_what_the_api_takes_or_sends(name: str, index: int, example: Any) -> None:
    """A request example passes the API's own validation (as JSON, strict); an answer's example is
    exactly what the API would send for it (its JSON, times in UTC with `Z`)."""
    model = MODELS[name]
    parsed = model.model_validate_json(json.dumps(example))
    if not issubclass(model, Strict):
        assert json.loads(parsed.model_dump_json(by_alias=True)) == example


def _fields(node: Any, name: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _fields(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _fields(value, name)


def test_example_ids_and_times_are_shaped_as_the_api_makes_them() -> None:
    """Ids of 32 hex digits (a member's is its Cognito `sub`); times in UTC in answers, with an
    offset in requests."""
    for name, index, example in COMPONENT_EXAMPLES:
        answer = not issubclass(MODELS[name], Strict)
        for key, value in _fields(example):
            where = f"{name}[{index}].{key}"
            if isinstance(value, str) and (key.endswith("_id") or key in {"created_by", "decided_by"}):
                pattern = MEMBER_ID if key in MEMBER_ID_FIELDS else HEX_ID
                assert pattern.match(value), f"{where}: {value!r}"
            if key in GROUP_LIST_FIELDS and isinstance(value, list):
                # A list of ids; a list of named groups has its `group_id`s checked as fields.
                ids = [group for group in value if isinstance(group, str)]
                assert all(HEX_ID.match(group) for group in ids), where
            if isinstance(value, str) and (key.endswith("_at") or key == "generated_at"):
                assert (UTC_TIME if answer else ANY_TIME).match(value), f"{where}: {value!r}"
