"""The layering docs/architecture.md describes, checked on the source so it cannot drift.

handlers adapt events -> api routers parse, authorize, call one service and map -> services hold the
use cases -> store holds one function per access pattern -> domain is pure. Private internals of
libraries are touched only in advocacy/adapters, and retries only in store/transactions.py.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "functions" / "advocacy"
# api modules that are the resolver's plumbing rather than routers.
API_PLUMBING = {
    "__init__", "app", "deps", "docs", "error_docs", "errors", "idempotency", "links", "openapi", "params",
    "views",
}  # fmt: skip
# Names of private internals the adapters wrap (Powertools' resolver, PynamoDB's models and transactions).
PRIVATE_NAMES = {
    "_get_connection", "_connection", "_tables", "_condition_check_items", "_delete_items",
    "_put_items", "_update_items", "_to_proxy_event", "_get_body", "_request_validation_middleware",
}  # fmt: skip
MAX_LINES = 500


def _modules(folder: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(folder.rglob("*.py")):
        yield str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path))


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers of the statements under `if TYPE_CHECKING:` (imports for annotations only)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(tree: ast.Module, runtime_only: bool = True) -> Iterator[tuple[int, str]]:
    """(line, module) of every import; `from advocacy.store import x` yields `advocacy.store.x`."""
    skip = _type_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _offending(folder: Path, forbidden: tuple[str, ...], runtime_only: bool = True) -> list[str]:
    return [
        f"{name}:{line} imports {module}"
        for name, tree in _modules(folder)
        for line, module in _imports(tree, runtime_only)
        if module.startswith(forbidden)
    ]


def test_domain_is_pure() -> None:
    """No AWS, no library of the platform, no other layer: rules that a unit test can run alone."""
    forbidden = ("boto3", "botocore", "pynamodb", "aws_lambda_powertools", "advocacy.store", "advocacy.api",
                 "advocacy.services", "advocacy.handlers", "advocacy.settings", "advocacy.operation")  # fmt: skip
    assert _offending(PACKAGE / "domain", forbidden) == []


def test_the_store_knows_no_use_case_or_route() -> None:
    forbidden = (
        "advocacy.services",
        "advocacy.api",
        "advocacy.handlers",
        "advocacy.jobs",
        "advocacy.streams",
    )
    assert _offending(PACKAGE / "store", forbidden) == []


def test_services_know_no_route_or_handler() -> None:
    assert _offending(PACKAGE / "services", ("advocacy.api", "advocacy.handlers")) == []


def test_routers_call_services_never_the_store_or_each_other() -> None:
    routers = {p.stem for p in (PACKAGE / "api").glob("*.py")} - API_PLUMBING
    found = []
    for path in sorted((PACKAGE / "api").glob("*.py")):
        if path.stem not in routers:
            continue
        tree = ast.parse(path.read_text(), str(path))
        for line, module in _imports(tree):
            other_router = module.startswith("advocacy.api.") and module.split(".")[2] in routers
            if module.startswith("advocacy.store") or other_router:
                found.append(f"api/{path.name}:{line} imports {module}")
    assert found == []


def test_no_service_module_is_named_as_a_store_module() -> None:
    """`from advocacy.store import x` next to `from advocacy.services import x` is the confusion."""
    services = {p.stem for p in (PACKAGE / "services").glob("*.py")} - {"__init__"}
    store = {p.stem for p in (PACKAGE / "store").glob("*.py")} - {"__init__"}
    assert services & store == set()
    assert not any((PACKAGE / f"{name}.py").exists() for name in services), "a use case left at the top level"


def test_private_internals_of_libraries_only_in_the_adapters() -> None:
    found = []
    for name, tree in _modules(PACKAGE):
        if name.startswith("functions/advocacy/adapters/"):
            continue
        for node in ast.walk(tree):
            attribute = isinstance(node, ast.Attribute) and node.attr in PRIVATE_NAMES
            key = isinstance(node, ast.Constant) and node.value in {"_route"}
            if attribute or key:
                found.append(f"{name}:{node.lineno}")  # type: ignore[attr-defined]
    assert found == []


def test_no_hand_written_retry_loop() -> None:
    """Transactions are retried by store.transactions.retrying alone (bounded, jittered)."""
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _modules(PACKAGE)
        if name != "functions/advocacy/store/transactions.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {"time.sleep", "sleep"}
    ]
    assert found == []


@pytest.mark.parametrize("folder", ["functions", "local", "infra", "bench"])
def test_no_source_file_is_over_500_lines(folder: str) -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
