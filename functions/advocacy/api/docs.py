"""What the OpenAPI document says of an operation, in one shape: what it does, then its rules.

Every route's decorator takes `**rules(Role.X, "What it does.", ...)`: the least role the route needs
(`access(role)`, which `deps.enforce_access` applies and the document publishes as `x-advocacy-role`)
and a description that ends with one line per rule:

    - Role: the least role, from `role` (`who` says more)
    - Limits: the bounds of its parameters and fields (`limits`, when it has any)
    - Idempotency: what a repeat does (`idempotency`; a read unless said otherwise)
    - Errors: the answers by docs/api.md's codes (401 and 403 follow from `role`, then `errors`)

tests/unit/test_openapi_operations.py checks these lines against the rest of the document.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, TypedDict

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access
from advocacy.domain.roles import Role, at_least

# An error answer: (status, code, what causes it; "" to say nothing more).
Error = tuple[int, str, str]


_ROUTE = inspect.signature(APIGatewayHttpRouter.route)


class Router(APIGatewayHttpRouter):
    """The routes of one resource: each is listed under the resource's `tag` in the document, so a
    route declares only what is its own."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tags = [tag]

    def route(self, *args: Any, **kwargs: Any) -> Any:
        # `get`, `post`... pass every keyword on positionally, `tags` among them.
        call = _ROUTE.bind(self, *args, **kwargs)
        call.arguments["tags"] = call.arguments.get("tags") or self.tags
        return super().route(*call.args[1:], **call.kwargs)


class Rules(TypedDict):
    """The keywords of a route's decorator that `rules` fills in."""

    description: str
    openapi_extensions: dict[str, Any]


ROLES = {
    None: "public (no token)",
    Role.MEMBER: "`member` (any active member)",
    Role.MANAGER: "`manager` (or `admin`)",
    Role.ADMIN: "`admin`",
}
PUBLIC_ERRORS = "none of its own; API Gateway may answer 429 (throttling), 500 or 503"

PAGE = "`limit` 1 to 100 (default 20)"
DAY_RANGE = "`from` and `to` between 2000-01-01 and 2100-12-31, `from` not after `to`, at most 366 days"

READ = "a read, safe to repeat"
# A POST that writes nothing (it only reads, elsewhere): `Idempotency-Key` is neither taken nor documented.
KEYLESS = "x-advocacy-keyless"
WRITES_NOTHING = "no `Idempotency-Key`: it writes nothing, so a repeat only asks again"
SAME_CHANGE = "no `Idempotency-Key`; sending the same change again changes nothing more"
KEYED = "honours `Idempotency-Key` (a retry with the same key and body within 24 h gets the first answer"

MALFORMED_ID = "a malformed id"
FOREIGN_CURSOR = "a `cursor` this list did not give"
A_FIELD = "a field"
BAD_RANGE = "a range out of order or over 366 days"
CONCURRENT_CHANGE = "a concurrent change: retry"


def short_pages(which: str, why: str = "") -> str:
    """The limits of a list whose pages (`which` of them, and `why`) may end short before its end."""
    short = f"{which} may hold fewer items, even none, while `next_cursor` is not null{why}"
    return f"{PAGE}. {short}: read on until it is"


FILTERED_PAGE = short_pages("A filtered page")


def creates(thing: str) -> str:
    """The idempotency of a POST that creates `thing` (a noun with its article's "a" left out)."""
    return f"{KEYED} and creates nothing). Without a key, a repeat creates a second {thing}"


def not_found(cause: str) -> Error:
    return (404, "not_found", cause)


def conflict(cause: str, code: str = "conflict") -> Error:
    return (409, code, cause)


def invalid(*causes: str) -> Error:
    return (422, "validation_error", ", ".join(causes))


BAD_ID = invalid(MALFORMED_ID)
BAD_CURSOR = invalid(FOREIGN_CURSOR)


def _errors(role: Role | None, errors: Sequence[Error]) -> str:
    if role is None and not errors:
        return PUBLIC_ERRORS
    implied: list[Error] = []
    if role is not None and not any(status == 401 for status, _, _ in errors):
        implied.append((401, "unauthorized", ""))
    below = [
        f"a {lower.value}" for lower in (Role.MEMBER, Role.MANAGER) if role and not at_least(lower, role)
    ]
    if below:
        implied.append((403, "forbidden", " or ".join(below)))
    return "; ".join(
        f"{status} `{code}`" + (f" ({cause})" if cause else "") for status, code, cause in [*implied, *errors]
    )


def keyless(declared: Rules) -> Rules:
    """`declared` for a POST that writes nothing: the idempotency middleware passes it by (decision 64)."""
    return {**declared, "openapi_extensions": {**declared["openapi_extensions"], KEYLESS: True}}


def rules(
    role: Role | None,
    text: str,
    *,
    who: str = "",
    limits: str | None = None,
    idempotency: str = READ,
    errors: Sequence[Error] = (),
) -> Rules:
    """A route's declared role and its description: `text`, then its rules (see the module). `who`
    follows the role as written (`"; only the caller's own"`); the other rules end with a period."""
    lines = {
        "Role": ROLES[role] + who,
        "Limits": limits,
        "Idempotency": idempotency,
        "Errors": _errors(role, errors),
    }
    described = "\n".join(f"- {label}: {rule}." for label, rule in lines.items() if rule is not None)
    return {"description": f"{text}\n\n{described}", "openapi_extensions": access(role)}
