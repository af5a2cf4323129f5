"""Entry point of the api function: every authenticated route of the HTTP API, plus /health."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.api import deps
from advocacy.api.app import build_app
from advocacy.handlers import started
from advocacy.observability import logger, metrics
from advocacy.services import connection_settings
from advocacy.settings import SHARE_TABLES, Settings
from advocacy.store import tables

settings = Settings.from_env(
    (
        *SHARE_TABLES,
        "BOARDS_TABLE",
        "REWARDS_TABLE",
        "IDEMPOTENCY_TABLE",
        "EXPORTS_TABLE",
        "SUGGESTIONS_TABLE",
        "CONNECTIONS_TABLE",
        "CLICKS_TABLE",  # read: a suspicious share's click events (83), a member's own data (87)
    ),
    needs_user_pool=True,
    needs_exports_bucket=True,
)
tables.bind(settings.tables)
deps.configure(settings)
connection_settings.configure(settings)
app = build_app(settings.cors_origins)


def log_caller_role(resolver: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """A DEBUG record of the caller's role once the route has run, for the local console's request
    line (`make dev`): deployed at INFO nothing is written, and the client never sees it."""
    try:
        return next_middleware(resolver)
    finally:
        caller = resolver.context.get(deps.CALLER_KEY)
        if isinstance(caller, deps.Caller):
            logger.debug("caller", extra={"role": caller.role.value})


app.use(middlewares=[log_caller_role])


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


started()
