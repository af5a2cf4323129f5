"""Secret keys from Secrets Manager, read once per container and kept in memory only."""

from __future__ import annotations

from functools import cache

from advocacy.store import clients, tables


@cache
def read_key(secret_arn: str, limits: clients.Limits = clients.DEFAULT) -> bytes:
    """The secret's string value as bytes (an HMAC key), read on first use and kept for the
    container. Never log or store what this returns.

    The client comes from the botocore session of the function's DynamoDB connection: no boto3
    import, and the SDK's endpoint and model data that session already loaded are reused."""
    session = tables.connection(limits).session
    client = session.create_client("secretsmanager", config=limits.config())
    answer = client.get_secret_value(SecretId=secret_arn)
    return str(answer["SecretString"]).encode()
