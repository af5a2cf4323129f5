"""Export files built outside the request: what a client polls until the file is ready."""

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from advocacy.schemas.example_ids import EXAMPLE_EXPORT_ID, EXAMPLE_ORG_ID
from advocacy.schemas.shapes import Shape, examples

ExportStatus = Literal["pending", "building", "ready", "failed"]


class ExportOut(Shape):
    """An export of the shares of a range of days (the org's time zone)."""

    model_config = ConfigDict(
        populate_by_name=True,
        **examples(
            {
                "export_id": EXAMPLE_EXPORT_ID,
                "status": "building",
                "from": "2026-01-01",
                "to": "2026-10-31",
                "created_at": "2026-11-02T09:30:00Z",
                "rows": 12000,
                "url": None,
                "error": None,
            },
            {
                "export_id": EXAMPLE_EXPORT_ID,
                "status": "ready",
                "from": "2026-01-01",
                "to": "2026-10-31",
                "created_at": "2026-11-02T09:30:00Z",
                "rows": 48211,
                "url": (
                    f"https://advocacy-exports.s3.amazonaws.com/exports/{EXAMPLE_ORG_ID}/{EXAMPLE_EXPORT_ID}/"
                    "advocacy-shares-2026-01-01-2026-10-31.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    "&X-Amz-Expires=900&X-Amz-Signature=5f0c1e9a"
                ),
                "error": None,
            },
        ),
    )

    export_id: str
    status: ExportStatus = Field(
        description="pending or building: poll again (Retry-After); ready: `url` (also the 302's "
        "Location); failed: request the export again"
    )
    from_: str = Field(alias="from")
    to: str
    created_at: datetime
    rows: int = Field(description="rows written so far; every row once ready")
    url: str | None = Field(default=None, description="when ready: the file, presigned for 15 minutes")
    error: str | None = None
