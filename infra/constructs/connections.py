"""Connected accounts: the KMS key that seals members' tokens, the HMAC key of OAuth `state` values,
and each configured network's client secret, with the api function's access to each (and the poster's,
which posts auto-shares: the token key and the client secrets, never the state key).

The key is the stack's own (customer managed, yearly rotation). The api and poster functions may only
encrypt and decrypt under an encryption context naming the org, the member and the network (the
context store/vault.py always gives), so the key cannot be used for anything else by that role."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.functions import SECRETS_ENCRYPTED
from infra.nag import acknowledge
from infra.scan import skip

CONTEXT_KEYS = ["member_id", "network", "org_id"]
CALLBACK_PATH = "/connections/callback"


class Connections(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        api: lambda_.Function,
        poster: lambda_.Function,
        web_origin: str,
    ) -> None:
        super().__init__(scope, construct_id)
        retain = RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY
        self.key = kms.Key(
            self,
            "TokenKey",
            description="Seals members' connected-account tokens (KMS Encrypt, context org/member/network)",
            enable_key_rotation=True,
            removal_policy=retain,
        )
        # The poster opens a member's tokens to post, and seals X's refreshed ones: the same access.
        for fn in (api, poster):
            fn.add_to_role_policy(
                iam.PolicyStatement(
                    actions=["kms:Encrypt", "kms:Decrypt"],
                    resources=[self.key.key_arn],
                    conditions={
                        "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": CONTEXT_KEYS},
                        "Null": {f"kms:EncryptionContext:{name}": "false" for name in CONTEXT_KEYS},
                    },
                )
            )
        self.state_secret = secretsmanager.Secret(
            self,
            "StateKeySecret",
            description="HMAC key of the OAuth state values of connected accounts",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=retain,
        )
        acknowledge(
            self.state_secret,
            "SMG4",
            "Not rotated on a schedule: a state lives 10 minutes, so a new key only fails the connection "
            "attempts under way; rotate by hand if it leaks.",
        )
        skip(self.state_secret, "CKV_AWS_149", SECRETS_ENCRYPTED)
        self.state_secret.grant_read(api)
        for provider in config.providers:
            secret = secretsmanager.Secret.from_secret_name_v2(
                self, f"{provider.network.title()}Client", provider.secret_name
            )
            prefix = f"PROVIDER_{provider.network.upper()}_"
            for fn in (api, poster):  # the poster reads the client secret to refresh X's tokens
                secret.grant_read(fn)
                fn.add_environment(prefix + "SECRET_ARN", secret.secret_arn)
                for name, url in provider.endpoints:
                    fn.add_environment(prefix + name.upper(), url)
        if config.providers:
            for fn in (api, poster):  # the poster never reads the state key: only its settings name it
                fn.add_environment("CONNECTIONS_KEY_ID", self.key.key_arn)
                fn.add_environment("OAUTH_STATE_SECRET_ARN", self.state_secret.secret_arn)
                fn.add_environment("OAUTH_REDIRECT_URL", web_origin + CALLBACK_PATH)
