"""Identifiers: opaque, random and URL-safe, so they reveal neither order nor volume."""

from __future__ import annotations

import secrets


def new_id() -> str:
    """A 128-bit random id in lowercase hex."""
    return secrets.token_hex(16)
