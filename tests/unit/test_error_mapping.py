from __future__ import annotations

import json

import pytest
from pynamodb.exceptions import GetError

from advocacy.api.errors import domain_response
from advocacy.domain import errors as e
from advocacy.store.errors import is_retryable


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (e.BadRequest("x"), 400, "bad_request"),
        (e.Unauthorized("x"), 401, "unauthorized"),
        (e.Forbidden("x"), 403, "forbidden"),
        (e.NotFound("x"), 404, "not_found"),
        (e.Conflict("x"), 409, "conflict"),
        (e.Conflict("x", code="insufficient_points"), 409, "insufficient_points"),
        (e.PayloadTooLarge("x"), 413, "payload_too_large"),
        (e.ValidationFailed("x", [e.FieldIssue("f", "m")]), 422, "validation_error"),
        (e.Unavailable(), 503, "unavailable"),
    ],
)
def test_each_domain_error_has_its_status_and_body(exc: e.DomainError, status: int, code: str) -> None:
    response = domain_response(exc)
    assert response.status_code == status
    body = json.loads(str(response.body))
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert isinstance(body["error"]["details"], list)
    if status == 503:
        assert response.headers["Retry-After"] == "1"


class _Cause(Exception):
    def __init__(self, code: str | None) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code, "Message": "m"}} if code else {}


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("ProvisionedThroughputExceededException", True),
        ("ThrottlingException", True),
        ("InternalServerError", True),
        ("ValidationException", False),
        ("ConditionalCheckFailedException", False),
    ],
)
def test_only_busy_or_down_dynamodb_is_retryable(code: str, retryable: bool) -> None:
    exc = GetError("failed", cause=_Cause(code))
    assert is_retryable(exc) is retryable
