"""Entry point of the mail function: Cognito's custom message trigger, which writes the invitation and
the password-reset mail in the member's language (decision 108).

The language is the one the caller gave (`language` in the call's client metadata: the invite's, or
the web app's when a member asks for a reset code), else the user's `locale` attribute (the language
kept on their profile), else English. Any other message Cognito sends keeps its own words. No I/O:
Cognito waits at most 5 seconds, and fails the invitation or the reset if this fails.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import CustomMessageTriggerEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from advocacy.domain import account_mail
from advocacy.domain.languages import language_of
from advocacy.handlers import started
from advocacy.observability import logger
from advocacy.settings import Settings

settings = Settings.from_env((), needs_web_url=True)
INVITATION = "CustomMessage_AdminCreateUser"
RESET_CODE = "CustomMessage_ForgotPassword"


@logger.inject_lambda_context
@event_source(data_class=CustomMessageTriggerEvent)
def handler(event: CustomMessageTriggerEvent, context: LambdaContext) -> dict[str, Any]:
    request = event.request
    attributes = request.user_attributes
    language = language_of(request.client_metadata.get("language"), attributes.get("locale"))
    name = attributes.get("name", "")
    if event.trigger_source == INVITATION:
        mail = account_mail.invitation(
            language, name, settings.web_url, request.username_parameter, request.code_parameter
        )
    elif event.trigger_source == RESET_CODE:
        mail = account_mail.password_reset(language, name, request.code_parameter)
    else:
        return event.raw_event
    event.response.email_subject = mail.subject
    event.response.email_message = mail.body
    logger.info("account mail written", extra={"trigger": event.trigger_source, "language": language})
    return event.raw_event


started()
