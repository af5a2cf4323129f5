"""The sign-in service's mails (domain.account_mail) and the Cognito trigger that writes them
(handlers.mail): the member's language, Cognito's placeholders kept, names escaped."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest

from advocacy.domain import account_mail
from advocacy.domain.languages import language_of

APP = "https://app.acme.example"


def test_an_invitation_says_where_to_sign_in_with_cognitos_placeholders() -> None:
    english = account_mail.invitation("en", "Ava", APP, "{username}", "{####}")
    italian = account_mail.invitation("it", "Ava", APP, "{username}", "{####}")
    assert english.subject == "You're invited to Advocacy"
    assert italian.subject == "Il tuo invito ad Advocacy"
    for mail in (english, italian):
        assert "{username}" in mail.body and "<b>{####}</b>" in mail.body
        assert f'<a href="{APP}">{APP}</a>' in mail.body
        assert mail.body.startswith("<p>") and "Ava," in mail.body
    assert "temporary password" in english.body and "password temporanea" in italian.body


def test_a_reset_mail_carries_the_code_in_the_language_asked() -> None:
    english = account_mail.password_reset("en", "Ava", "{####}")
    italian = account_mail.password_reset("it", "Ava", "{####}")
    assert english.subject != italian.subject
    assert "<b>{####}</b>" in english.body and "<b>{####}</b>" in italian.body
    assert "Ciao Ava," in italian.body and "Hi Ava," in english.body


def test_names_are_escaped_and_a_missing_name_leaves_a_plain_greeting() -> None:
    mail = account_mail.password_reset("en", "<script>x</script>", "{####}")
    assert "<script>" not in mail.body and "&lt;script&gt;" in mail.body
    assert account_mail.password_reset("it", "  ", "{####}").body.startswith("<p>Ciao,</p>")


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (("it", None), "it"),
        ((None, "it-IT"), "it"),
        (("fr", "it_IT"), "it"),  # an unknown first choice falls through to the next
        (("en", "it"), "en"),
        ((None, None), "en"),
        (("", "de"), "en"),
    ],
)
def test_the_language_is_the_first_one_we_speak(candidates: tuple[str | None, ...], expected: str) -> None:
    assert language_of(*candidates) == expected


@pytest.fixture
def trigger(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("WEB_URL", APP)
    module = importlib.import_module("advocacy.handlers.mail")
    return importlib.reload(module)  # its settings are read at import, as at a cold start


class _Context:
    function_name = "mail"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:mail"
    aws_request_id = "r-1"


def _event(source: str, attributes: dict[str, str], metadata: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "version": "1",
        "triggerSource": source,
        "region": "us-east-1",
        "userPoolId": "us-east-1_x",
        "userName": "ava@acme.example",
        "callerContext": {"awsSdkVersion": "1", "clientId": "c"},
        "request": {
            "userAttributes": attributes,
            "codeParameter": "{####}",
            "usernameParameter": "{username}",
            **({"clientMetadata": metadata} if metadata is not None else {}),
        },
        "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    }


def test_the_trigger_writes_an_invitation_in_the_users_locale(trigger: ModuleType) -> None:
    event = _event("CustomMessage_AdminCreateUser", {"name": "Ugo", "locale": "it"})
    answer = trigger.handler(event, _Context())
    assert answer["response"]["emailSubject"] == "Il tuo invito ad Advocacy"
    assert APP in answer["response"]["emailMessage"] and "{username}" in answer["response"]["emailMessage"]


def test_the_callers_language_comes_before_the_locale(trigger: ModuleType) -> None:
    event = _event("CustomMessage_ForgotPassword", {"name": "Ava", "locale": "en"}, {"language": "it"})
    answer = trigger.handler(event, _Context())
    assert answer["response"]["emailSubject"] == "Il codice per reimpostare la password di Advocacy"
    english = trigger.handler(_event("CustomMessage_ForgotPassword", {"name": "Ava"}), _Context())
    assert english["response"]["emailSubject"] == "Your Advocacy password reset code"


def test_other_messages_keep_cognitos_words(trigger: ModuleType) -> None:
    event = _event("CustomMessage_UpdateUserAttribute", {"name": "Ava", "locale": "it"})
    answer = trigger.handler(event, _Context())
    assert answer["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}
