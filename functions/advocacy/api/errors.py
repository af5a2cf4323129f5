"""The one mapping from errors to the error body of docs/api.md. A 5xx never carries a stack trace."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestValidationError,
    ResponseValidationError,
)
from botocore.exceptions import ClientError, ConnectionError, HTTPClientError
from pynamodb.exceptions import PynamoDBException

from advocacy.domain.errors import (
    BadGateway,
    BadRequest,
    Conflict,
    DomainError,
    FieldIssue,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    Unavailable,
    UnsupportedMediaType,
    ValidationFailed,
)
from advocacy.observability import logger
from advocacy.store.errors import RETRYABLE_CODES, is_retryable, response_code

STATUS: list[tuple[type[DomainError], int]] = [
    (BadRequest, 400),
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (PayloadTooLarge, 413),
    (UnsupportedMediaType, 415),
    (ValidationFailed, 422),
    (BadGateway, 502),
    (Unavailable, 503),
]


def error_response(
    status: int, code: str, message: str, details: list[FieldIssue] | None = None, headers: dict | None = None
) -> Response:
    body = {"error": {"code": code, "message": message, "details": [d.as_dict() for d in details or []]}}
    return Response(status, "application/json", json.dumps(body), headers=headers or {})


def domain_response(exc: DomainError) -> Response:
    status = next((s for cls, s in STATUS if isinstance(exc, cls)), 500)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Unavailable) else None
    return error_response(status, exc.code, exc.message, exc.details, headers)


# A hostile body can name thousands of unknown fields, each as long as the body allows.
MAX_DETAILS = 50
MAX_FIELD_NAME = 200


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "networks", "x", "followers")` -> `networks.x.followers`; query and path keep their name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    name = ".".join(parts) or "body"
    return name if len(name) <= MAX_FIELD_NAME else name[: MAX_FIELD_NAME - 3] + "..."


def validation_response(exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "bad_request", "The request body is not valid JSON.")
    details = [
        FieldIssue(_field_name(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in errors[:MAX_DETAILS]
    ]
    return error_response(422, "validation_error", "Some fields are not valid.", details)


def unavailable() -> Response:
    return domain_response(Unavailable())


def _transient(exc: BaseException | None) -> bool:
    """Whether an AWS call failed because the service was busy or unreachable (a retry may work)."""
    if isinstance(exc, PynamoDBException):
        return is_retryable(exc)
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Code", "") in RETRYABLE_CODES
    return isinstance(exc, (ConnectionError, HTTPClientError))


def register(app: APIGatewayHttpResolver) -> None:
    """Attach the handlers; the most specific exception class wins."""

    @app.exception_handler(DomainError)
    def _domain(exc: DomainError) -> Response:
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response:
        return validation_response(exc)

    @app.exception_handler(ResponseValidationError)
    def _bad_response(exc: ResponseValidationError) -> Response:
        logger.error("response failed its schema", extra={"errors": exc.errors()})
        return error_response(500, "internal_error", "Something went wrong on our side.")

    @app.exception_handler(PynamoDBException)
    def _dynamodb(exc: PynamoDBException) -> Response:
        if is_retryable(exc):
            logger.warning("DynamoDB busy or unreachable", extra={"code": response_code(exc) or "timeout"})
            return unavailable()
        logger.exception("DynamoDB request failed")
        return error_response(500, "internal_error", "Something went wrong on our side.")

    @app.exception_handler(ClientError)
    def _aws(exc: ClientError) -> Response:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in RETRYABLE_CODES or code in {"TooManyRequestsException", "InternalErrorException"}:
            logger.warning("AWS dependency busy", extra={"code": code})
            return unavailable()
        logger.exception("AWS request failed")
        return error_response(500, "internal_error", "Something went wrong on our side.")

    @app.exception_handler([ConnectionError, HTTPClientError])
    def _unreachable(exc: Exception) -> Response:
        logger.warning("AWS dependency unreachable", extra={"error": type(exc).__name__})
        return unavailable()

    @app.not_found
    def _no_route(_: Exception) -> Response:
        return error_response(404, "not_found", "No such route.")

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side.")


def idempotency_answer(exc: Exception) -> Response | None:
    """The answer to an error of Powertools' idempotency, None for any other error. (Its classes are
    imported here: only keyed POSTs load the idempotency utility, see api/idempotency.py.)"""
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyInconsistentStateError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    if isinstance(exc, IdempotencyValidationError):
        # The same Idempotency-Key (same caller and route) came with another body: a client bug.
        return error_response(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with another request body; use a new key.",
        )
    if isinstance(exc, IdempotencyAlreadyInProgressError):
        # The first request with this key is still running (or its container died before its timeout).
        return error_response(
            409,
            "idempotency_in_progress",
            "A request with this Idempotency-Key is still being processed; retry shortly.",
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, IdempotencyInconsistentStateError) or (
        isinstance(exc, IdempotencyPersistenceLayerError) and _transient(exc.__cause__)
    ):
        logger.warning("idempotency records busy or unreachable", extra={"error": str(exc)})
        return unavailable()
    if isinstance(exc, IdempotencyPersistenceLayerError):
        logger.exception("idempotency records failed")
        return error_response(500, "internal_error", "Something went wrong on our side.")
    return None
