"""The models every schema builds on (`Shape`, `Strict` request bodies, `Patch`, `Page`), how a
model gives its examples, and the error body."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError


def not_null(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of a `Patch` field that may be left out but not sent as null (a 422): the
    document offers its type without null. (Validation keeps `X | None`, whose errors name the field.)"""
    options = schema.pop("anyOf", [])
    schema.update(next(option for option in options if option != {"type": "null"}))
    schema.pop("default", None)


def examples(*values: dict[str, Any]) -> ConfigDict:
    """A model's `model_config` with its examples for the OpenAPI document: JSON as the API sends or
    takes it (each must validate against the model: tests/unit/test_openapi_examples.py)."""
    return ConfigDict(json_schema_extra={"examples": list(values)})


class Shape(BaseModel):
    """Every schema's base. A model is built on its first use, not at import: a cold start then
    builds only the models of the route it serves, not all of them (docs/decisions.md, 53)."""

    model_config = ConfigDict(defer_build=True)


class Strict(Shape):
    """Request bodies: unknown fields are a 422, never silently ignored, and JSON types are not
    coerced ("5" is not a number, 1 is not true); times are the one string that is parsed."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Patch(Strict):
    """A PATCH body: only the fields sent change. A field declared with
    `Field(default=None, json_schema_extra=not_null)` may be left out but not sent as null: a 422
    whose detail names the field ("cannot be null")."""

    @field_validator("*")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs only for the fields sent (defaults are not validated).
        if (
            value is None
            and info.field_name
            and cls.model_fields[info.field_name].json_schema_extra is not_null
        ):
            raise PydanticCustomError("not_null", "cannot be null")
        return value


class Page(Shape):
    """A page of a list, and the cursor of the next one (null at the end). A list's page class names
    its items' model (`items: list[ItemOut]`) and gives its examples. (Not a generic `Page[ItemOut]`:
    parametrizing one builds it at import, which a cold start must not pay: decision 53.)"""

    items: list[Any]
    next_cursor: str | None


class ErrorDetail(Shape):
    model_config = examples({"field": "title", "message": "String should have at least 1 character"})

    field: str
    message: str


class ErrorInfo(Shape):
    model_config = examples(
        {"code": "not_found", "message": "content not found", "details": []},
    )

    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(Shape):
    model_config = examples(
        {
            "error": {
                "code": "validation_error",
                "message": "Some fields are not valid.",
                "details": [{"field": "title", "message": "String should have at least 1 character"}],
            }
        },
        {"error": {"code": "out_of_stock", "message": "This reward is out of stock.", "details": []}},
    )

    error: ErrorInfo


class GatewayError(Shape):
    """API Gateway's own answers, given before or instead of the function: the JWT authorizer's
    401, a body over its 10 MB limit, stage throttling (429), a failed or timed-out function."""

    model_config = examples({"message": "Unauthorized"}, {"message": "Too Many Requests"})

    message: str
