"""The HTTP API's route list, read from docs/openapi.json (generated from the resolver by the lead).

CDK creates exactly these routes, so a route cannot exist in the resolver and not in API Gateway.
An operation whose effective `security` is `[]` is public; every other one needs the Cognito JWT.
`GET /r/{code}` belongs to the redirect function and is deliberately not part of the OpenAPI document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
REDIRECT_ROUTE_KEY = "GET /r/{code}"
# Link checkers and previews send HEAD; API Gateway does not route HEAD to a GET route.
REDIRECT_ROUTE_KEYS = (REDIRECT_ROUTE_KEY, "HEAD /r/{code}")


@dataclass(frozen=True, order=True)
class Route:
    method: str
    path: str
    public: bool = False

    @property
    def key(self) -> str:
        """The API Gateway route key, e.g. `GET /members/{member_id}`."""
        return f"{self.method} {self.path}"


def routes_from_openapi(document: dict[str, Any]) -> list[Route]:
    """Every path + method in `paths`, sorted so construct ids (and logical ids) are stable."""
    default_security = document.get("security")
    routes: list[Route] = []
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue  # parameters, summary, servers ...
            security = operation.get("security", default_security)
            routes.append(Route(method.upper(), path, public=security == []))
    keys = {r.key for r in routes}
    if REDIRECT_ROUTE_KEY in keys:
        raise ValueError(
            f"{REDIRECT_ROUTE_KEY} is served by the redirect function; remove it from openapi.json"
        )
    return sorted(routes)


def load_routes(path: Path) -> list[Route]:
    """Routes from the committed OpenAPI file; a missing file is an error, never an empty API."""
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: generate docs/openapi.json or set -c openapi_path=<file>")
    return routes_from_openapi(json.loads(path.read_text(encoding="utf-8")))
