"""The token store: sealed with KMS under the member's context, opened with that context only."""

from __future__ import annotations

import boto3
import pytest

from advocacy.store import vault
from tests.support.mocked import Env


@pytest.fixture
def key_id(aws: Env) -> str:
    return str(boto3.client("kms").create_key(Description="connections")["KeyMetadata"]["KeyId"])


def test_a_sealed_value_holds_no_plaintext_and_opens_with_its_context_only(key_id: str) -> None:
    context = {"org_id": "o1", "member_id": "m1", "network": "x"}
    sealed = vault.seal(key_id, context, b"token-text-123")
    assert "token-text-123" not in sealed
    assert vault.open_(sealed, context) == b"token-text-123"
    for other in ({**context, "member_id": "m2"}, {**context, "network": "linkedin"}):
        with pytest.raises(vault.VaultError):
            vault.open_(sealed, other)
    with pytest.raises(vault.VaultError):
        vault.open_(sealed[:-4] + "AAAA", context)


def test_a_value_larger_than_kms_encrypts_is_refused_before_any_call(key_id: str) -> None:
    context = {"org_id": "o1", "member_id": "m1", "network": "x"}
    assert vault.open_(vault.seal(key_id, context, b"t" * vault.MAX_BYTES), context) == b"t" * vault.MAX_BYTES
    with pytest.raises(ValueError, match="over the 4096"):
        vault.seal(key_id, context, b"t" * (vault.MAX_BYTES + 1))


@pytest.mark.parametrize("sealed", ["", "v2.", "v1.abc.def.ghi", "v2.not base64!"])
def test_a_value_not_sealed_here_is_refused(key_id: str, sealed: str) -> None:
    with pytest.raises(vault.VaultError):
        vault.open_(sealed, {"org_id": "o1", "member_id": "m1", "network": "x"})


def test_seals_and_openings_share_one_kms_client(key_id: str) -> None:
    """A client per container, as every other: making one per call costs a service model load."""
    context = {"org_id": "o1", "member_id": "m1", "network": "x"}
    first = vault._kms()
    vault.open_(vault.seal(key_id, context, b"t"), context)
    assert vault._kms() is first
