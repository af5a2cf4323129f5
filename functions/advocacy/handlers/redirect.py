"""Entry point of the public redirect (GET/HEAD /r/{code}): lean, no Pydantic, no OpenAPI machinery."""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.observability import logger
from advocacy.settings import Settings
from advocacy.store import tables
from advocacy.store.links import find_link

settings = Settings.from_env(("LINKS_TABLE",))
tables.bind(settings.tables)

CODE = re.compile(r"^[A-Za-z0-9_-]{4,32}$")
NOT_FOUND_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>Link not found</title></head>"
    "<body><h1>Link not found</h1><p>This link does not exist or is no longer available.</p></body></html>"
)


def _not_found() -> dict[str, Any]:
    return {
        "statusCode": 404,
        "headers": {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
        "body": NOT_FOUND_PAGE,
    }


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    code = (event.get("pathParameters") or {}).get("code", "")
    link = find_link(code) if CODE.match(code) else None
    if link is None:
        return _not_found()
    return {"statusCode": 302, "headers": {"Location": link.url, "Cache-Control": "no-store"}, "body": ""}
