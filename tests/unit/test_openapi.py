from __future__ import annotations

from pathlib import Path

from advocacy.api.openapi import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_matches_the_resolver() -> None:
    assert DOC.read_text() == render(), "docs/openapi.json is stale: run `make openapi` and commit it"
