"""The local stack keeps its tables on DynamoDB Local, AWS's own engine: stack.json names its endpoint,
any dummy credentials and region see the same tables (-sharedDb), and transactions behave as
DynamoDB's do: isolated (racing writers never lose an update or half-apply), a cancellation names
its reasons and writes nothing, and a repeated ClientRequestToken is applied once.

DynamoDB Local runs transactions one after another, so it never answers TransactionConflict; the
retry on that reason is covered with injected cancellations (tests/unit/test_transactions.py).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ClientError

from local import child, dynamodb_local
from local.dynamodb_local import DynamoDBLocal, EngineFailed
from tests.support.stack import ROOT, Stack

pytestmark = pytest.mark.e2e


def test_the_stack_names_dynamodb_local_and_any_credentials_read_its_tables(stack: Stack) -> None:
    info = stack.info
    assert info["dynamodb_engine"] == "dynamodb-local", info.get("dynamodb_fallback")
    assert info["dynamodb_endpoint_url"].startswith("http://127.0.0.1:")
    assert info["dynamodb_endpoint_url"] != info["aws_endpoint_url"]  # Cognito and the rest stay on moto
    member = stack.user("member")
    for key, region in (("testing", info["region"]), (uuid.uuid4().hex, "eu-south-1")):
        ddb = stack.dynamodb(key, region)
        assert set(info["tables"].values()) <= set(ddb.list_tables()["TableNames"])
        items = ddb.scan(TableName=info["table_env"]["MEMBERS_TABLE"])["Items"]
        assert member["member_id"] in json.dumps(items)  # the seeded members, whoever asks


def _listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on TCP `port` (the kernel's tables, IPv4 and
    IPv6; an IPv4-mapped IPv6 address is shown as its IPv4 one)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)  # 32-bit words in host (little-endian) order
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(words)
            mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
            found.add(str(mapped or ip))
    return found


def _other_addresses() -> set[str]:
    """This machine's IPv4 addresses other than loopback that are easy to find (its hostname's, the
    one its default route would use: a UDP connect sends nothing), kept if a socket can bind them."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the route
        found.add(probe.getsockname()[0])
    return {a for a in found if not ipaddress.ip_address(a).is_loopback and _is_mine(a)}


def _is_mine(address: str) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((address, 0))
        except OSError:
            return False
        return address != "0.0.0.0"  # noqa: S104 - not an address of its own


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_the_engine_listens_on_127_0_0_1_only(stack: Stack) -> None:
    """DynamoDB Local itself has no host option and listens on every interface; the stack starts it
    through local/java/LoopbackDynamoDBLocal.java, which binds it to 127.0.0.1."""
    port = urlsplit(stack.info["dynamodb_endpoint_url"]).port or 0
    assert _listening(port) == {"127.0.0.1"}
    for address in _other_addresses():
        with socket.socket() as probe:
            probe.settimeout(2)
            assert probe.connect_ex((address, port)) == errno.ECONNREFUSED, address


def test_the_launcher_reports_a_port_taken_after_the_check(tmp_path: Path) -> None:
    """The port is free when the stack picks it and taken by the time the engine binds it: the start
    fails with the engine's own words. (Bound, not listening: nothing answers in the engine's place.)"""
    engine = DynamoDBLocal(tmp_path / "ddb.log")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", engine.port))
        with pytest.raises(
            EngineFailed, match=rf"exited with 1 on start:(.|\n)*127\.0\.0\.1:{engine.port}.*in use"
        ):
            engine.start(timeout=60)


def test_the_launcher_refuses_to_run_without_disable_telemetry() -> None:
    """No traffic leaves the machine: the launcher never sets up the engine's telemetry, and will not
    run on a command line that would have it on."""
    java, jar = dynamodb_local.available()
    argv = [a for a in dynamodb_local.command(java, jar, 1) if a != "-disableTelemetry"]
    ran = subprocess.run(  # noqa: S603 - the packaged engine
        argv, capture_output=True, text=True, timeout=60, check=False, env=dynamodb_local.engine_environment()
    )
    assert ran.returncode == 2
    assert "refusing to start without -disableTelemetry" in ran.stderr


def test_the_functions_write_to_dynamodb_local(stack: Stack) -> None:
    """An API write lands in the engine's table (not in moto's DynamoDB, which has none)."""
    manager = stack.user("manager")
    token = stack.login(manager["email"], manager["password"])
    title = f"Engine check {uuid.uuid4().hex[:8]}"
    body = {"title": title, "url": "https://acme.example/engine", "status": "draft"}
    created = stack.call("POST", "/content", token, body)
    assert created.status == 201, created.body
    items = stack.dynamodb().scan(TableName=stack.info["table_env"]["CONTENT_TABLE"])["Items"]
    assert title in json.dumps(items)


@pytest.fixture
def scratch(stack: Stack) -> Iterator[tuple[Any, str]]:
    """A table of its own in the engine (the app's tables keep only the app's items); dropped after."""
    ddb = stack.dynamodb()
    name = f"e2e-scratch-{uuid.uuid4().hex[:8]}"
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        yield ddb, name
    finally:
        ddb.delete_table(TableName=name)


def _put(name: str, pk: str, **values: int) -> dict[str, Any]:
    return {
        "Put": {"TableName": name, "Item": {"pk": {"S": pk}, **{k: {"N": str(v)} for k, v in values.items()}}}
    }


def test_a_repeated_client_request_token_is_applied_once(scratch: tuple[Any, str]) -> None:
    ddb, name = scratch
    add = {
        "Update": {
            "TableName": name,
            "Key": {"pk": {"S": "counter"}},
            "UpdateExpression": "ADD n :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }
    token = uuid.uuid4().hex
    ddb.transact_write_items(TransactItems=[add], ClientRequestToken=token)
    ddb.transact_write_items(TransactItems=[add], ClientRequestToken=token)  # a resend: not applied again
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "counter"}})["Item"]["n"] == {"N": "1"}

    with pytest.raises(ClientError) as reused:  # the same token for other writes
        ddb.transact_write_items(TransactItems=[_put(name, "other", n=5)], ClientRequestToken=token)
    assert reused.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "other"}})


def test_a_cancelled_transaction_names_its_reasons_and_writes_nothing(scratch: tuple[Any, str]) -> None:
    ddb, name = scratch
    ddb.put_item(TableName=name, Item={"pk": {"S": "stock"}, "n": {"N": "0"}})
    take = {
        "Update": {
            "TableName": name,
            "Key": {"pk": {"S": "stock"}},
            "UpdateExpression": "ADD n :minus",
            "ConditionExpression": "n > :zero",
            "ExpressionAttributeValues": {":minus": {"N": "-1"}, ":zero": {"N": "0"}},
        }
    }
    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(TransactItems=[_put(name, "receipt", n=1), take])
    error = cancelled.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    assert [r["Code"] for r in error["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "receipt"}})


def test_racing_transactions_are_isolated(scratch: tuple[Any, str]) -> None:
    """Eight writers take units of a stock of five at once, each with a receipt: exactly five win, the
    rest are cancelled on the stock's condition, and no receipt exists without its unit."""
    ddb, name = scratch
    ddb.put_item(TableName=name, Item={"pk": {"S": "stock"}, "n": {"N": "5"}})
    barrier = threading.Barrier(8)
    outcomes: dict[int, str] = {}

    def take(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            ddb.transact_write_items(
                TransactItems=[
                    _put(name, f"receipt-{index}", n=1),
                    {
                        "Update": {
                            "TableName": name,
                            "Key": {"pk": {"S": "stock"}},
                            "UpdateExpression": "ADD n :minus",
                            "ConditionExpression": "n > :zero",
                            "ExpressionAttributeValues": {":minus": {"N": "-1"}, ":zero": {"N": "0"}},
                        }
                    },
                ]
            )
            outcomes[index] = "taken"
        except ClientError as exc:
            reasons = [r["Code"] for r in exc.response.get("CancellationReasons", [])]
            outcomes[index] = reasons[1] if len(reasons) == 2 else exc.response["Error"]["Code"]

    threads = [threading.Thread(target=take, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["ConditionalCheckFailed"] * 3 + ["taken"] * 5
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "stock"}})["Item"]["n"] == {"N": "0"}
    receipts = ddb.scan(TableName=name, FilterExpression="begins_with(pk, :r)",
                        ExpressionAttributeValues={":r": {"S": "receipt-"}})["Items"]  # fmt: skip
    assert sorted(r["pk"]["S"] for r in receipts) == sorted(
        f"receipt-{i}" for i, o in outcomes.items() if o == "taken"
    )


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((parts.hostname or "", parts.port or 0)) == 0


def test_the_engine_goes_with_a_stack_killed_outright(tmp_path: Path) -> None:
    """SIGKILL leaves the stack no chance to stop its children: the kernel stops the engine."""
    cache = ROOT / ".build" / "e2e-template-cache"
    started = child.start(tmp_path, "--no-seed", "--no-scheduler", "--cache-dir", str(cache))
    try:
        url = started.info["dynamodb_endpoint_url"]
        assert started.info["dynamodb_engine"] == "dynamodb-local" and _answers(url)
        os.killpg(started.proc.pid, signal.SIGKILL)
        started.proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _answers(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _answers(url), "DynamoDB Local outlived its stack"
    finally:
        started.stop()
