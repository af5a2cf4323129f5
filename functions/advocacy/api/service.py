"""Service routes: health."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy import __version__
from advocacy.api.docs import rules
from advocacy.schemas.service import Health

router = APIGatewayHttpRouter()
TAGS = ["service"]


@router.get(
    "/health",
    tags=TAGS,
    operation_id="getHealth",
    summary="Check the service",
    **rules(
        None,
        "Liveness for load balancers and deploy checks: `ok` and the version of the running code. "
        "Reads nothing.",
    ),
)
def health() -> Health:
    """Liveness for load balancers and deploy checks; public and free of I/O."""
    return Health(status="ok", version=__version__)
