"""Export files built outside the request: what a client polls until the file is ready."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from advocacy.schemas.common import Shape

ExportStatus = Literal["pending", "building", "ready", "failed"]


class ExportOut(Shape):
    """An export of the shares of a range of days (the org's time zone)."""

    model_config = ConfigDict(populate_by_name=True)

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
