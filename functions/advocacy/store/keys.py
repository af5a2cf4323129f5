"""Secret keys from Secrets Manager, read once per container and kept in memory only."""

from __future__ import annotations

from advocacy.store import clients


def read_key(secret_arn: str, limits: clients.Limits = clients.DEFAULT) -> bytes:
    """The secret's string value as bytes (an HMAC key). Never log or store what this returns."""
    answer = clients.client("secretsmanager", limits).get_secret_value(SecretId=secret_arn)
    return str(answer["SecretString"]).encode()
