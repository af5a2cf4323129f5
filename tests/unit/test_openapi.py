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


def test_answers_without_a_body_document_no_content() -> None:
    """A 204 has no body and no Content-Type on the wire, so the document promises none."""
    from advocacy.api.app import openapi_document

    document = openapi_document()
    no_content = [
        (path, method)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "204" in operation["responses"]
    ]
    assert ("/groups/{group_id}", "delete") in no_content
    for path, method in no_content:
        assert "content" not in document["paths"][path][method]["responses"]["204"], f"{method} {path}"


def test_every_id_an_operation_takes_is_linked_from_the_answer_that_gives_it() -> None:
    """Links take a client (and the stateful fuzzer) from a created resource to every operation on
    it: each operation with an id in its path is the target of a link with that parameter."""
    from advocacy.api.app import openapi_document

    document = openapi_document()
    linked: set[tuple[str, str]] = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for response in operation["responses"].values():
                for link in response.get("links", {}).values():
                    (parameter, expression), *_ = link["parameters"].items()
                    assert expression == f"$response.body#/{parameter}"
                    linked.add((link["operationId"], parameter))
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if parameter["in"] == "path" and name not in {"period", "network"}:  # enums, not ids
                    assert (operation["operationId"], name) in linked, f"{path} {name}"


def test_the_description_stands_alone() -> None:
    from advocacy.api.app import openapi_document

    description = openapi_document()["info"]["description"]
    assert "API.md" not in description.replace("docs/api.md", "")
    assert "docs/api.md" in description


def test_whole_numbers_written_with_a_fraction_are_integers() -> None:
    """JSON Schema (and so the document) counts 5.0 as an integer: so does the body parser."""
    from advocacy.api.app import parse_body

    parsed = parse_body('{"a": 5.0, "b": 1e2, "c": 1.5, "d": -0.0, "e": 7}')
    assert parsed == {"a": 5, "b": 100, "c": 1.5, "d": 0, "e": 7}
    assert [type(parsed[k]) for k in "abcde"] == [int, int, float, int, int]


def test_generating_the_document_leaves_the_routers_with_the_app_that_serves() -> None:
    """The document is generated from an app of its own; requests keep reaching the app that serves
    them (a router answers with the state of the app that included it last)."""
    from advocacy.api.app import ROUTERS, build_app, openapi_document, routers_kept

    with routers_kept():
        serving = build_app()
        openapi_document()
        assert all(router.api_resolver is serving for router in ROUTERS)
