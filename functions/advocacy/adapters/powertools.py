"""Every use of Powertools' private internals, in one place (tests/unit/test_powertools_adapter.py
checks each still holds after an upgrade).

Powertools' HTTP resolver (checked against 3.37) has no public way to:

- read each event through a class of our own (the api reads request bodies strictly: 64 KB, strict
  base64 and UTF-8): the resolver wraps the event in `ApiGatewayResolver._to_proxy_event`, which
  passes on the resolver's `_json_body_deserializer`;
- read the body request validation checks in a way of our own (JSON only, a 415 for anything
  else): the resolver runs the middleware it keeps in `_request_validation_middleware` first, and
  that middleware reads the body in `OpenAPIRequestValidationMiddleware._get_body`;
- tell a middleware which route matched, with its function and OpenAPI extensions: the resolver
  keeps the matched `Route` in its context under `"_route"`; the public `app.request` gives only the
  route's path and method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import (
    OpenAPIRequestValidationMiddleware,
)
from aws_lambda_powertools.event_handler.types import EventHandlerInstance
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent
from typing_extensions import override

BodyReader = Callable[[EventHandlerInstance], Any]
"""Reads the current request's body for request validation: the document to validate, or None."""

ROUTE_CONTEXT_KEY = "_route"  # where the resolver keeps the matched Route during a request
POWERTOOLS_PACKAGE = "aws_lambda_powertools"


class _RequestValidation(OpenAPIRequestValidationMiddleware):
    """Powertools' request validation, reading bodies with `read_body` instead of its own parsers
    (which take JSON, forms and multipart uploads)."""

    def __init__(self, read_body: BodyReader) -> None:
        super().__init__()
        self.read_body = read_body

    @override
    def _get_body(self, app: EventHandlerInstance) -> Any:
        return self.read_body(app)


class HttpResolver(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver (it takes all of `APIGatewayHttpResolver`'s options) with two more:
    `event_class`, the class each event is read through (an `APIGatewayProxyEventV2`), and
    `read_body`, how request validation reads a body (it needs `enable_validation=True`)."""

    def __init__(
        self,
        *,
        event_class: type[APIGatewayProxyEventV2] = APIGatewayProxyEventV2,
        read_body: BodyReader | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.event_class = event_class
        if read_body is not None:
            if not options.get("enable_validation"):
                raise ValueError(
                    "read_body needs enable_validation=True: only request validation reads bodies"
                )
            self._request_validation_middleware = _RequestValidation(read_body)

    @override
    def _to_proxy_event(self, event: dict) -> BaseProxyEvent:
        return self.event_class(event, self._json_body_deserializer)


@dataclass(frozen=True)
class MatchedRoute:
    """The route the resolver matched for the current request."""

    method: str  # upper case
    path: str  # as OpenAPI writes it: `/content/{content_id}`
    extensions: Mapping[str, Any] | None  # the decorator's `openapi_extensions`
    handler: Callable[..., Any]  # the route's function

    @property
    def is_powertools_own(self) -> bool:
        """One of Powertools' own routes (not found, CORS preflight), which declare nothing."""
        return self.handler.__module__.startswith(POWERTOOLS_PACKAGE)


def matched_route(app: BaseRouter) -> MatchedRoute | None:
    """The route matched for the request being resolved; None outside of one (or before matching)."""
    route = app.context.get(ROUTE_CONTEXT_KEY)
    if route is None:
        return None
    return MatchedRoute(route.method, route.openapi_path, route.openapi_extensions, route.func)
