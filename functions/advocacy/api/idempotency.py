"""`Idempotency-Key` on every POST: a retried request gets the first answer and changes nothing.

A global resolver middleware wraps the route (after request validation, before the route's own
code) in Powertools' `idempotent_function`. The record key is `<org_id>#<hash>` of the caller (JWT
`sub` and `custom:org_id`), the method, the path and the header, so two callers' keys never meet
(and not Powertools' default prefix, the function name, which changes when the function is
replaced). The body (and query string) is the validated payload, so the same key with another
body is a 409 `idempotency_key_reused`; a key whose first request is still running is a 409
`idempotency_in_progress` (codes in `api/errors.py`). Records live 24 h.

What is kept and replayed is the operation's outcome: successes, and 404 and 409 answers (what
the route decided, as Stripe does). Never kept: 5xx (a retry may succeed, so the record is
deleted and the retry runs again), and refusals of the request itself, before the operation did
anything: 400, 413 and 422 (a corrected body may be sent with the same key) and 401 and 403 (who
the caller is and what its role allows can change). `deps.enforce_access` runs before this
middleware, so a replay too goes only to an active member with the route's role.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from advocacy.adapters.powertools import matched_route
from advocacy.api import errors
from advocacy.api.deps import request_time
from advocacy.api.docs import KEYLESS
from advocacy.domain.errors import DomainError, FieldIssue, ValidationFailed
from advocacy.store import idempotency as records
from advocacy.store import operation

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 255
KEY_PATTERN = "^[!-~]+$"  # visible ASCII: no spaces, no control characters
EXPIRES_AFTER_SECONDS = 24 * 60 * 60
# Refusals of the request itself, never kept (5xx are never kept either).
REFUSALS = frozenset({400, 401, 403, 413, 422})
_KEY = re.compile("[!-~]+")


@cache
def _config() -> IdempotencyConfig:
    # Powertools' idempotency (and the boto3 it loads) is imported by the first keyed POST, not at
    # every cold start: most requests never need it.
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

    return IdempotencyConfig(
        event_key_jmespath="[org_id, sub, method, path, key]",
        payload_validation_jmespath="[body, query]",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        hash_function="sha256",
    )


class NotKept(Exception):
    """The route answered with something that must not be replayed; Powertools deletes the record."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def kept(status: int) -> bool:
    return status < 500 and status not in REFUSALS


def check_key(key: str) -> None:
    if len(key) > KEY_MAX_LENGTH or not _KEY.fullmatch(key):
        raise ValidationFailed(
            f"The {HEADER} header is not valid.",
            [FieldIssue(HEADER, f"must be 1 to {KEY_MAX_LENGTH} visible ASCII characters (a UUID is fine)")],
        )


def _body(event: APIGatewayProxyEventV2) -> Any:
    """The body as JSON when it is JSON, so the same document sent with other spacing is the same."""
    raw = event.decoded_body
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def attempt_key(request: dict[str, Any]) -> str:
    """Where the operation's first attempt is recorded: led by the tenant, never a Powertools key."""
    parts = [request[name] for name in ("org_id", "sub", "method", "path", "key")]
    digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return f"{request['org_id']}#attempt#{digest}"


def _operation(
    app: APIGatewayHttpResolver, next_middleware: NextMiddleware, *, request: dict[str, Any]
) -> dict:
    """The route, run once per key; returns the answer to keep (`request` is what Powertools hashes).

    It runs pinned to the operation's first attempt, so a retry after a lost answer redoes the
    same writes (advocacy.store.operation); a refused request wrote nothing, so its attempt is forgotten.
    """
    attempt = attempt_key(request)
    first = records.first_attempt(attempt, request_time(app.current_event), EXPIRES_AFTER_SECONDS)
    with operation.pinned(attempt, first):
        try:
            response = next_middleware(app)
        except DomainError as exc:
            response = errors.domain_response(exc)
            if not kept(response.status_code):
                if response.status_code in REFUSALS:
                    records.forget_attempt(attempt)
                raise
    if response.status_code in REFUSALS:
        records.forget_attempt(attempt)
    if not kept(response.status_code) or not isinstance(response.body, str | dict | list | None):
        raise NotKept(response)  # (no POST answers bytes; such an answer could not be stored as JSON)
    return {"status": response.status_code, "headers": response.headers, "body": response.body}


def middleware(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Global middleware: POSTs that carry the header and a caller go through the idempotency records."""
    event = app.current_event
    key = event.headers.get(HEADER) if event.request_context.http.method == "POST" else None
    route = matched_route(app)
    if key is None or (route is not None and (route.extensions or {}).get(KEYLESS)):
        return next_middleware(app)
    check_key(key)
    claims = event.request_context.authorizer.jwt_claim or {}
    sub, org_id = claims.get("sub"), claims.get("custom:org_id")
    if not sub or not org_id:
        return next_middleware(app)  # the route refuses anonymous callers itself
    from aws_lambda_powertools.utilities.idempotency import idempotent_function

    config = _config()
    config.register_lambda_context(app.lambda_context)  # an unfinished record expires with the invocation
    run = idempotent_function(
        _operation,
        data_keyword_argument="request",
        persistence_store=records.persistence(),
        config=config,
        key_prefix=str(org_id),  # led by the tenant, like every other partition key
    )
    request = {
        "org_id": str(org_id),
        "sub": str(sub),
        "method": "POST",
        "path": event.raw_path,
        "key": key,
        "body": _body(event),
        "query": event.query_string_parameters or {},
    }
    try:
        answer = run(app, next_middleware, request=request)
    except NotKept as not_kept:
        return not_kept.response
    except Exception as exc:
        answer_to_error = errors.idempotency_answer(exc)
        if answer_to_error is None:
            raise  # the route's own error, for the resolver's error mapping
        return answer_to_error
    return Response(answer["status"], body=answer["body"], headers=answer["headers"])


def describe(document: dict[str, Any]) -> None:
    """Documents the header, and its 409 answers, on every authenticated POST of the OpenAPI document."""
    parameter = {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": (
            "Makes a retry safe. The same key with the same body within 24 h returns the first answer "
            "and changes nothing; with another body it is a 409 `idempotency_key_reused`; while the first "
            "request is still running, a 409 `idempotency_in_progress`. Keys belong to the caller and "
            "the route (method and path). 5xx answers, 400, 401, 403, 413 and 422 are not kept: a retry "
            "with the same key runs again."
        ),
        "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH, "pattern": KEY_PATTERN},
    }
    for operations in document.get("paths", {}).values():
        post = operations.get("post")
        if post is None or post.get("security") == [] or post.get(KEYLESS):
            continue
        post.setdefault("parameters", []).append(parameter)
        conflict = post.get("responses", {}).get("409")
        if conflict is not None:
            conflict["description"] += (
                "; or `idempotency_key_reused` (this Idempotency-Key came with another body) or "
                "`idempotency_in_progress` (its first request is still running)"
            )
