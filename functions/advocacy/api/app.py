"""The HTTP resolver: routers, validation, CORS, error mapping and the OpenAPI description."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from advocacy import __version__
from advocacy.api import (
    analytics,
    content,
    contests,
    errors,
    exports,
    groups,
    leaderboards,
    me,
    members,
    org,
    rewards,
    service,
    sharing,
)
from advocacy.domain.errors import BadRequest, PayloadTooLarge
from advocacy.schemas.common import ErrorBody

MAX_BODY_BYTES = 64 * 1024
ROUTERS = (
    service.router,
    me.router,
    org.router,
    members.router,
    groups.router,
    content.router,
    sharing.router,
    leaderboards.router,
    contests.router,
    analytics.router,
    exports.router,
    rewards.router,
)


def parse_body(raw: str) -> Any:
    """Body parser for validated routes: 413 past 64 KB, 400 for anything but JSON."""
    if len(raw.encode()) > MAX_BODY_BYTES:
        raise PayloadTooLarge("Request bodies are limited to 64 KB.")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadRequest("The request body is not valid JSON.") from exc


def build_app(cors_origins: tuple[str, ...] = ()) -> APIGatewayHttpResolver:
    cors = None
    if cors_origins:
        cors = CORSConfig(
            allow_origin=cors_origins[0],
            extra_origins=list(cors_origins[1:]),
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            max_age=600,
        )
    app = APIGatewayHttpResolver(
        cors=cors,
        enable_validation=True,
        response_validation_error_http_code=500,
        json_body_deserializer=parse_body,
    )
    app.configure_openapi(
        title="Advocacy API",
        version=__version__,
        description="Employee advocacy: content, sharing, tracking, points and analytics. See API.md.",
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT", description="Cognito ID token")},
        security=[{"cognito": []}],
    )
    for router in ROUTERS:
        app.include_router(router)
    errors.register(app)
    return app


ERROR_STATUSES = {
    "400": "Malformed JSON body",
    "401": "Missing, invalid or expired token, or an inactive member",
    "403": "The caller's role may not use this route",
    "404": "Not found (also any other org's resource)",
    "409": "Conflict with the current state",
    "413": "Body over 64 KB",
    "422": "Invalid fields (details name each one)",
    "500": "Unexpected error (never with a stack trace)",
    "503": "Busy; retry after the Retry-After header",
}


def _error_responses(public: bool) -> dict[str, Any]:
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    skip = {"401", "403", "404", "409", "413", "422", "400"} if public else set()
    return {code: {"description": text, **ref} for code, text in ERROR_STATUSES.items() if code not in skip}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, with API.md's error body on every operation.

    Public operations get an empty `security`, which CDK reads to leave them without an authorizer.
    """
    document: dict[str, Any] = json.loads(build_app().get_openapi_json_schema())
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            public = bool(operation.pop("x-advocacy-public", False))
            if public:
                operation["security"] = []
            responses = operation["responses"]
            for generated in ("422", "500"):  # Powertools' own shapes; ours replace them
                responses.pop(generated, None)
            responses.update(_error_responses(public))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(unused, None)
    error_schema = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorBody"] = error_schema
    return document
