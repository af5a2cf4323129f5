"""Service routes: health."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy import __version__
from advocacy.api.deps import access
from advocacy.schemas.service import Health

router = APIGatewayHttpRouter()


@router.get(
    "/health",
    tags=["service"],
    operation_id="getHealth",
    summary="Check the service",
    description=(
        "Liveness for load balancers and deploy checks: `ok` and the version of the running code. "
        "Reads nothing.\n\n"
        "- Role: public (no token).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: none of its own; API Gateway may answer 429 (throttling), 500 or 503."
    ),
    openapi_extensions=access(None),
)
def health() -> Health:
    """Liveness for load balancers and deploy checks; public and free of I/O."""
    return Health(status="ok", version=__version__)
