"""The AWS side of the local stack: a moto server and the resources the template declares in it.

The server is bound on the calling thread (unlike `ThreadedMotoServer`, whose bind failure in
its thread would leave `start()` waiting forever), so a busy port is an immediate, clear error.
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import string
import threading
from typing import TYPE_CHECKING, Any

import boto3
from werkzeug.serving import BaseWSGIServer, make_server

from local.intrinsics import Resolver
from local.serving import PortInUseError
from local.template import ACCOUNT_ID, StackSpec, TableSpec, TemplateError

if TYPE_CHECKING:
    from local.lambdas import LambdaRuntime

log = logging.getLogger("local.aws")

REGION = "us-east-1"  # moto stamps this region on stream records, so the stack lives there too
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


class MotoServer:
    """moto's Cognito IDP, SES, S3, KMS and Secrets Manager (and, without DynamoDB Local, DynamoDB and
    DynamoDB Streams) behind one 127.0.0.1 endpoint."""

    def __init__(self, port: int, host: str = "127.0.0.1", dynamodb: bool = True) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        from local.moto_cognito import add_cognito_mail, add_revoke_token
        from local.moto_isolation import isolate_requests
        from local.moto_speedups import speed_up

        if dynamodb:  # the tables are on moto: make its DynamoDB behave (not needed on DynamoDB Local)
            isolate_requests()  # concurrent requests must not interleave inside a transaction
        speed_up(dynamodb=dynamodb)
        add_revoke_token()  # the web app's sign-out revokes its refresh token
        add_cognito_mail()  # invitations and reset codes as Cognito sends them, readable locally
        app = DomainDispatcherApplication(create_backend_app)
        try:
            if port:
                _check_free(host, port)  # werkzeug prints and exits on a busy port; say it our way first
            self._server: BaseWSGIServer = make_server(
                host, port, app, threaded=True, request_handler=MotoRequestHandler
            )
        except (OSError, SystemExit) as exc:
            if isinstance(exc, SystemExit):
                raise PortInUseError(f"AWS emulator port {port} on {host} is unavailable") from None
            raise PortInUseError(
                f"AWS emulator port {port} on {host} is unavailable: {exc.strerror}"
            ) from exc
        self.host, self.port = host, self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def client(service: str, endpoint_url: str) -> Any:
    """A boto3 client for the emulator (explicit endpoint and dummy credentials, never real AWS)."""
    return boto3.client(service, endpoint_url=endpoint_url, region_name=REGION, **CREDENTIALS)


def local_table_name(logical_id: str) -> str:
    return f"advocacy-local-{logical_id}"


# CloudFormation table properties with the same name and shape in the CreateTable API.
_CREATE_TABLE_KEYS = (
    "KeySchema",
    "AttributeDefinitions",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "SSESpecification",
    "TableClass",
)


def create_table(ddb: Any, spec: TableSpec, resolve: Resolver) -> dict[str, Any]:
    """Create one table as declared (keys, indexes, stream, TTL); returns its description."""
    props = resolve(spec.properties)
    kwargs: dict[str, Any] = {k: props[k] for k in _CREATE_TABLE_KEYS if k in props}
    kwargs["TableName"] = local_table_name(spec.logical_id)
    kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    if "SSESpecification" in kwargs:
        kwargs["SSESpecification"] = {"Enabled": bool(kwargs["SSESpecification"].get("SSEEnabled", False))}
    stream = props.get("StreamSpecification")
    if stream and stream.get("StreamViewType"):
        kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
    if "Replicas" in props:  # AWS::DynamoDB::GlobalTable: the first replica carries per-region settings
        kwargs.pop("TableClass", None)
    table = ddb.create_table(**kwargs)["TableDescription"]
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        ddb.update_time_to_live(
            TableName=kwargs["TableName"],
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    return dict(table)


def create_tables(endpoint_url: str, spec: StackSpec, resolve: Resolver) -> dict[str, dict[str, Any]]:
    """All the template's tables, by logical id."""
    ddb = client("dynamodb", endpoint_url)
    return {lid: create_table(ddb, table, resolve) for lid, table in spec.tables.items()}


def table_attributes(tables: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Fn::GetAtt of the created tables: Arn in the stack's region and account (DynamoDB Local names
    its own), StreamArn as the engine has it (the stream poller reads it there)."""
    attrs = {}
    for lid, table in tables.items():
        attrs[(lid, "Arn")] = table_arn(table["TableName"])
        if table.get("LatestStreamArn"):
            attrs[(lid, "StreamArn")] = str(table["LatestStreamArn"])
    return attrs


# CloudFormation user pool properties that CreateUserPool takes under the same name and shape.
_POOL_KEYS = (
    "Policies",
    "AutoVerifiedAttributes",
    "AliasAttributes",
    "UsernameAttributes",
    "VerificationMessageTemplate",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "UserAttributeUpdateSettings",
    "DeviceConfiguration",
    "AdminCreateUserConfig",
    "Schema",
    "UsernameConfiguration",
    "AccountRecoverySetting",
)
_CLIENT_KEYS = (
    "ClientName",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "AuthSessionValidity",
)
# Password logins are how people (and tests) sign in locally; make sure the client allows them.
_LOCAL_AUTH_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")


def create_user_pool(endpoint_url: str, spec: StackSpec, resolve: Resolver) -> tuple[str, str, str, str]:
    """The template's user pool and app client: (pool logical id, pool id, client logical id, client id).

    Properties are read from the template so the local pool has the same sign-in attribute,
    custom attributes and admin-only sign-up as the deployed one.
    """
    if len(spec.user_pools) != 1 or len(spec.user_pool_clients) != 1:
        raise TemplateError(
            f"expected one user pool and one app client, found {len(spec.user_pools)} and "
            f"{len(spec.user_pool_clients)}"
        )
    ((pool_lid, pool_props),) = spec.user_pools.items()
    ((client_lid, client_props),) = spec.user_pool_clients.items()
    idp = client("cognito-idp", endpoint_url)
    props = {k: resolve(pool_props[k]) for k in _POOL_KEYS if k in pool_props}
    pool = idp.create_user_pool(PoolName=str(pool_props.get("UserPoolName", "advocacy-local")), **props)
    pool_id = pool["UserPool"]["Id"]
    cprops = {k: resolve(client_props[k]) for k in _CLIENT_KEYS if k in client_props}
    flows = list(cprops.get("ExplicitAuthFlows", []))
    missing = [f for f in _LOCAL_AUTH_FLOWS if f not in flows]
    if missing:
        log.warning("app client lacks %s; added locally so password sign-in works", ", ".join(missing))
        cprops["ExplicitAuthFlows"] = flows + missing
    if client_props.get("GenerateSecret"):
        log.warning("app client has a secret in the template; the local client is created without one")
    cprops.setdefault("ClientName", f"advocacy-local-{client_lid}")
    app_client = idp.create_user_pool_client(UserPoolId=pool_id, GenerateSecret=False, **cprops)
    return pool_lid, pool_id, client_lid, app_client["UserPoolClient"]["ClientId"]


def use_mail_trigger(spec: StackSpec, runtime: LambdaRuntime) -> None:
    """The pool's custom message trigger writes the local Cognito's mail, as it does a deployed pool's
    (`local.moto_cognito`); a template without one keeps the pool's templates."""
    from local.moto_cognito import set_custom_message

    ((_, pool_props),) = spec.user_pools.items()
    arn = (pool_props.get("LambdaConfig") or {}).get("CustomMessage")
    if not (isinstance(arn, dict) and "Fn::GetAtt" in arn):
        set_custom_message(None)
        return
    function_id = arn["Fn::GetAtt"][0]
    set_custom_message(lambda event: runtime.invoke(function_id, event, nested=True))


def verify_sender_domains(endpoint_url: str, addresses: list[str]) -> None:
    """Verify in SES the domains of the sender addresses the functions are configured with.

    moto refuses to send from an unverified identity, as SES does in its sandbox.
    """
    ses = client("ses", endpoint_url)
    for domain in sorted({a.rsplit("@", 1)[1] for a in addresses if "@" in a}):
        ses.verify_domain_identity(Domain=domain)


def table_arn(name: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{name}"


def _generated_secret(spec: dict[str, Any]) -> str:
    """What Secrets Manager's GenerateSecretString would produce (random, of the asked length)."""
    length = int(spec.get("PasswordLength", 32))
    alphabet = string.ascii_letters + string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += "!#$%&()*+,-.:;<=>?@[]^_{|}~"
    alphabet = "".join(c for c in alphabet if c not in spec.get("ExcludeCharacters", ""))
    value = "".join(secrets.choice(alphabet) for _ in range(length))
    if spec.get("SecretStringTemplate") and spec.get("GenerateStringKey"):
        document = json.loads(spec["SecretStringTemplate"])
        document[spec["GenerateStringKey"]] = value
        return json.dumps(document)
    return value


def create_buckets(endpoint_url: str, spec: StackSpec) -> dict[str, str]:
    """The template's S3 buckets (exports), empty; returns their local names by logical id."""
    s3 = client("s3", endpoint_url)
    names = {}
    for lid in spec.buckets:
        names[lid] = f"advocacy-local-{lid.lower()}"[:63]
        s3.create_bucket(Bucket=names[lid])
    return names


def create_secrets(endpoint_url: str, spec: StackSpec, resolve: Resolver) -> dict[str, str]:
    """The template's Secrets Manager secrets, with fresh local values; returns their ARNs by logical id."""
    sm = client("secretsmanager", endpoint_url)
    arns = {}
    for lid, declared in spec.secrets.items():
        props = resolve(declared)
        value = props.get("SecretString") or _generated_secret(props.get("GenerateSecretString", {}))
        arns[lid] = sm.create_secret(Name=f"advocacy-local-{lid}", SecretString=value)["ARN"]
    return arns
