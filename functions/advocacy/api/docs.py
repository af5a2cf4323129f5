"""What the OpenAPI document says of an operation, in one shape: what it does, then its rules.

Every route's decorator takes `**rules(Role.X, "What it does.", ...)`: the least role the route needs
(`access(role)`, which `deps.enforce_access` applies and the document publishes as `x-advocacy-role`)
and a description that ends with one line per rule:

    - Role: the least role, from `role` (`who` says more)
    - Limits: the bounds of its parameters and fields (`limits`, when it has any)
    - Idempotency: what a repeat does (`idempotency`; a read unless said otherwise)
    - Errors: the answers by docs/api.md's codes (401 and 403 follow from `role`, then `errors`,
      written with `api/error_docs.py`)

Routes of one kind say their shared rules through one helper: `list_rules` (a page read),
`read_rules` (one item by id), `delete_rules`, `decision_rules` (approve, reject, accept, decline).
A router is a `Router(tag)`, which lists its routes under the resource's tag.

tests/unit/test_openapi_operations.py checks these lines against the rest of the document.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, TypedDict

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy.api.deps import access
from advocacy.api.error_docs import (
    A_FIELD,
    BAD_CURSOR,
    BAD_ID,
    MALFORMED_ID,
    Error,
    conflict,
    invalid,
    not_found,
)
from advocacy.domain.roles import Role, at_least

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

# Who may read what, said after the role (`who`).
OWN = "; only the caller's own"
THEMSELVES = ", for themselves"

READ = "a read, safe to repeat"
# A POST that writes nothing (it only reads, elsewhere): `Idempotency-Key` is neither taken nor documented.
KEYLESS = "x-advocacy-keyless"
WRITES_NOTHING = "no `Idempotency-Key`: it writes nothing, so a repeat only asks again"
SAME_CHANGE = "no `Idempotency-Key`; sending the same change again changes nothing more"
KEYED = "honours `Idempotency-Key` (a retry with the same key and body within 24 h gets the first answer"

# What polling an export answers (api.views.export_polled), after whose export it is.
EXPORT_POLL = (
    "200 while `pending` or `building` (poll again after `Retry-After`), 200 with `failed` and an "
    "`error` (request it again), and once `ready` a 302 whose `Location`, also the body's `url`, is the "
    "file, presigned for 15 minutes; with `redirect=false` a ready export is a 200 with `url` instead (a "
    "browser cannot read a redirect's `Location` across origins). Answers are `Cache-Control: no-store`."
)


def short_pages(which: str, why: str = "") -> str:
    """The limits of a list whose pages (`which` of them, and `why`) may end short before its end."""
    short = f"{which} may hold fewer items, even none, while `next_cursor` is not null{why}"
    return f"{PAGE}. {short}: read on until it is"


FILTERED_PAGE = short_pages("A filtered page")


def creates(thing: str) -> str:
    """The idempotency of a POST that creates `thing` (a noun with its article's "a" left out)."""
    return f"{KEYED} and creates nothing). Without a key, a repeat creates a second {thing}"


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


def list_rules(role: Role, text: str, *, who: str = "", limits: str = PAGE) -> Rules:
    """`rules` of a list read a page at a time and by nothing else: its one error of its own is a
    cursor it did not give."""
    return rules(role, text, who=who, limits=limits, errors=[BAD_CURSOR])


def read_rules(role: Role, text: str, missing: str, *, who: str = "") -> Rules:
    """`rules` of a read of one item by its id: 404 for the `missing` one, 422 for a malformed id."""
    return rules(role, text, who=who, errors=[not_found(missing), BAD_ID])


def delete_rules(role: Role, text: str, missing: str) -> Rules:
    """`rules` of a DELETE that answers 204 and leaves nothing behind, so a repeat finds nothing: 404
    (`missing`, or already deleted)."""
    return rules(
        role,
        text,
        idempotency="no `Idempotency-Key`; a repeat answers 404",
        errors=[not_found(f"{missing}, or already deleted"), BAD_ID],
    )


def decision_rules(role: Role, text: str, missing: str, *, once: str = "", note: str | None = None) -> Rules:
    """`rules` of a decision on a pending item (approve, reject, accept, decline), made once: a retry
    with the key gets it back (with what it did `once`), a repeat without one is a 409. `note`: the
    limits of the note it takes, when it takes one."""
    return rules(
        role,
        text,
        limits=note,
        idempotency="honours `Idempotency-Key`: a retry with the same key gets the decision back"
        f"{once}. Without a key, a repeat answers 409",
        errors=[
            not_found(missing),
            conflict("already decided"),
            invalid(A_FIELD, MALFORMED_ID) if note is not None else BAD_ID,
        ],
    )
