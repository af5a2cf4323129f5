"""Cognito's RevokeToken for the local stack: moto does not implement it, and the web app's sign-out
calls it (a deployed app client has token revocation on). Written by hand because no emulator we use
has it: the refresh token is marked revoked as moto's own global sign-out marks it, so a refresh with
it fails afterwards as in AWS."""

from __future__ import annotations

import json
from typing import Any


def add_revoke_token() -> None:
    """Teach moto's Cognito responses the RevokeToken action (idempotent)."""
    from moto.cognitoidp.exceptions import NotAuthorizedError
    from moto.cognitoidp.responses import CognitoIdpResponse

    if hasattr(CognitoIdpResponse, "revoke_token"):
        return

    def revoke_token(self: Any) -> str:
        token, client_id = self._get_param("Token"), self._get_param("ClientId")
        for pool in self.backend.user_pools.values():
            held = pool.refresh_tokens.get(token, ...)
            if held is ...:
                continue
            if held is not None and held[0] != client_id:
                raise NotAuthorizedError("the token was not issued to this client")
            pool.refresh_tokens[token] = None  # None: revoked, as moto's sign-out leaves it
            return json.dumps({})
        return json.dumps({})  # AWS answers an unknown or already revoked token the same way

    CognitoIdpResponse.revoke_token = revoke_token  # type: ignore[attr-defined]
