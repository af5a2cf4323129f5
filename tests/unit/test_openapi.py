from __future__ import annotations

from pathlib import Path

from advocacy.api.openapi import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_matches_the_resolver() -> None:
    assert DOC.read_text() == render(), "docs/openapi.json is stale: run `make openapi` and commit it"


def test_api_gateways_own_answers_and_415_are_documented() -> None:
    """API Gateway answers 401 (authorizer), 413, 429, 500 and 503 with `{"message"}`; the
    function answers a body not sent as JSON with a 415, so only operations with a body list it."""
    from advocacy.api.app import openapi_document

    document = openapi_document()
    gateway = {"$ref": "#/components/schemas/GatewayError"}
    assert document["components"]["schemas"]["GatewayError"]["required"] == ["message"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            public = operation.get("security") == []
            statuses = ("429", "500", "503") if public else ("401", "413", "429", "500", "503")
            for status in statuses:
                schema = responses[status]["content"]["application/json"]["schema"]
                assert gateway in schema["anyOf"], f"{method.upper()} {path} {status}"
            assert ("415" in responses) == ("requestBody" in operation), f"{method.upper()} {path}"
