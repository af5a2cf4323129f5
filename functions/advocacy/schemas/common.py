"""The field types request bodies share (names, ids, times, money, text), with their rules.

Request text is printable (docs/decisions.md): one-line fields (names, titles, handles, URLs) take no
control characters at all; long texts (a content body, messages, descriptions, notes) also take tabs
and line breaks. Times in bodies are ISO-8601 strings with an offset, between the years 2000 and 2100.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
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


def _in_utc(value: datetime) -> datetime:
    # The API answers times in UTC ("Z"), the ones it was sent included: a time is an instant, and
    # the offset it was written with is not kept.
    return value.astimezone(UTC)


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
    AfterValidator(_in_utc),
    Documented(pattern=YEAR_PATTERN),
]
Money = Annotated[float, Field(ge=0, le=100_000), AfterValidator(_cents)]


def _in_order(value: Any) -> Any:
    return sorted(value or ())


# The groups of a member, content or contest in an answer: kept as a set (in no order, or none at
# all), answered as a sorted list.
GroupIds = Annotated[list[str], BeforeValidator(_in_order)]
