"""Every AWS SDK client the functions make retries in standard mode, a few times, with short timeouts.

Two checks: the real clients (PynamoDB's, the transaction connection, Cognito, SES, S3, Secrets
Manager, the idempotency records) carry `store.clients` limits; and no code makes a client or a
retry config any other way. tests/infra checks the limits against each function's timeout.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advocacy.store import clients

CODE = Path(__file__).resolve().parents[2] / "functions" / "advocacy"
CLIENT_FACTORIES = {"client", "resource", "create_client"}
LIMIT_KEYWORDS = {"retries", "connect_timeout", "read_timeout", "max_retry_attempts",
                  "connect_timeout_seconds", "read_timeout_seconds"}  # fmt: skip


@pytest.fixture(autouse=True)
def _region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def _assert_limits(client: Any, limits: clients.Limits) -> None:
    config = client.meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": limits.attempts}
    assert (config.connect_timeout, config.read_timeout) == (limits.connect_timeout, limits.read_timeout)


def test_boto3_clients_carry_the_default_limits() -> None:
    from advocacy.store import export_files, identity, mail

    for client in (identity._client(), mail._client(), clients.client("secretsmanager")):
        _assert_limits(client, clients.DEFAULT)
    _assert_limits(export_files._s3(), clients.EXPORT_FILES)
    assert export_files._s3().meta.config.signature_version == "s3v4"


def test_pynamodb_connections_carry_the_bound_function_s_limits() -> None:
    from advocacy.store import tables
    from advocacy.store.models import TABLE_ENV, LinkModel, MemberModel

    saved = {m: dict(vars(m.Meta)) for m in TABLE_ENV}
    try:
        tables.bind({env: f"t-{env.lower()}" for env in TABLE_ENV.values()})
        for model in TABLE_ENV:
            _assert_limits(model._get_connection().connection.client, clients.DEFAULT)
        _assert_limits(tables.connection().client, clients.DEFAULT)
        tables.bind({"LINKS_TABLE": "t-links"}, clients.REDIRECT)  # what the redirect function binds
        _assert_limits(LinkModel._get_connection().connection.client, clients.REDIRECT)
        _assert_limits(MemberModel._get_connection().connection.client, clients.DEFAULT)
    finally:
        for model, meta in saved.items():
            for name, value in meta.items():
                if not name.startswith("__"):
                    setattr(model.Meta, name, value)
            model._connection = None
        tables.connection.cache_clear()


def test_idempotency_records_carry_the_bound_limits() -> None:
    from advocacy.store import idempotency

    bound = idempotency._binding  # put back as it was: handlers imported by other tests bound it
    idempotency.bind("t-idempotency", clients.REDIRECT)
    try:
        _assert_limits(idempotency.persistence().client, clients.REDIRECT)
    finally:
        idempotency.bind(*bound)


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted(CODE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_no_code_makes_a_client_or_a_retry_policy_of_its_own() -> None:
    """A client without `config=` would get botocore's legacy defaults (60 s timeouts); retry
    settings anywhere but `store.clients` would escape the timeout check in tests/infra."""
    found = []
    for path, call in _calls():
        keywords = {k.arg for k in call.keywords}
        where = f"{path.relative_to(CODE)}:{call.lineno}"
        if _name(call) in CLIENT_FACTORIES and isinstance(call.func, ast.Attribute):
            owner = ast.unparse(call.func.value)
            if (
                owner in {"boto3", "session", "self.session", "boto3.session.Session()"}
                and "config" not in keywords
            ):
                found.append(f"{where}: {owner}.{_name(call)}() without config=")
        # web_fetch.py is not an AWS client: urllib3's `retries` is off there, each redirect is checked
        # by the guard itself. Nor are the networks' clients (provider_http.py, oauth.py): retries off,
        # a retried post could publish twice.
        not_aws = {"clients.py", "tables.py", "web_fetch.py", "provider_http.py", "oauth.py"}
        if keywords & LIMIT_KEYWORDS and path.name not in not_aws:
            found.append(f"{where}: {_name(call)}() sets {sorted(keywords & LIMIT_KEYWORDS)}")
        if _name(call) == "DynamoDBPersistenceLayer" and "boto_config" not in keywords:
            found.append(f"{where}: DynamoDBPersistenceLayer() without boto_config=")
    assert not found, found
