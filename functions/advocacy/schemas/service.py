"""Service-level shapes."""

from __future__ import annotations

from typing import Literal

from advocacy.schemas.common import Shape


class Health(Shape):
    status: Literal["ok"]
    version: str
