"""Cognito as the web app meets it, where moto's differs: written by hand because no emulator we use
does these.

- RevokeToken (`add_revoke_token`): moto does not implement it, and the web app's sign-out calls it (a
  deployed app client has token revocation on). The refresh token is marked revoked as moto's own
  global sign-out marks it, so a refresh with it fails afterwards as in AWS.
- Cognito's mail (`add_cognito_mail`): moto sends none and invents no secrets. As Cognito does,
  AdminCreateUser without a temporary password makes one that meets the pool's password policy and,
  unless the invitation is suppressed, mails it with the pool's invitation template; ForgotPassword
  mails a six-digit code with the pool's verification template; where the pool has a custom message
  trigger (`set_custom_message`: the stack's mail function), the trigger writes both instead (not moto's own code in a response
  header), and ConfirmForgotPassword accepts that code only (moto accepts any code it did not make)
  and a new password only if the policy allows it. What would have gone out is kept in this process,
  readable with `sent_mail()` (the gateway's `GET /_local/outbox`, under `cognito`): local only, as
  is the SES outbox; a deployed pool mails the member and nobody else sees the password or code.
- NEW_PASSWORD_REQUIRED: the challenge carries `userAttributes` and `requiredAttributes`, as AWS's
  does (moto's has neither, and amazon-cognito-identity-js parses both on an invited member's first
  sign-in).
"""

from __future__ import annotations

import json
import secrets
import string
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

# Cognito's defaults when the pool has no template of its own.
DEFAULT_INVITATION = (
    "Your temporary password",
    "Your username is {username} and temporary password is {####}.",
)
DEFAULT_VERIFICATION = ("Your verification code", "Your verification code is {####}.")
# Symbols a generated temporary password draws from (all of them in Cognito's allowed set).
SYMBOLS = "!#%&*+-=?@^_~"

# The custom message trigger's source for each mail, as Cognito names them.
TRIGGERS = {"invitation": "CustomMessage_AdminCreateUser", "password_reset": "CustomMessage_ForgotPassword"}

_sent: list[dict[str, Any]] = []
# The pool's custom message trigger, when it has one (set_custom_message).
_trigger: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
_sent_lock = threading.Lock()


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


def sent_mail() -> list[dict[str, Any]]:
    """The mail the local Cognito would have sent, oldest first: `kind` (`invitation` or
    `password_reset`), `to`, `subject`, `body`, `code` (the temporary password or the code the body
    carries) and `sent_at`."""
    with _sent_lock:
        return [dict(mail) for mail in _sent]


def temporary_password(policy: dict[str, Any]) -> str:
    """A random password meeting a pool's PasswordPolicy: every class it requires, at least 12 long."""
    classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS]
    flags = ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")
    wanted = [chars for chars, flag in zip(classes, flags, strict=True) if policy.get(flag, True)]
    length = max(int(policy.get("MinimumLength", 8)), 12)
    alphabet = "".join(classes)
    chars = [secrets.choice(c) for c in wanted]
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def set_custom_message(trigger: Callable[[dict[str, Any]], dict[str, Any]] | None) -> None:
    """The pool's custom message trigger (the mail function, invoked as Cognito invokes it), which
    writes the invitation and reset mails in place of the pool's templates; None: the templates."""
    _trigger.pop("custom_message", None)
    if trigger is not None:
        _trigger["custom_message"] = trigger


def _written(
    kind: str, user: Any, template: tuple[str, str], username: str, metadata: dict[str, str] | None
) -> tuple[str, str]:
    """The subject and body with Cognito's placeholders: the trigger's if it wrote them, else the
    template's."""
    custom_message = _trigger.get("custom_message")
    if custom_message is None:
        return template
    event = {
        "version": "1",
        "triggerSource": TRIGGERS[kind],
        "region": "us-east-1",
        "userPoolId": user.user_pool_id,
        "userName": username,
        "callerContext": {"awsSdkVersion": "local", "clientId": ""},
        "request": {
            "userAttributes": dict(user.attribute_lookup),
            "codeParameter": "{####}",
            "usernameParameter": "{username}",
            "clientMetadata": dict(metadata or {}),
        },
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }
    answer = custom_message(event)["response"]
    return answer.get("emailSubject") or template[0], answer.get("emailMessage") or template[1]


def _send(
    kind: str,
    user: Any,
    template: tuple[str, str],
    code: str,
    username: str,
    metadata: dict[str, str] | None = None,
) -> None:
    address = user.attribute_lookup.get("email")
    if not address:
        return  # no email to send to (Cognito would use SMS; the pool signs in by email)
    subject, message = _written(kind, user, template, username, metadata)
    body = message.replace("{####}", code).replace("{username}", username)
    mail = {"kind": kind, "to": [address], "subject": subject, "body": body, "code": code,
            "sent_at": datetime.now(UTC).isoformat()}  # fmt: skip
    with _sent_lock:
        _sent.append(mail)


def _invitation(pool: Any) -> tuple[str, str]:
    template = pool.extended_config.get("AdminCreateUserConfig", {}).get("InviteMessageTemplate", {})
    return (
        template.get("EmailSubject", DEFAULT_INVITATION[0]),
        template.get("EmailMessage", DEFAULT_INVITATION[1]),
    )


def _verification(pool: Any) -> tuple[str, str]:
    config = pool.extended_config
    template = config.get("VerificationMessageTemplate", {})
    return (
        template.get("EmailSubject") or config.get("EmailVerificationSubject") or DEFAULT_VERIFICATION[0],
        template.get("EmailMessage") or config.get("EmailVerificationMessage") or DEFAULT_VERIFICATION[1],
    )


def _pool_of(backend: Any, client_id: str) -> Any:
    from moto.cognitoidp.exceptions import ResourceNotFoundError

    pool = next((p for p in backend.user_pools.values() if client_id in p.clients), None)
    if pool is None:
        raise ResourceNotFoundError("Username/client id combination not found.")
    return pool


def _inviting(create_user: Any) -> Any:
    """AdminCreateUser: a temporary password made when none is given, mailed unless suppressed."""

    @wraps(create_user)
    def admin_create_user(
        self: Any, user_pool_id: str, username: str, message_action: str, password: str, attributes: Any
    ) -> Any:
        pool = self.describe_user_pool(user_pool_id)
        password = password or temporary_password(
            pool.extended_config.get("Policies", {}).get("PasswordPolicy", {})
        )
        user = create_user(self, user_pool_id, username, message_action, password, attributes)
        if message_action != "SUPPRESS":
            _send("invitation", user, _invitation(pool), password, username)
        return user

    return admin_create_user


def _forgot_password(
    self: Any, client_id: str, username: str, metadata: dict[str, str] | None = None
) -> tuple[None, dict[str, Any]]:
    """ForgotPassword: a six-digit code, mailed (nothing for an unknown user, the same answer); the
    call's client metadata goes to the custom message trigger."""
    pool = _pool_of(self, client_id)
    user = pool._get_user(username)
    details = self._get_code_delivery_details(
        pool.extended_config.get("AccountRecoverySetting"), user, username
    )
    if user:
        user.confirmation_code = f"{secrets.randbelow(1_000_000):06d}"
        _send("password_reset", user, _verification(pool), user.confirmation_code, username, metadata)
    return None, {"CodeDeliveryDetails": details}


def _confirm_forgot_password(
    self: Any, client_id: str, username: str, password: str, confirmation_code: str
) -> None:
    """ConfirmForgotPassword: the mailed code only, once, and a password the policy allows."""
    from moto.cognitoidp.exceptions import CodeMismatchException, UserNotFoundError
    from moto.cognitoidp.models import UserStatus

    pool = _pool_of(self, client_id)
    user = pool._get_user(username)
    if user is None:
        raise UserNotFoundError(username)
    held = user.confirmation_code or ""
    if not held or not secrets.compare_digest(held, confirmation_code.strip()):
        raise CodeMismatchException("Invalid verification code provided, please try again.")
    self._validate_password(pool.id, password)
    user.password = password
    user.confirmation_code = None
    if user.status == UserStatus.RESET_REQUIRED:
        user.status = UserStatus.CONFIRMED


def _with_challenge_attributes(initiate: Any) -> Any:
    """(Admin)InitiateAuth: NEW_PASSWORD_REQUIRED with the user's attributes, as AWS sends it."""

    @wraps(initiate)
    def answer(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        result: dict[str, Any] = initiate(self, *args, **kwargs)
        if result.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            username, pool = self.sessions[result["Session"]]
            user = pool._get_user(username)
            attributes = {k: v for k, v in user.attribute_lookup.items() if k != "sub"}
            result["ChallengeParameters"] = {
                **result.get("ChallengeParameters", {}),
                "USER_ID_FOR_SRP": user.username,
                "userAttributes": json.dumps(attributes),
                "requiredAttributes": "[]",
            }
        return result

    return answer


def _forgot_password_response(self: Any) -> Any:
    """moto's ForgotPassword answer without its `x-moto-forgot-password-confirmation-code` header."""
    from moto.core.responses import ActionResult

    client_id = self._get_param("ClientId")
    backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    metadata = self._get_param("ClientMetadata") or {}
    _, response = backend.forgot_password(client_id, self._get_param("Username"), metadata)
    return ActionResult(response)


def add_cognito_mail() -> None:
    """Teach moto's Cognito the invitation and password-reset mail and the first sign-in's challenge
    as AWS answers it (idempotent; see the module's docstring)."""
    from moto.cognitoidp.models import CognitoIdpBackend
    from moto.cognitoidp.responses import CognitoIdpResponse

    backend: Any = CognitoIdpBackend  # its methods replaced, as moto's own mocks replace clients'
    if getattr(backend, "_sends_mail", False):
        return
    backend._sends_mail = True
    backend.admin_create_user = _inviting(backend.admin_create_user)
    backend.forgot_password = _forgot_password
    backend.confirm_forgot_password = _confirm_forgot_password
    backend.initiate_auth = _with_challenge_attributes(backend.initiate_auth)
    backend.admin_initiate_auth = _with_challenge_attributes(backend.admin_initiate_auth)
    response: Any = CognitoIdpResponse
    response.forgot_password = _forgot_password_response
