from __future__ import annotations

import json
from unittest.mock import MagicMock, patch

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from pynamodb.exceptions import GetError, PutError, TransactWriteError

from advocacy.api.errors import domain_response
from advocacy.domain import errors as e
from advocacy.store.errors import cancelled_reasons, condition_failed, is_retryable, response_code


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


def _cancelled(*reasons: str) -> TransactWriteError:
    """A TransactWriteError as PynamoDB raises it for TransactionCanceledException."""
    from botocore.exceptions import ClientError
    from pynamodb.connection.base import Connection

    error = ClientError(
        {
            "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
            "CancellationReasons": [{"Code": r, "Message": r} for r in reasons],
        },
        "TransactWriteItems",
    )
    try:
        with patch.object(Connection, "client", MagicMock(_make_api_call=MagicMock(side_effect=error))):
            Connection(region="us-east-1")._make_api_call("TransactWriteItems", {})
    except Exception as verbose:  # PynamoDB's VerboseClientError, carrying the parsed reasons
        return TransactWriteError("Failed to write transaction items", cause=verbose)
    raise AssertionError("the call did not fail")


@pytest.mark.parametrize(
    ("reasons", "retryable"),
    [
        (("ThrottlingError", "None"), True),
        (("None", "ProvisionedThroughputExceeded"), True),
        (("TransactionConflict",), True),
        (("ConditionalCheckFailed", "None"), False),
        (("ValidationError",), False),
    ],
)
def test_a_transaction_cancelled_for_throttling_or_conflict_is_retryable(
    reasons: tuple[str, ...], retryable: bool
) -> None:
    exc = _cancelled(*reasons)
    assert cancelled_reasons(exc) == [None if r == "None" else r for r in reasons]
    assert is_retryable(exc) is retryable


@pytest.mark.parametrize(
    "cause",
    [
        ReadTimeoutError(endpoint_url="https://dynamodb"),
        EndpointConnectionError(endpoint_url="https://dynamodb"),
    ],
)
def test_no_answer_at_all_is_retryable_and_never_a_condition_failure(cause: Exception) -> None:
    exc = PutError("failed", cause=cause)
    assert response_code(exc) is None  # PynamoDB's own cause_response_code raises here
    assert is_retryable(exc)
    assert not condition_failed(exc)
