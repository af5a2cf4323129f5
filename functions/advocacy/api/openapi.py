"""Writes docs/openapi.json: `python -m advocacy.api.openapi [path]` (tests fail when it is stale)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from advocacy.api.app import openapi_document


def render() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> None:
    target = Path(argv[1] if len(argv) > 1 else "docs/openapi.json")
    target.write_text(render())
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
