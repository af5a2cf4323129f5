"""Service-level shapes."""

from typing import Literal

from advocacy.schemas.shapes import Shape, examples


class Health(Shape):
    model_config = examples({"status": "ok", "version": "0.5.1"})

    status: Literal["ok"]
    version: str
