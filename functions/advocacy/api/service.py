"""Service routes: health."""

from __future__ import annotations

from advocacy import __version__, schemas
from advocacy.api.docs import Router, rules

router = Router("service")


@router.get(
    "/health",
    operation_id="getHealth",
    summary="Check the service",
    **rules(
        None,
        "Liveness for load balancers and deploy checks: `ok` and the version of the running code. "
        "Reads nothing.",
    ),
)
def health() -> schemas.service.Health:
    """Liveness for load balancers and deploy checks; public and free of I/O."""
    return schemas.service.Health(status="ok", version=__version__)
