"""The mocked AWS account the integration tier runs handlers in: tables made from the store models, a
Cognito pool, a click secret, SES and S3, and `Env.call` sending API-shaped events at the test's clock."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
from moto import mock_aws

from tests.support import idempotency
from tests.support.events import FakeContext, http_event
from tests.support.streams import StreamPump

TABLES = {
    "ORGS_TABLE": "it-orgs",
    "MEMBERS_TABLE": "it-members",
    "LINKS_TABLE": "it-links",
    "CONTENT_TABLE": "it-content",
    "SHARES_TABLE": "it-shares",
    "CLICKS_TABLE": "it-clicks",
    "LEDGER_TABLE": "it-ledger",
    "SCORES_TABLE": "it-scores",
    "BOARDS_TABLE": "it-boards",
    "REWARDS_TABLE": "it-rewards",
    "CONTESTS_TABLE": "it-contests",
    "ANALYTICS_TABLE": "it-analytics",
    "IDEMPOTENCY_TABLE": "it-idempotency",
    "EXPORTS_TABLE": "it-export-records",
    "SUGGESTIONS_TABLE": "it-suggestions",
    "CONNECTIONS_TABLE": "it-connections",
}
AUTOSHARE_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/it-autoshare"
MAX_RECEIVES = 3
os.environ.update(
    {
        **TABLES,
        "USER_POOL_ID": "placeholder",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_SERVICE_NAME": "advocacy",
        "POWERTOOLS_METRICS_NAMESPACE": "Advocacy",
        "POWERTOOLS_DEV": "false",
        "DIGEST_SENDER": "digest@advocacy.example",
        "WEB_URL": "https://app.advocacy.example",
        "EXPORTS_BUCKET": "it-exports",
        "AUTOSHARE_QUEUE_URL": AUTOSHARE_QUEUE_URL,
        # By name (GetSecretValue takes a name or an ARN), so it is the same in every test: the
        # redirect reads it on the first click of the process and keeps it, as a container does.
        "CLICK_SECRET_ARN": "it-click-key",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

from advocacy.store.tables import bind  # noqa: E402 - after the environment is set
from local.moto_isolation import isolate_requests  # noqa: E402
from local.moto_speedups import speed_up  # noqa: E402
from tests.support import access  # noqa: E402 - imports the handlers, which read the environment

bind(TABLES)
isolate_requests()
speed_up()
access.install()
STREAMED = ("ORGS_TABLE", "CLICKS_TABLE")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: Any


@dataclass
class Env:
    user_pool_id: str
    call: Callable[..., Response]
    streams: StreamPump
    now: datetime  # the test's clock: every call is received at this time unless it says otherwise


@functools.cache
def _client(service: str) -> Any:
    """One client per service for the whole run: moto intercepts a client whenever it was made, and
    making one costs more than most calls a test's setup sends through it."""
    return boto3.client(service)


def _create_tables() -> None:
    """Tables for this test's mock. The models stay bound to the same names (and keep their
    clients) across tests: moto intercepts clients whenever they were made."""
    from advocacy.store.models import STREAM_VIEWS, TABLE_ENV

    # Models that share a table (shares and post attempts) create it once: the one declaring the
    # table's indexes first, so that a set's order never leaves an index out.
    # moto makes a table active at once, so nothing waits for it.
    client = _client("dynamodb")
    made: set[str] = set()
    for model in sorted({m for m in TABLE_ENV if m.Meta.table_name}, key=lambda m: -len(m._indexes)):
        if model.Meta.table_name not in made:
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=False)
            made.add(model.Meta.table_name)
    idempotency.create_table(client, TABLES["IDEMPOTENCY_TABLE"])
    for env_name, view in STREAM_VIEWS.items():
        client.update_table(
            TableName=TABLES[env_name], StreamSpecification={"StreamEnabled": True, "StreamViewType": view}
        )


def _create_click_secret() -> None:
    _client("secretsmanager").create_secret(Name=os.environ["CLICK_SECRET_ARN"], SecretString="k" * 64)


def _create_autoshare_queue() -> None:
    """The poster's queue and its dead-letter queue, `MAX_RECEIVES` deliveries before it."""
    from advocacy.store import autoshare_queue

    sqs = _client("sqs")
    dlq = sqs.create_queue(QueueName="it-autoshare-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)})
    sqs.create_queue(QueueName="it-autoshare", Attributes={"RedrivePolicy": redrive})
    autoshare_queue.forget_client()


def _create_pool() -> str:
    client = _client("cognito-idp")
    pool = client.create_user_pool(
        PoolName="it",
        UsernameAttributes=["email"],
        Schema=[{"Name": "org_id", "AttributeDataType": "String", "Mutable": False}],
    )
    return pool["UserPool"]["Id"]


@contextmanager
def aws_env(now: datetime) -> Iterator[Env]:
    """The mocked account with its tables, pool and bound settings (the `aws` fixture, reusable at
    module scope). `now` is the test's clock: `call` sends each request at that time unless given
    `now=` (a later reading of the same clock), never at the wall clock."""
    with mock_aws():
        _create_tables()
        _create_click_secret()
        _client("ses").verify_domain_identity(Domain="advocacy.example")
        _client("s3").create_bucket(Bucket="it-exports")
        _create_autoshare_queue()
        pool_id = _create_pool()
        from advocacy.api import deps
        from advocacy.handlers import api
        from advocacy.settings import Settings

        deps.configure(Settings.from_env(tuple(TABLES), env={**os.environ, "USER_POOL_ID": pool_id}))

        def call(method: str, path: str, who: dict[str, str] | None = None, **kwargs: Any) -> Response:
            claims = None if who is None else {"sub": who["member_id"], "custom:org_id": who["org_id"]}
            kwargs["now"] = kwargs.get("now") or now
            result = api.handler(http_event(method, path, claims=claims, **kwargs), FakeContext())
            raw = result.get("body") or ""
            body = json.loads(raw) if raw and "json" in result["headers"].get("Content-Type", "") else raw
            return Response(result["statusCode"], result["headers"], body)

        streams = StreamPump([TABLES[e] for e in sorted(STREAMED)])
        yield Env(user_pool_id=pool_id, call=call, streams=streams, now=now)


def make_org(aws: Env, now: datetime) -> dict[str, Any]:
    """An org with its admin, a manager, two members and two groups."""
    from advocacy.ops import bootstrap

    os.environ["USER_POOL_ID"] = aws.user_pool_id
    org_body, admin = bootstrap.create_org("Acme", "ada@acme.test", "Ada", now, send_invitation=False)
    org_id = org_body["org_id"]
    sales = bootstrap.create_group(org_id, "Sales", now)
    eng = bootstrap.create_group(org_id, "Engineering", now)
    manager = bootstrap.add_member(org_id, "max@acme.test", "Max", "manager", [], now, False)
    m1 = bootstrap.add_member(org_id, "mia@acme.test", "Mia", "member", [sales["group_id"]], now, False)
    m2 = bootstrap.add_member(org_id, "noa@acme.test", "Noa", "member", [eng["group_id"]], now, False)
    for person in (admin, manager, m1, m2):
        person["org_id"] = org_id
    return {
        "org": org_body,
        "admin": admin,
        "manager": manager,
        "members": [m1, m2],
        "groups": {"sales": sales, "eng": eng},
    }


def make_other_org(now: datetime) -> dict[str, Any]:
    """A second org (Globex) with its admin and a member."""
    from advocacy.ops import bootstrap

    org_body, admin = bootstrap.create_org("Globex", "gus@globex.test", "Gus", now, send_invitation=False)
    admin["org_id"] = org_body["org_id"]
    member = bootstrap.add_member(org_body["org_id"], "gia@globex.test", "Gia", "member", [], now, False)
    member["org_id"] = org_body["org_id"]
    return {"org": org_body, "admin": admin, "member": member}
