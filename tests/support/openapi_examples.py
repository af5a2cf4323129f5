"""Every operation of docs/openapi.json with its declared least role, and requests that pass validation.

The authorization tests parametrize over `operations()`, so a route added to the resolver is in them
the moment `make openapi` runs; its role comes from the `x-advocacy-role` the route declares (the
same declaration the api's middleware enforces), never from a list kept here. Bodies are built from
each operation's request schema (required fields only, unless asked for a few optional ones), so
an allowed caller is not turned away by validation before its role is even looked at.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from advocacy.api.deps import PUBLIC, ROLE_EXTENSION
from advocacy.domain.roles import Role
from tests.support.events import stamp

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    role: Role | None  # None: public
    path_params: tuple[tuple[str, dict[str, Any]], ...] = ()
    query_params: tuple[str, ...] = ()
    body_schema: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def id_params(self) -> tuple[str, ...]:
        """Path parameters naming a stored item (`content_id`, `group_id`, ...): tenant-scoped."""
        return tuple(name for name, _ in self.path_params if name.endswith("_id"))


def load_document(path: Path = DOC) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def operations(document: Mapping[str, Any]) -> list[Operation]:
    """Every (method, path) of the document with the role it declares; one declaring none is an error."""
    found: list[Operation] = []
    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            declared = operation.get(ROLE_EXTENSION)
            if declared != PUBLIC and declared not in {r.value for r in Role}:
                raise AssertionError(f"{method.upper()} {path} declares no {ROLE_EXTENSION}")
            parameters = operation.get("parameters") or []
            params = tuple(
                (p["name"], dict(p.get("schema") or {})) for p in parameters if p.get("in") == "path"
            )
            query = tuple(p["name"] for p in parameters if p.get("in") == "query")
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
            found.append(
                Operation(
                    method.upper(),
                    path,
                    None if declared == PUBLIC else Role(declared),
                    params,
                    query,
                    body.get("schema"),
                )
            )
    return sorted(found, key=lambda o: (o.path, o.method))


def resolve(document: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """Follow `$ref`s and take the first non-null branch of an `anyOf`."""
    current = dict(schema)
    while True:
        if "$ref" in current:
            current = dict(document["components"]["schemas"][current["$ref"].rsplit("/", 1)[-1]])
        elif "anyOf" in current:
            current = dict(next(s for s in current["anyOf"] if s.get("type") != "null"))
        else:
            return current


def _unique() -> str:
    return uuid.uuid4().hex[:10]


def _at(days: int) -> Callable[[datetime], str]:
    return lambda now: stamp(now + timedelta(days=days))


# Values the schema cannot say: what a handler checks past validation (an http URL, a contest that
# starts later and ends after it starts, an address nobody has in the caller's org's email domain), and
# a harmless role for invites.
# Each takes the caller's clock: times are relative to the "now" the request will be sent at.
FIELD_HINTS: dict[str, Callable[[datetime], Any]] = {
    "email": lambda _: f"authz-{_unique()}@acme.example",  # in the seeded Acme's domain (decision 85)
    "url": lambda _: "https://example.com/authz",
    "image_url": lambda _: "https://example.com/authz.png",
    "starts_at": _at(1),
    "ends_at": _at(2),
    "role": lambda _: Role.MEMBER.value,
    # An OAuth callback's values: one token of URL-safe characters (no space).
    "code": lambda _: f"authz-code-{_unique()}",
    "state": lambda _: f"authz-state-{_unique()}",
    # An auto-share window's local times of day (HH:MM, end after start).
    "start": lambda _: "09:00",
    "end": lambda _: "17:00",
}


def _number(schema: Mapping[str, Any]) -> int:
    return int(min(max(1, schema.get("minimum", 1)), schema.get("maximum", 10**9)))


# Values by JSON type, then by string format; any other string is a unique short text.
BY_TYPE: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "array": lambda _: [],
    "boolean": lambda _: True,
    "integer": _number,
    "number": _number,
}
BY_FORMAT: dict[str, Callable[[datetime], Any]] = {
    "date-time": _at(1),
    "date": lambda now: now.astimezone(UTC).date().isoformat(),
}


def example(document: Mapping[str, Any], schema: Mapping[str, Any], now: datetime, name: str = "") -> Any:
    """A valid value for `schema` in a request sent at `now`: a hint for the field's name, else the
    schema's own bounds."""
    if name in FIELD_HINTS:
        return FIELD_HINTS[name](now)
    resolved = resolve(document, schema)
    if "enum" in resolved:
        return resolved["enum"][0]
    if resolved.get("type") == "object" or "properties" in resolved:
        return example_body(document, resolved, now)
    by_type = BY_TYPE.get(str(resolved.get("type")))
    if by_type is not None:
        return by_type(resolved)
    by_format = BY_FORMAT.get(str(resolved.get("format")))
    if by_format is not None:
        return by_format(now)
    text = f"Authz {_unique()}"
    return text[: int(resolved.get("maxLength", len(text)))]


def example_body(
    document: Mapping[str, Any], schema: Mapping[str, Any] | None, now: datetime, optional: Iterable[str] = ()
) -> Any:
    """The required fields of an object schema (plus the `optional` ones it has) for a request sent
    at `now`; None without a schema."""
    if schema is None:
        return None
    resolved = resolve(document, schema)
    properties: dict[str, Any] = resolved.get("properties") or {}
    wanted = set(resolved.get("required") or ()) | (set(optional) & set(properties))
    return {name: example(document, properties[name], now, name) for name in sorted(wanted)}


def render_path(operation: Operation, ids: Mapping[str, str]) -> str:
    """The path with each parameter filled: ids from `ids`, enums with their first value."""
    path = operation.path
    for name, schema in operation.path_params:
        value = ids[name] if name in ids else schema.get("enum", [None])[0]
        if value is None:
            raise KeyError(name)
        path = path.replace("{" + name + "}", str(value))
    return path
