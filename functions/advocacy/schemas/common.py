"""Shapes shared by every resource: the error body, list pages, and the field types of request bodies.

Request text is printable (docs/decisions.md): one-line fields (names, titles, handles, URLs) take no
control characters at all; long texts (a content body, messages, descriptions, notes) also take tabs
and line breaks. Times in bodies are ISO-8601 strings with an offset, between the years 2000 and 2100.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic import Strict as StrictTypes
from pydantic_core import PydanticCustomError

# Unicode category Cc (C0, DEL, C1), the line and paragraph separators, and lone surrogates; texts may
# keep tab, line feed, carriage return and the separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def printable_line(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError("control_characters", "must not contain control characters or line breaks")
    return value


def printable_text(value: str) -> str:
    if _CONTROL_IN_TEXT.search(value):
        raise PydanticCustomError("control_characters", "must not contain control characters")
    return value


def _time_text(value: Any) -> Any:
    """JSON has no time type: a time is a string (never a number of seconds)."""
    if not isinstance(value, str | datetime):
        raise PydanticCustomError("datetime_type", "must be an ISO-8601 date-time string with an offset")
    return value


def _plausible_year(value: datetime) -> datetime:
    # Bounds keep every conversion to UTC and every key time well inside what datetime can hold.
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise PydanticCustomError(
            "datetime_range", f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
        )
    return value


def _cents(value: float) -> float:
    # DynamoDB numbers cannot be smaller than 1e-130; money needs no more than 4 decimals.
    return round(value, 4)


# Put one of these after a string's StringConstraints: `Annotated[str, StringConstraints(...), OneLine]`.
OneLine = AfterValidator(printable_line)
MultiLine = AfterValidator(printable_text)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), OneLine]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Moment = Annotated[
    AwareDatetime, StrictTypes(False), BeforeValidator(_time_text), AfterValidator(_plausible_year)
]
Money = Annotated[float, Field(ge=0, le=100_000), AfterValidator(_cents)]


class Shape(BaseModel):
    """Every schema's base. A model is built on its first use, not at import: a cold start then
    builds only the models of the route it serves, not all of them (docs/decisions.md, 53)."""

    model_config = ConfigDict(defer_build=True)


class Strict(Shape):
    """Request bodies: unknown fields are a 422, never silently ignored, and JSON types are not
    coerced ("5" is not a number, 1 is not true); times are the one string that is parsed."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorDetail(Shape):
    field: str
    message: str


class ErrorInfo(Shape):
    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(Shape):
    error: ErrorInfo


class GatewayError(Shape):
    """API Gateway's own answers, given before or instead of the function: the JWT authorizer's
    401, a body over its 10 MB limit, stage throttling (429), a failed or timed-out function."""

    message: str


def page(items: list[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
