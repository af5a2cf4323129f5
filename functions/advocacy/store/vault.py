"""Envelope encryption of connected accounts' tokens with the stack's KMS key.

Each seal asks KMS for a fresh AES-256 data key (GenerateDataKey) under the encryption context
{org_id, member_id, network}, encrypts with AES-GCM (the context as associated data too) and keeps
only the encrypted data key: opening needs KMS Decrypt with the same context, so a sealed value copied
to another member's item cannot be opened. Nothing here logs or returns what it seals outside `open_`."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any

from advocacy.store import clients, tables

VERSION = "v1"


class VaultError(Exception):
    """The value cannot be opened: wrong context, another key, or tampered."""


def _kms(limits: clients.Limits = clients.DEFAULT) -> Any:
    session = tables.connection(limits).session
    return session.create_client("kms", config=limits.config())


def _aad(context: Mapping[str, str]) -> bytes:
    return json.dumps(dict(context), sort_keys=True, separators=(",", ":")).encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def seal(key_id: str, context: Mapping[str, str], plaintext: bytes) -> str:
    """`v1.<encrypted data key>.<nonce>.<ciphertext>`, each base64url."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on first use: not on every cold start

    answer = _kms().generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=dict(context))
    nonce = os.urandom(12)
    ciphertext = AESGCM(answer["Plaintext"]).encrypt(nonce, plaintext, _aad(context))
    return ".".join((VERSION, _b64(answer["CiphertextBlob"]), _b64(nonce), _b64(ciphertext)))


def open_(sealed: str, context: Mapping[str, str]) -> bytes:
    """The plaintext `seal` was given, if `context` is the one it was sealed with."""
    try:
        version, key, nonce, ciphertext = sealed.split(".")
        if version != VERSION:
            raise ValueError(version)
        raw = [base64.urlsafe_b64decode(part) for part in (key, nonce, ciphertext)]
    except ValueError as exc:
        raise VaultError("malformed sealed value") from exc
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on first use: not on every cold start

    client = _kms()
    try:
        data_key = client.decrypt(CiphertextBlob=raw[0], EncryptionContext=dict(context))["Plaintext"]
    except client.exceptions.InvalidCiphertextException as exc:
        raise VaultError("the key or its context does not match") from exc
    try:
        return AESGCM(data_key).decrypt(raw[1], raw[2], _aad(context))
    except Exception as exc:  # cryptography's InvalidTag
        raise VaultError("the sealed value was altered") from exc
