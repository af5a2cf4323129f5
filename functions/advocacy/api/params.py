"""Path and query parameters more than one router takes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from advocacy.schemas.common import ID_PATTERN, YEAR_PATTERN

Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=2048)]
# Every id the API hands out is 1 to 64 letters, digits, `_` or `-`: a path parameter of any other
# shape is a 422 (Powertools matches path parameters still percent-encoded, so it is also the rule
# that keeps an encoded value from being read as another id).
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
ContentId = PathId

# A day between domain.times.FIRST_DAY and LAST_DAY (the pattern says so of the year; `format: date`
# the rest), in the org's time zone.
_DAY_SCHEMA = {"pattern": YEAR_PATTERN}
_DAY_TEXT = "YYYY-MM-DD in the org's time zone, 2000 to 2100"
Day = Annotated[date | None, Query(description=_DAY_TEXT, json_schema_extra=_DAY_SCHEMA)]
FromDay = Annotated[date | None, Query(alias="from", description=_DAY_TEXT, json_schema_extra=_DAY_SCHEMA)]
# Asking for an export: `respond-async` has it built into a file whatever its size.
Prefer = Annotated[
    str | None,
    Header(
        description="`respond-async`: always build a file (answer 202)",
        max_length=200,
        examples=["respond-async"],
    ),
]
# Polling an export: false answers a ready export 200 with its `url` (a browser cannot read a
# redirect's `Location` across origins).
Redirect = Annotated[
    bool, Query(description="false: answer a ready export 200 with its `url` rather than 302 to it")
]
