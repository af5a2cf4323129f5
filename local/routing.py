"""Which route of the HTTP API a request goes to, matched the way API Gateway matches route keys."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from local.template import RouteSpec


@dataclass(frozen=True)
class RouteMatch:
    route: RouteSpec
    path_parameters: dict[str, str]


class Router:
    """Matches a method and path to a route key the way HTTP APIs do: the most specific route wins
    (literal segments over `{param}` over `{proxy+}`), an exact method over `ANY`, then `$default`."""

    def __init__(self, routes: Sequence[RouteSpec]) -> None:
        self.routes = list(routes)

    @staticmethod
    def _match_path(template: str, path: str) -> tuple[tuple[int, ...], dict[str, str]] | None:
        """(specificity per segment, path parameters) if `path` fits `template`, else None."""
        t_parts = [p for p in template.strip("/").split("/") if p]
        p_parts = path.strip("/").split("/") if path.strip("/") else []
        params: dict[str, str] = {}
        score: list[int] = []
        for i, t in enumerate(t_parts):
            greedy = t.startswith("{") and t.endswith("+}")
            if i >= len(p_parts) or (not greedy and not p_parts[i]):
                return None
            if greedy:
                params[t[1:-2]] = urllib.parse.unquote("/".join(p_parts[i:]))
                return (*score, 0), params
            if t.startswith("{") and t.endswith("}"):
                params[t[1:-1]] = urllib.parse.unquote(p_parts[i])
                score.append(1)
            elif t == p_parts[i]:
                score.append(2)
            else:
                return None
        return (tuple(score), params) if len(t_parts) == len(p_parts) else None

    def match(self, method: str, path: str) -> RouteMatch | None:
        best: tuple[tuple[Any, ...], RouteMatch] | None = None
        for route in self.routes:
            if route.route_key == "$default":
                continue
            if route.method == method:
                method_rank = 2
            elif route.method == "ANY":
                method_rank = 0
            else:
                continue
            found = self._match_path(route.path, path)
            if found is None:
                continue
            rank = (found[0], method_rank)
            if best is None or rank > best[0]:
                best = (rank, RouteMatch(route, found[1]))
        if best is not None:
            return best[1]
        default = next((r for r in self.routes if r.route_key == "$default"), None)
        return RouteMatch(default, {}) if default else None
