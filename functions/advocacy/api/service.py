"""Service routes: health."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from advocacy import __version__
from advocacy.api.deps import access
from advocacy.schemas.service import Health

router = APIGatewayHttpRouter()


@router.get("/health", tags=["service"], openapi_extensions=access(None))
def health() -> Health:
    """Liveness for load balancers and deploy checks; public and free of I/O."""
    return Health(status="ok", version=__version__)
