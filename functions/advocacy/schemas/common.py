"""Shapes shared by every resource: the error body, list pages, and the field types of request bodies.

Request text is printable (docs/decisions.md): one-line fields (names, titles, handles, URLs) take no
control characters at all; long texts (a content body, messages, descriptions, notes) also take tabs
and line breaks. Times in bodies are ISO-8601 strings with an offset, between the years 2000 and 2100.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic import Strict as StrictTypes
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from advocacy.domain.names import INVISIBLE, NameIssue, normalised_name
from advocacy.domain.times import EARLIEST_YEAR, LATEST_YEAR

# Unicode category Cc (C0, DEL, C1), the line and paragraph separators, and lone surrogates; texts may
# keep tab, line feed, carriage return and the separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


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


@dataclass(frozen=True)
class Documented:
    """What the OpenAPI document says of a string that its validators check in code: a `pattern`
    (ECMA-262 and Python alike) and a `maxLength`, so that clients and fuzzers know the rule too.
    It documents; it does not validate (the validators keep their own, clearer, messages)."""

    pattern: str | None = None
    max_length: int | None = None

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if self.pattern is not None:
            json_schema["pattern"] = self.pattern
        if self.max_length is not None:
            json_schema["maxLength"] = self.max_length
        return json_schema


def not_null(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of a `Patch` field that may be left out but not sent as null (a 422): the
    document offers its type without null. (Validation keeps `X | None`, whose errors name the field.)"""
    options = schema.pop("anyOf", [])
    schema.update(next(option for option in options if option != {"type": "null"}))
    schema.pop("default", None)


def one_of(enum: type[Enum]) -> Any:
    """A field holding a value of `enum`: checked and documented as the literal strings (the same
    schema and messages as a `Literal` of them), read as the enum's member."""
    return Annotated[Literal[tuple(member.value for member in enum)], AfterValidator(enum)]


@dataclass(frozen=True)
class MaxLength:
    """At most `limit` characters as sent, white space around it included: what the document's
    `maxLength` counts. (StringConstraints' max_length counts after `strip_whitespace`, so a name of
    200 characters and a space would be valid here and too long in the document.) Put it last."""

    limit: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["maxLength"] = self.limit
        return json_schema

    def _check(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) > self.limit:
            raise PydanticCustomError(
                "string_too_long",
                "String should have at most {max_length} characters",
                {"max_length": self.limit},
            )
        return value


# What `strip_whitespace` takes off both ends: Unicode White_Space (not Python's isspace()).
WHITE_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
LINE_BANNED = r"\x00-\x1f\x7f-\x9f\u2028\u2029"  # what printable_line refuses (but lone surrogates)
TEXT_BANNED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # what printable_text refuses (but lone surrogates)


def text_pattern(banned: str, *, stripped: bool, required: bool) -> Documented:
    """The documented pattern of a text field whose characters may not be `banned` once it is
    stripped (when `stripped`) and which must keep a character that is not white space (when
    `required`: min_length 1 after stripping, or a message that must not be blank)."""
    ok, edge, space = f"[^{banned}]", f"[^{banned}{WHITE_SPACE}]", f"[{WHITE_SPACE}]"
    if not stripped:
        return Documented(pattern=f"^{ok}*{edge}{ok}*$" if required else f"^{ok}*$")
    core = f"{edge}(?:{ok}*{edge})?"
    return Documented(pattern=f"^{space}*{core}{space}*$" if required else f"^{space}*(?:{core})?{space}*$")


# Put one of these after a string's StringConstraints: `Annotated[str, StringConstraints(...), OneLine]`,
# and the matching text_pattern() after it.
OneLine = AfterValidator(printable_line)
MultiLine = AfterValidator(printable_text)
REQUIRED_LINE = text_pattern(LINE_BANNED, stripped=True, required=True)
OPTIONAL_LINE = text_pattern(LINE_BANNED, stripped=True, required=False)
TEXT = text_pattern(TEXT_BANNED, stripped=False, required=False)
NONBLANK_TEXT = text_pattern(TEXT_BANNED, stripped=False, required=True)
STRIPPED_TEXT = text_pattern(TEXT_BANNED, stripped=True, required=False)
REQUIRED_TEXT = text_pattern(TEXT_BANNED, stripped=True, required=True)  # min_length 1 once stripped
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), OneLine, REQUIRED_LINE, MaxLength(200)
]


def _readable_name(value: str) -> str:
    try:
        return normalised_name(value)
    except NameIssue as issue:
        raise PydanticCustomError("name_characters", str(issue)) from None


# The name of a person or a group (domain/names.py): a Name stored in NFKC, without zero-width or
# bidirectional control characters, and no word mixing Latin letters with Cyrillic or Greek ones.
DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    OneLine,
    AfterValidator(_readable_name),
    text_pattern(LINE_BANNED + INVISIBLE, stripped=True, required=True),
    MaxLength(200),
]
# A search (`?q=`): one line, not blank, at most SEARCH_LENGTH characters as sent; each list says in
# its own `Field(description=...)` what it searches (matched ignoring case).
SEARCH_LENGTH = 100
SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    OneLine,
    REQUIRED_LINE,
    MaxLength(SEARCH_LENGTH),
]
ID_PATTERN = r"^[A-Za-z0-9_-]+$"
# Dates and times of EARLIEST_YEAR to LATEST_YEAR, 2000 to 2100, by the year they are written with
# (spelled out: tests/unit/test_documented_rules.py checks it against the validators' bounds).
YEAR_PATTERN = r"^(?:20[0-9]{2}|2100)-"
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=ID_PATTERN)]
Moment = Annotated[
    AwareDatetime,
    StrictTypes(False),
    BeforeValidator(_time_text),
    AfterValidator(_plausible_year),
    # The year as written, with its offset, is the one checked.
    Documented(pattern=YEAR_PATTERN),
]
Money = Annotated[float, Field(ge=0, le=100_000), AfterValidator(_cents)]


def _in_order(value: Any) -> Any:
    return sorted(value or ())


# The groups of a member, content or contest in an answer: kept as a set (in no order, or none at
# all), answered as a sorted list.
GroupIds = Annotated[list[str], BeforeValidator(_in_order)]


def examples(*values: dict[str, Any]) -> ConfigDict:
    """A model's `model_config` with its examples for the OpenAPI document: JSON as the API sends or
    takes it (each must validate against the model: tests/unit/test_openapi_examples.py)."""
    return ConfigDict(json_schema_extra={"examples": list(values)})


# Values the examples share, shaped as the API makes them: ids of 32 hex digits (those of content,
# contests, rewards and redemptions start with their creation time), a member's id its Cognito `sub`
# (a UUID), times in UTC.
EXAMPLE_ORG_ID = "771ce6b74d693ad45d48a59c0bdda94a"
EXAMPLE_ADMIN_ID = "d6247ff6-7d4f-432b-8030-c2aee13a89dc"
EXAMPLE_MANAGER_ID = "d3fa7959-4c27-43b3-8f05-aab84715087d"
EXAMPLE_MEMBER_ID = "f8fd9908-1002-4394-b479-9a269a5a99d8"
EXAMPLE_OTHER_MEMBER_ID = "c1f6fa0d-32b0-4f81-9f08-ff3ebda66eb1"
EXAMPLE_GROUP_ID = "47f536c4a72c095aa7c21386798be605"
EXAMPLE_OTHER_GROUP_ID = "650499081ee88ac1bd320499ef3f7b94"
EXAMPLE_CONTENT_ID = "01a19b7ca680101b545e7822c634a33e"
EXAMPLE_SHARE_ID = "695c43da0534bfd46c56736c3427e161"
EXAMPLE_CODE = "bEDKaen5NM4I"
EXAMPLE_TRACKED_URL = f"https://go.acme.example/r/{EXAMPLE_CODE}"
EXAMPLE_ENTRY_ID = "c196460116591e81ead0fb6bfc840e5a"
EXAMPLE_CONTEST_ID = "01a1963ad340ae82695e671650f059ee"
EXAMPLE_REWARD_ID = "01a1592ec600630ffccdb1ee52bfe742"
EXAMPLE_REDEMPTION_ID = "01a19bed0fd8064358129db669e2623d"
EXAMPLE_EXPORT_ID = "3c43b9ead17c963b40e560ca4e0c7e38"
EXAMPLE_CURSOR = (  # opaque to clients: pass it back as it came
    "eyJjb250ZW50X2lkIjp7IlMiOiIwMWExOGJjNGU4NjAwZDRkYWI2ODkxMmU3MWUyZjJmOCJ9LCJvcmdfaWQiOnsiUyI6"
    "Ijc3MWNlNmI3NGQ2OTNhZDQ1ZDQ4YTU5YzBiZGRhOTRhIn19"
)


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
