"""Domain errors: each carries the API error code; `api.errors` is the one place mapping them to HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FieldIssue:
    """One invalid field, as listed in a 422's `details`."""

    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message}


class DomainError(Exception):
    """Base of every error a rule or a store function raises on purpose."""

    code = "error"

    def __init__(self, message: str, details: list[FieldIssue] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class BadRequest(DomainError):
    code = "bad_request"


class Unauthorized(DomainError):
    code = "unauthorized"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    """A request body sent as anything but JSON (a form, a multipart upload, plain text)."""

    code = "unsupported_media_type"


class ValidationFailed(DomainError):
    code = "validation_error"


class BadGateway(DomainError):
    """A network's API refused a post for a reason of the program's (its credits, its configuration)."""

    code = "post_failed"


class Unavailable(DomainError):
    """A dependency is throttling or down: the client should retry after `retry_after` seconds."""

    code = "unavailable"

    def __init__(self, message: str = "The service is busy; retry shortly.", retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
