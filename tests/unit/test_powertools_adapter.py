"""Each Powertools private name `advocacy.adapters.powertools` relies on still exists and still behaves
as the adapter expects. A failure after upgrading aws-lambda-powertools names the attribute: re-check
it in Powertools' source (event_handler/api_gateway.py, event_handler/middlewares/
openapi_validation.py) and adapt the adapter, not its callers."""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.api_gateway import Route
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import (
    OpenAPIRequestValidationMiddleware,
)
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.types import EventHandlerInstance
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from pydantic import BaseModel

from advocacy.adapters.powertools import ROUTE_CONTEXT_KEY, HttpResolver, MatchedRoute, matched_route
from tests.support.clock import NOW
from tests.support.events import FakeContext, http_event

UPGRADE = "aws-lambda-powertools changed: re-check advocacy/adapters/powertools.py against its source"


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def _answer(app: APIGatewayHttpResolver, event: dict[str, Any]) -> tuple[int, Any]:
    result = app.resolve(event, FakeContext())
    body = result.get("body")
    return int(result["statusCode"]), json.loads(body) if body else None


class Marked(APIGatewayProxyEventV2):
    """An event class of our own, as the api's `HttpRequest` is."""


class Thing(BaseModel):
    name: str


# The private methods HttpResolver overrides: (class, method, its parameters, what relies on it).
OVERRIDDEN = [
    (APIGatewayHttpResolver, "_to_proxy_event", ["self", "event"], "HttpResolver(event_class=...)"),
    (OpenAPIRequestValidationMiddleware, "_get_body", ["self", "app"], "HttpResolver(read_body=...)"),
]


@pytest.mark.parametrize(("owner", "name", "parameters", "user"), OVERRIDDEN)
def test_the_overridden_methods_keep_their_name_and_parameters(
    owner: type, name: str, parameters: list[str], user: str
) -> None:
    method = getattr(owner, name, None)
    where = f"{owner.__name__}.{name}"
    assert callable(method), f"{where} is gone, and {user} relied on it: {UPGRADE}"
    assert _parameters(method) == parameters, (
        f"{where}({', '.join(parameters)}) changed to {_parameters(method)}, and {user} relied on it: {UPGRADE}"
    )


# --- ApiGatewayResolver._to_proxy_event and its _json_body_deserializer ------------------------------


def test_the_resolver_still_keeps_its_json_body_deserializer() -> None:
    def deserializer(text: str) -> dict[str, Any]:
        return {}

    app = APIGatewayHttpResolver(json_body_deserializer=deserializer)
    assert getattr(app, "_json_body_deserializer", None) is deserializer, (
        f"APIGatewayHttpResolver no longer keeps json_body_deserializer as _json_body_deserializer: {UPGRADE}"
    )


def test_routes_and_middlewares_see_the_event_through_event_class() -> None:
    app = HttpResolver(event_class=Marked, json_body_deserializer=lambda text: {"parsed": text})
    seen: list[Any] = []

    def middleware(resolver: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
        seen.append(resolver.current_event)
        return next_middleware(resolver)

    @app.post("/echo")
    def echo() -> dict[str, Any]:
        seen.append(app.current_event)
        return {"body": app.current_event.json_body}

    app.use(middlewares=[middleware])
    status, body = _answer(app, http_event("POST", "/echo", "hi", now=NOW))
    assert [type(event) for event in seen] == [Marked, Marked], (
        f"the resolver no longer reads events through _to_proxy_event: {UPGRADE}"
    )
    assert (status, body) == (200, {"body": {"parsed": "hi"}}), (
        f"_to_proxy_event's event no longer parses bodies with _json_body_deserializer: {UPGRADE}"
    )


# --- ApiGatewayResolver._request_validation_middleware and OpenAPIRequestValidationMiddleware._get_body --


def test_the_resolver_still_keeps_its_request_validation_middleware() -> None:
    app = APIGatewayHttpResolver(enable_validation=True)
    middleware = getattr(app, "_request_validation_middleware", None)
    assert isinstance(middleware, OpenAPIRequestValidationMiddleware), (
        f"APIGatewayHttpResolver(enable_validation=True) no longer keeps _request_validation_middleware: {UPGRADE}"
    )


def test_request_validation_validates_what_read_body_returns() -> None:
    read: list[str | None] = []

    def read_body(app: EventHandlerInstance) -> Any:
        read.append(app.current_event.body)
        return {"name": "from read_body"}

    app = HttpResolver(read_body=read_body, enable_validation=True)

    @app.post("/things")
    def create(thing: Annotated[Thing, Body()]) -> dict[str, str]:
        return {"name": thing.name}

    @app.get("/things")
    def things() -> dict[str, str]:
        return {}

    form = http_event(
        "POST",
        "/things",
        "name=ignored",
        headers={"content-type": "application/x-www-form-urlencoded"},
        now=NOW,
    )
    assert _answer(app, form) == (200, {"name": "from read_body"}), (
        f"the resolver's _request_validation_middleware no longer reads bodies through _get_body: {UPGRADE}"
    )
    assert read == ["name=ignored"]
    assert _answer(app, http_event("GET", "/things", now=NOW))[0] == 200
    assert read == ["name=ignored"], "a route without a body must not read one"


def test_read_body_needs_validation() -> None:
    with pytest.raises(ValueError, match="enable_validation"):
        HttpResolver(read_body=lambda app: None)


# --- the matched Route in the resolver's context ("_route") ---------------------------------------------


def test_the_matched_route_still_has_the_attributes_the_adapter_reads() -> None:
    app = APIGatewayHttpResolver()
    kept: list[Any] = []

    def middleware(resolver: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
        kept.append(resolver.context.get(ROUTE_CONTEXT_KEY))
        return next_middleware(resolver)

    @app.get("/things/<thing_id>", openapi_extensions={"x-test": "yes"})
    def thing(thing_id: str) -> dict[str, str]:
        return {}

    app.use(middlewares=[middleware])
    assert _answer(app, http_event("GET", "/things/t1", now=NOW))[0] == 200
    (route,) = kept
    assert isinstance(route, Route), f"context[{ROUTE_CONTEXT_KEY!r}] is no longer a Route: {UPGRADE}"
    expected = {
        "method": "GET",
        "openapi_path": "/things/{thing_id}",
        "openapi_extensions": {"x-test": "yes"},
        "func": thing,
    }
    for name, value in expected.items():
        assert getattr(route, name, None) == value, f"Route.{name} is gone or changed meaning: {UPGRADE}"


def test_middlewares_still_find_the_matched_route_in_the_context() -> None:
    app = APIGatewayHttpResolver(cors=CORSConfig(allow_origin="https://app.example.test"))
    seen: list[MatchedRoute | None] = []

    def middleware(resolver: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
        assert ROUTE_CONTEXT_KEY in resolver.context, (
            f"the resolver no longer puts the matched Route in its context as {ROUTE_CONTEXT_KEY!r}: {UPGRADE}"
        )
        seen.append(matched_route(resolver))
        return next_middleware(resolver)

    @app.post("/things/<thing_id>", openapi_extensions={"x-test": "yes"})
    def thing(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    app.use(middlewares=[middleware])
    assert _answer(app, http_event("POST", "/things/t1", now=NOW)) == (200, {"id": "t1"})
    assert _answer(app, http_event("GET", "/nowhere", now=NOW))[0] == 404
    preflight = http_event(
        "OPTIONS",
        "/things/t1",
        headers={"origin": "https://app.example.test", "access-control-request-method": "POST"},
        now=NOW,
    )
    assert _answer(app, preflight)[0] == 204
    ours, not_found, cors = seen
    assert ours == MatchedRoute("POST", "/things/{thing_id}", {"x-test": "yes"}, thing)
    assert not ours.is_powertools_own
    assert not_found is not None and not_found.is_powertools_own, (
        f"Powertools' not-found route is no longer a function of its own package: {UPGRADE}"
    )
    assert cors is not None and cors.is_powertools_own, (
        f"Powertools' CORS preflight route is no longer a function of its own package: {UPGRADE}"
    )
    assert matched_route(app) is None, "outside of a request there is no matched route"
