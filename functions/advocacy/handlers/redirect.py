"""Entry point of the public redirect (GET/HEAD /r/{code}): lean, no Pydantic, no OpenAPI machinery.

Two DynamoDB calls at most: read the link, put the click event. Everything the click causes happens
later in the stream function, so the visitor is never kept waiting on points or counters.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from advocacy.domain.clicks import is_bot, visitor_keys
from advocacy.domain.links import is_code
from advocacy.domain.urls import ascii_location
from advocacy.handlers import started
from advocacy.observability import logger, metrics
from advocacy.settings import Settings
from advocacy.store import click_records, clients, tables
from advocacy.store.errors import is_retryable, response_code
from advocacy.store.keys import read_key
from advocacy.store.links import find_link

LIMITS = clients.limits_for("redirect")
settings = Settings.from_env(("LINKS_TABLE", "CLICKS_TABLE"), needs_click_secret=True)
tables.bind(settings.tables, LIMITS)
KEEP_CLICKS = timedelta(days=settings.click_retention_days)

NOT_FOUND_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>Link not found</title></head>"
    "<body><h1>Link not found</h1><p>This link does not exist or is no longer available.</p></body></html>"
)


BUSY_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>Try again</title></head>"
    "<body><h1>Try again in a moment</h1><p>This link cannot be opened right now.</p></body></html>"
)


def _page(status: int, body: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            **(headers or {}),
        },
        "body": body,
    }


def _not_found() -> dict[str, Any]:
    return _page(404, NOT_FOUND_PAGE)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # The event is read as the plain dict it is, not through Powertools' APIGatewayProxyEventV2:
    # importing that class loads Powertools' whole data_classes package (38 more modules, ~13 ms by
    # `python -X importtime`, some 7% of this module's import) on the cold start a visitor waits
    # on, for six fields.
    code = (event.get("pathParameters") or {}).get("code", "")
    try:
        link = find_link(code) if is_code(code) else None
    except PynamoDBException as exc:
        if not is_retryable(exc):
            raise
        # DynamoDB busy or unreachable: the visitor may simply try again, as the page says.
        logger.warning("link not read", extra={"code": code, "error": response_code(exc) or "timeout"})
        metrics.add_metric(name="RedirectUnavailable", unit=MetricUnit.Count, value=1)
        return _page(503, BUSY_PAGE, {"Retry-After": "1"})
    if link is None:
        return _not_found()
    request = event.get("requestContext") or {}
    http = request.get("http") or {}
    user_agent = str(http.get("userAgent") or "")
    at = (
        datetime.fromtimestamp(request["timeEpoch"] / 1000, tz=UTC)
        if request.get("timeEpoch")
        else datetime.now(UTC)
    )
    # HEAD is what previews and checkers send, never a person following a link: counted, not human.
    bot = http.get("method") == "HEAD" or is_bot(user_agent)
    try:
        # The visitor-key secret is read on the first click a container records, then kept in memory.
        secret = read_key(settings.click_secret_arn, LIMITS)
        # The visitor is its address (an IPv6 /64) under the day's key: a new User-Agent is no new visitor.
        click_records.record(link, str(request.get("requestId") or context.aws_request_id), at, bot,
                      visitor_keys(secret, str(http.get("sourceIp") or ""), user_agent, at), KEEP_CLICKS)  # fmt: skip
    except (PynamoDBException, BotoCoreError, ClientError):
        # The visitor still gets where they were going; the lost click is logged and counted.
        logger.exception("click not recorded", extra={"code": code})
        metrics.add_metric(name="ClickNotRecorded", unit=MetricUnit.Count, value=1)
    # Always ASCII (a header cannot carry more): links stored before URLs were kept in ASCII are encoded here.
    location = ascii_location(link.url)
    return {"statusCode": 302, "headers": {"Location": location, "Cache-Control": "no-store"}, "body": ""}


started()
