"""Over HTTP against the local stack: no raw IP, bearer token or click secret in its log or its tables.

The stack's log file holds everything the stack printed: the gateway's access log, the local
services' logging, and every handler's Powertools output. Visitors arrive through proxies
(X-Forwarded-For and Forwarded chains with IPv4 and IPv6 addresses; the connection itself is
127.0.0.1, which the log names anyway as the API's address), members send real Cognito ID tokens
(also a tampered one, and one misplaced in a query string), and the stream applies the clicks
before the log and every table are searched.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from typing import Any

import boto3

from tests.support.stack import Stack, items_json

FORWARDED = ["198.51.100.201", "2001:db8:cafe::17", "203.0.113.64"]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


def _aws(stack: Stack, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=stack.info["aws_endpoint_url"],
        region_name=stack.info["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _secrets(stack: Stack) -> dict[str, str]:
    """Every secret value of the stack by what it is: the click key, the OAuth state key and each
    network's client secret (the connected accounts' secrets hold JSON: their `client_secret`)."""
    sm = _aws(stack, "secretsmanager")
    found = {}
    for secret in sm.list_secrets()["SecretList"]:
        value = str(sm.get_secret_value(SecretId=secret["ARN"])["SecretString"])
        if value.startswith("{"):
            value = str(json.loads(value)["client_secret"])
        found[secret["Name"]] = value
    return found


def _tables_text(stack: Stack) -> str:
    ddb = stack.dynamodb()
    items = [
        item
        for name in ddb.list_tables()["TableNames"]
        for page in ddb.get_paginator("scan").paginate(TableName=name)
        for item in page["Items"]
    ]
    return items_json(items)


def test_no_raw_ip_token_or_secret_in_the_stack_log_or_tables(stack: Stack) -> None:
    manager_user, member_user = stack.user("manager"), stack.user("member")
    manager = stack.login(manager_user["email"], manager_user["password"])
    member = stack.login(member_user["email"], member_user["password"])
    proxied = {"x-forwarded-for": ", ".join(FORWARDED), "forwarded": f'for="[{FORWARDED[1]}]"'}

    body = {"title": "Privacy check", "url": "https://acme.example/privacy", "status": "published"}
    created = stack.call("POST", "/content", manager, body, headers=proxied)
    assert created.status == 201, created.body
    content_id = created.json()["content_id"]
    shared = stack.call(
        "POST", f"/content/{content_id}/shares", member, {"network": "email"}, headers=proxied
    )
    assert shared.status == 201, shared.body
    path = urllib.parse.urlsplit(shared.json()["tracked_url"]).path

    # Three browsers claiming to be behind proxies, then a preview bot. The gateway takes the address the
    # request came from (never X-Forwarded-For), so the three are one visitor (decision 82).
    for n, ip in enumerate(FORWARDED):
        chain = {"x-forwarded-for": f"{ip}, 10.0.0.{n}", "user-agent": f"{BROWSER} v{n}"}
        assert stack.call("GET", path, headers=chain).status == 302
    assert (
        stack.call("HEAD", path, headers={**proxied, "user-agent": "Slackbot-LinkExpanding 1.0"}).status
        == 302
    )

    tampered = member[:-4] + ("AAAA" if not member.endswith("AAAA") else "BBBB")
    assert stack.call("GET", "/me", tampered, headers=proxied).status == 401
    assert stack.call("GET", f"/me?access_token={member}", member, headers=proxied).status == 200

    stack.quiet()  # the stream applies the clicks asynchronously, as on AWS
    stats = stack.call("GET", f"/content/{content_id}", manager).json()["stats"]
    assert stats == {"shares": 1, "clicks": 4, "unique_clicks": 1}

    needles = {ip: f"ip {ip}" for ip in FORWARDED}
    needles[urllib.parse.quote(FORWARDED[1])] = "ip (quoted)"
    for name, token in (("manager", manager), ("member", member), ("tampered", tampered)):
        needles[token] = f"{name} token"
        needles[token.split(".")[2]] = f"{name} token signature"
    secrets = _secrets(stack)
    assert any("ClickKeySecret" in name for name in secrets) and len(secrets) >= 4, sorted(secrets)
    for name, secret in secrets.items():
        needles[secret] = f"secret {name}"
        needles[base64.b64encode(secret.encode()).decode()] = f"secret {name} (base64)"
    log = stack.log_path.read_text(errors="replace")
    assert f"GET {path} 302" in log, "the access log was not captured"
    tables = _tables_text(stack)
    leaks = [(what, where) for needle, what in needles.items()
             for where, text in (("log", log), ("tables", tables)) if needle in text]  # fmt: skip
    assert not leaks, leaks
