"""Cognito users: the sign-in side of a member. The members table stays the source of truth."""

from __future__ import annotations

from functools import cache
from typing import Any

from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.passwords import temporary_password
from advocacy.store import clients

# Standard retry mode with few attempts and timeouts well below the function's own (store.clients).
BOTO_CONFIG = clients.DEFAULT.config()


@cache
def _client() -> Any:
    return clients.client("cognito-idp")


class OtherOrg(Exception):
    """A sign-in user with this email exists, and belongs to another org."""


def _attributes(user: dict[str, Any]) -> dict[str, str]:
    attrs = user.get("Attributes") or user.get("UserAttributes") or []
    return {a["Name"]: a["Value"] for a in attrs}


def create_user(
    user_pool_id: str,
    email: str,
    name: str,
    org_id: str,
    send_invitation: bool = True,
    language: str | None = None,
) -> str:
    """Create the sign-in user (user name = email) and return its `sub`, the member id. A `language`
    is the user's `locale` and goes to the mail trigger with the call, which writes the invitation in
    it (decision 108).

    A retry after a half-finished invite finds the user already made for the same org and reuses it.
    """
    client = _client()
    attributes = [
        {"Name": "email", "Value": email},
        {"Name": "email_verified", "Value": "true"},
        {"Name": "name", "Value": name},
        {"Name": "custom:org_id", "Value": org_id},
    ]
    kwargs: dict[str, Any] = {
        "UserPoolId": user_pool_id,
        "Username": email,
        "UserAttributes": attributes,
        "DesiredDeliveryMediums": ["EMAIL"],
        # Ours rather than Cognito's: one the HTML invitation shows as it is (domain.passwords).
        "TemporaryPassword": temporary_password(),
    }
    if language:
        attributes.append({"Name": "locale", "Value": language})
        kwargs["ClientMetadata"] = {"language": language}
    if not send_invitation:
        kwargs["MessageAction"] = "SUPPRESS"
    try:
        user = client.admin_create_user(**kwargs)["User"]
    except client.exceptions.UsernameExistsException as exc:
        existing = _attributes(client.admin_get_user(UserPoolId=user_pool_id, Username=email))
        if existing.get("custom:org_id") != org_id:
            raise OtherOrg() from exc
        return existing["sub"]
    except client.exceptions.InvalidParameterException as exc:
        # Cognito's own check of the user name is stricter than ours: the caller's input, not a fault.
        issue = FieldIssue("email", "the sign-in service does not accept this address")
        raise ValidationFailed("Some fields are not valid.", [issue]) from exc
    return _attributes(user)["sub"]


def delete_user(user_pool_id: str, email: str) -> None:
    client = _client()
    try:
        client.admin_delete_user(UserPoolId=user_pool_id, Username=email)
    except client.exceptions.UserNotFoundException:
        return


def set_enabled(user_pool_id: str, email: str, enabled: bool) -> None:
    """Stop (or allow again) sign-in; the member's status already blocks the API on its own."""
    client = _client()
    call = client.admin_enable_user if enabled else client.admin_disable_user
    call(UserPoolId=user_pool_id, Username=email)


def update_attributes(user_pool_id: str, email: str, attributes: dict[str, str]) -> None:
    """Mirror what the sign-in side keeps of a member (`name`, `locale`) after the member changed."""
    _client().admin_update_user_attributes(
        UserPoolId=user_pool_id,
        Username=email,
        UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()],
    )
