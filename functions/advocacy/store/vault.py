"""Connected accounts' tokens sealed with the stack's KMS key.

Each seal is one KMS `Encrypt` under the encryption context {org_id, member_id, network}: opening needs
KMS `Decrypt` with the same context, so a sealed value copied to another member's item cannot be
opened. KMS encrypts up to 4,096 bytes itself (AES-256-GCM inside its HSMs), which a member's tokens
fit many times over, so no data key and no cryptography library of ours are needed (decision 111).
Nothing here logs or returns what it seals outside `open_`."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import cache
from typing import Any

from advocacy.store import clients, tables

VERSION = "v2"
MAX_BYTES = 4096
"""The most KMS `Encrypt` takes."""


class VaultError(Exception):
    """The value cannot be opened: wrong context, another key, or tampered."""


def _kms(limits: clients.Limits = clients.DEFAULT) -> Any:
    """One client per container (per connection session, which a test's new endpoint replaces)."""
    return _client(tables.connection(limits).session, limits)


@cache
def _client(session: Any, limits: clients.Limits) -> Any:
    return session.create_client("kms", config=limits.config())


def seal(key_id: str, context: Mapping[str, str], plaintext: bytes) -> str:
    """`v2.<KMS ciphertext, base64url>`; a ValueError for a plaintext over `MAX_BYTES`."""
    if len(plaintext) > MAX_BYTES:
        raise ValueError(f"{len(plaintext)} bytes to seal, over the {MAX_BYTES} KMS encrypts")
    answer = _kms().encrypt(KeyId=key_id, Plaintext=plaintext, EncryptionContext=dict(context))
    return f"{VERSION}.{base64.urlsafe_b64encode(answer['CiphertextBlob']).decode()}"


def open_(sealed: str, context: Mapping[str, str]) -> bytes:
    """The plaintext `seal` was given, if `context` is the one it was sealed with."""
    version, _, encoded = sealed.partition(".")
    try:
        if version != VERSION or not encoded:
            raise ValueError(version)
        blob = base64.urlsafe_b64decode(encoded)
    except ValueError as exc:  # binascii.Error is one
        raise VaultError("malformed sealed value") from exc
    client = _kms()
    try:
        plaintext: bytes = client.decrypt(CiphertextBlob=blob, EncryptionContext=dict(context))["Plaintext"]
    except client.exceptions.InvalidCiphertextException as exc:
        raise VaultError("the key, its context or the sealed value does not match") from exc
    return plaintext
