"""The HTTP resolver: routers, validation, CORS, error mapping and the OpenAPI description."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig
from aws_lambda_powertools.event_handler.types import EventHandlerInstance
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from advocacy import __version__
from advocacy.adapters.powertools import HttpResolver
from advocacy.api import (
    analytics,
    autoshare,
    connections,
    content,
    contests,
    deps,
    errors,
    exports,
    feeds,
    groups,
    idempotency,
    leaderboards,
    links,
    me,
    members,
    my_data,
    org,
    previews,
    rewards,
    service,
    share_checks,
    sharing,
    suggestions,
)
from advocacy.domain.errors import (
    BadRequest,
    FieldIssue,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from advocacy.schemas.shapes import ErrorBody, GatewayError

MAX_BODY_BYTES = 64 * 1024
ROUTERS = (
    service.router,
    me.router,
    my_data.router,
    org.router,
    members.router,
    groups.router,
    content.router,
    previews.router,
    sharing.router,
    leaderboards.router,
    contests.router,
    analytics.router,
    exports.router,
    feeds.router,
    rewards.router,
    suggestions.router,
    connections.router,
    autoshare.router,
    share_checks.router,
)


MAX_BODY_DEPTH = 16  # the deepest body a route takes is 3 levels (`networks.x.handle`)


def read_body(body: str | None, base64_encoded: bool) -> str | None:
    """The request body as text: 413 past 64 KB (counted in bytes, after base64 decoding), 400 when
    it is not base64 as announced or not UTF-8."""
    if not body:
        return body
    try:
        raw = (
            base64.b64decode(body, validate=True) if base64_encoded else body.encode("utf-8", "surrogatepass")
        )
    except (binascii.Error, ValueError) as exc:
        raise BadRequest("The request body is not valid base64.") from exc
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge("Request bodies are limited to 64 KB.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("The request body is not valid UTF-8.") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _number(text: str) -> float | int:
    """A JSON number with a fraction or exponent: an integer when its value is whole (JSON Schema's
    rule, which the document follows: `5.0` is the integer 5), else a float."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _check_tree(document: Any) -> None:
    """Nesting within MAX_BODY_DEPTH and no lone surrogate (`"\\ud800"` is valid JSON, not text)."""
    stack = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= MAX_BODY_DEPTH:
                raise BadRequest(f"The request body is nested more than {MAX_BODY_DEPTH} levels deep.")
            children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise BadRequest("The request body holds text that is not valid Unicode.") from exc


def parse_body(text: str) -> Any:
    """Body parser for validated routes: a JSON object (or null, for an optional body), else 400 for
    anything but strict JSON (no NaN or Infinity) and 422 for another JSON type. Whole numbers
    written with a fraction (`5.0`, `5e0`) are integers, as JSON Schema reads them."""
    try:
        document = json.loads(text, parse_constant=_no_constant, parse_float=_number)
    except RecursionError as exc:
        raise BadRequest(f"The request body is nested more than {MAX_BODY_DEPTH} levels deep.") from exc
    except ValueError as exc:
        raise BadRequest("The request body is not valid JSON.") from exc
    _check_tree(document)
    if document is not None and not isinstance(document, dict):
        raise ValidationFailed(
            "The request body must be a JSON object.", [FieldIssue("body", "must be a JSON object")]
        )
    return document


class HttpRequest(APIGatewayProxyEventV2):
    """The event as routes, validation and middlewares see it: its body read once, strictly."""

    @cached_property
    def decoded_body(self) -> str | None:
        return read_body(self.body, bool(self.is_base64_encoded))


def is_json_media_type(content_type: str) -> bool:
    """`application/json` or a `+json` type, whatever the parameters (charset) and case."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def read_json_body(app: EventHandlerInstance) -> Any:
    """The body request validation checks, read as JSON only (docs/api.md).

    Powertools would parse a form or a multipart upload itself, past `parse_body` and its rules,
    and fail with a 500 on other types or on a malformed multipart body. A body declared as
    anything but JSON is a 415 instead; a body with no declared type is read as JSON.
    """
    event = app.current_event
    content_type = event.headers.get("content-type", "").strip()
    if content_type and event.body and not is_json_media_type(content_type):
        raise UnsupportedMediaType("Request bodies must be JSON (Content-Type: application/json).")
    return event.json_body  # parsed by `parse_body`: its errors are ours (400, 422), never Powertools'


def build_app(cors_origins: tuple[str, ...] = ()) -> APIGatewayHttpResolver:
    cors = None
    if cors_origins:
        cors = CORSConfig(
            allow_origin=cors_origins[0],
            extra_origins=list(cors_origins[1:]),
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Prefer"],
            expose_headers=["Location", "Retry-After"],
            max_age=600,
        )
    app = HttpResolver(
        event_class=HttpRequest,
        read_body=read_json_body,
        cors=cors,
        enable_validation=True,
        response_validation_error_http_code=500,
        json_body_deserializer=parse_body,
    )
    for router in ROUTERS:
        app.include_router(router)
    # enforce_access first: nothing of a route (not even a replayed answer) runs before its role is checked.
    app.use(middlewares=[deps.enforce_access, idempotency.middleware])
    errors.register(app)
    return app


ERROR_STATUSES = {
    "400": "Malformed JSON body",
    "401": "Missing, invalid or expired token, or an inactive member",
    "403": "The caller's role may not use this route",
    "404": "Not found (also any other org's resource)",
    "409": "Conflict with the current state",
    "413": "Body over 64 KB",
    "415": "Body not sent as JSON",
    "422": (
        "Invalid fields (details name each one). Besides this document's schemas, a 422 answers what "
        "depends on other fields or on stored data: a cursor no list gave, an id naming nothing of "
        "this org (`groups`, a prize's `reward_id`), an unknown time zone, a period key of another "
        "period, a time already past or out of order, a range over 366 days, a message over its "
        "network's limit, a place given two prizes, level thresholds out of order, a link that cannot "
        "be fetched, an address the sign-in service refuses"
    ),
    "429": "Over the API's throttling limits (API Gateway); retry later",
    "500": "Unexpected error (never with a stack trace)",
    "503": "Busy; retry after the Retry-After header",
}
# Statuses API Gateway itself may answer with its own `{"message": ...}` body: the JWT authorizer
# (401), a body over its payload limit (413), stage throttling (429), a failed or timed-out function.
GATEWAY_STATUSES = frozenset({"401", "413", "429", "500", "503"})


def _error_responses(public: bool, has_body: bool) -> dict[str, Any]:
    """docs/api.md's error body for every status, or API Gateway's own body where the gateway may answer."""
    ours = {"$ref": "#/components/schemas/ErrorBody"}
    gateway = {"anyOf": [ours, {"$ref": "#/components/schemas/GatewayError"}]}
    skip = {"401", "403", "404", "409", "413", "422", "400"} if public else set()
    if not has_body:
        skip.add("415")
    return {
        code: {
            "description": text,
            "content": {"application/json": {"schema": gateway if code in GATEWAY_STATUSES else ours}},
        }
        for code, text in ERROR_STATUSES.items()
        if code not in skip
    }


DESCRIPTION = (
    "Employee advocacy: admins and managers publish company news, members share it to LinkedIn, X, "
    "Facebook or email with a tracked short link, and points, leaderboards, contests and rewards keep "
    "them at it. Every route but `GET /health` needs `Authorization: Bearer <Cognito ID token>`; the "
    'least role a route needs is its `x-advocacy-role`. Errors are `{"error": {"code", "message", '
    '"details"}}` (`ErrorBody`), or API Gateway\'s own `{"message"}` (`GatewayError`) where the '
    "gateway answers; a method a path does not list is refused by the gateway itself, with 404 "
    '`{"message": "Not Found"}`. Every authenticated POST takes an `Idempotency-Key`. Lists are pages '
    "with an opaque `next_cursor`. Response links name the operations that take an id the answer "
    "returns. Bodies are JSON; a whole number written with a fraction (`5.0`) is an integer. White "
    "space that a field's pattern allows at its ends is trimmed; `maxLength` counts the text as sent. "
    "The full contract, with examples, is docs/api.md in the repository."
)
# Statuses whose answers never have a body (RFC 9110): documented without `content`.
NO_CONTENT = frozenset({"204", "304"})


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, with docs/api.md's error body on every operation.

    Every operation keeps its declared least role as `x-advocacy-role` (`public`, `member`, `manager`
    or `admin`); one without a declaration fails generation. Public operations get an empty
    `security`, which CDK reads to leave them without an authorizer.
    """
    with routers_kept():
        return _document()


@contextmanager
def routers_kept() -> Iterator[None]:
    """Build another app inside: including a router points its request state at the app that included
    it last, so the routers go back, after, to the app that serves requests in this process (a
    test's, the local stack's)."""
    serving = [router.api_resolver for router in ROUTERS]
    try:
        yield
    finally:
        for router, resolver in zip(ROUTERS, serving, strict=True):
            router.api_resolver = resolver


def _document() -> dict[str, Any]:
    # Powertools' OpenAPI models take ~80 ms to import: only the generator loads them, not a cold start.
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    app = build_app()
    app.configure_openapi(
        title="Advocacy API",
        version=__version__,
        description=DESCRIPTION,
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT", description="Cognito ID token")},
        security=[{"cognito": []}],
    )
    document: dict[str, Any] = json.loads(app.get_openapi_json_schema())
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            public = deps.declared_role(operation, f"{method.upper()} {path}") is None
            if public:
                operation["security"] = []
            responses = operation["responses"]
            for generated in ("422", "500"):  # Powertools' own shapes; ours replace them
                responses.pop(generated, None)
            for status in NO_CONTENT & responses.keys():
                # Powertools documents `Response[None]` as a JSON `null`; the wire has no body at all.
                responses[status].pop("content", None)
                responses[status]["description"] = "No content"
            responses.update(_error_responses(public, "requestBody" in operation))
    idempotency.describe(document)
    links.describe(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(unused, None)
    error_schema = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorBody"] = error_schema
    schemas["GatewayError"] = GatewayError.model_json_schema(ref_template="#/components/schemas/{model}")
    return document
