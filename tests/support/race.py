"""Real concurrency for the store: the tables on DynamoDB Local, Cognito on a moto server, and
callers in separate processes.

Each caller is its own forked process, as each concurrent Lambda invocation is its own container:
the Powertools resolver keeps the current event on the class (`BaseRouter.current_event`), so two
requests resolved at once by threads of one process would read each other's event. The processes
meet at a barrier, then call the api handler. The tables are on DynamoDB Local, AWS's own engine
(one per test process, started on first use, stopped at exit), which isolates transactions and
honours ClientRequestToken as DynamoDB does. Where it cannot run (no Java 17+), they are on the moto
server, which then handles one DynamoDB request at a time (`local.moto_isolation`).
"""

from __future__ import annotations

import atexit
import functools
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from local.dynamodb_local import DynamoDBLocal, EngineUnavailable
from local.moto_isolation import isolate_requests
from tests.support.events import FakeContext, http_event
from tests.support.idempotency import create_table as idempotency_table


def fresh_clients() -> None:
    """Forget every cached client, so the next call makes one for the endpoint and tables set now."""
    from advocacy.ops import bootstrap
    from advocacy.store import idempotency, identity, tables
    from advocacy.store.models import TABLE_ENV

    for model in TABLE_ENV:
        model._connection = None
    tables.connection.cache_clear()
    idempotency.persistence.cache_clear()
    identity._client.cache_clear()
    bootstrap._bound.cache_clear()


@functools.cache
def tables_engine() -> DynamoDBLocal | None:
    """This test process's DynamoDB Local, started on first use and stopped at exit (None where it
    cannot run here: the tables then go on moto)."""
    logs = Path(tempfile.mkdtemp(prefix="race-dynamodb-"))
    try:
        engine = DynamoDBLocal(logs / "dynamodb-local.log")
    except EngineUnavailable:
        shutil.rmtree(logs)
        return None

    def stop() -> None:
        engine.stop()
        shutil.rmtree(logs, ignore_errors=True)

    atexit.register(stop)
    engine.start()
    return engine


@contextmanager
def moto_server(prefix: str) -> Iterator[str]:
    """A moto server on 127.0.0.1 with a user pool, and tables of their own (named after `prefix`)
    on DynamoDB Local, dropped afterwards (on the moto server where DynamoDB Local cannot run); the
    environment, table bindings, clients and api settings are put back afterwards."""
    from moto.server import ThreadedMotoServer

    from advocacy.api import deps
    from advocacy.handlers import api  # noqa: F401 - imported (and bound) before the environment changes
    from advocacy.settings import Settings
    from advocacy.store import idempotency, tables
    from advocacy.store.models import TABLE_ENV

    engine = tables_engine()
    if engine is None:
        isolate_requests()
    saved_env = dict(os.environ)
    saved_models = {model: (model.Meta.table_name, model.Meta.region) for model in TABLE_ENV}
    saved_records = idempotency._binding
    saved_settings = deps._settings
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    names: dict[str, str] = {}
    try:
        host, port = moto.get_host_and_port()
        envs = {*TABLE_ENV.values(), idempotency.TABLE_ENV}
        names = {env: f"{prefix}-{env.removesuffix('_TABLE').lower()}" for env in sorted(envs)}
        os.environ.update({**names, "AWS_ENDPOINT_URL": f"http://{host}:{port}"})
        if engine is not None:  # botocore takes DynamoDB's own endpoint over AWS_ENDPOINT_URL
            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = engine.url
        fresh_clients()
        tables.bind(names)
        for model in set(TABLE_ENV):
            if not model.exists():
                model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
        idempotency_table(boto3.client("dynamodb"), names[idempotency.TABLE_ENV])
        pool = boto3.client("cognito-idp").create_user_pool(
            PoolName=prefix,
            UsernameAttributes=["email"],
            Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": False}],
        )
        os.environ["USER_POOL_ID"] = pool["UserPool"]["Id"]
        deps.configure(Settings.from_env(tuple(names), needs_user_pool=True))
        yield os.environ["AWS_ENDPOINT_URL"]
    finally:
        if engine is not None:  # the engine outlives this server: leave it no table
            ddb = boto3.client("dynamodb")
            for name in set(names.values()) & set(ddb.list_tables()["TableNames"]):
                ddb.delete_table(TableName=name)
        moto.stop()
        os.environ.clear()
        os.environ.update(saved_env)
        for model, (name, region) in saved_models.items():
            model.Meta.table_name, model.Meta.region = name, region
        idempotency.bind(*saved_records)
        fresh_clients()
        if saved_settings is not None:
            deps.configure(saved_settings)


def _call(request: dict[str, Any], barrier: Any, results: Any, index: int) -> None:
    """One Lambda container: its own clients, one request, sent when every caller is ready."""
    from advocacy.handlers import api

    fresh_clients()  # never share the parent's pooled sockets
    try:
        barrier.wait(timeout=60)
        response = api.handler(http_event(**request), FakeContext())
        results.put((index, response["statusCode"], json.loads(response.get("body") or "null")))
    except BaseException as exc:  # report, never hang the parent
        results.put((index, -1, repr(exc)))


def at_once(requests: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """Send every request (keyword arguments of `http_event`) at the same moment, each from its
    own process; returns (status, body) in the order of `requests`."""
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(requests))
    results = ctx.Queue()
    workers = [ctx.Process(target=_call, args=(r, barrier, results, i)) for i, r in enumerate(requests)]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    fresh_clients()
    return [(status, body) for _, status, body in outcomes]
