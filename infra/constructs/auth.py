"""Cognito: admins create users (no self sign-up); `custom:org_id` is set once at creation, never by users."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.config import StageConfig
from infra.nag import acknowledge


class Auth(Construct):
    """The user pool and the one public app client the web and mobile apps sign in with."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            sign_in_aliases=cognito.SignInAliases(email=True),
            sign_in_case_sensitive=False,
            self_sign_up_enabled=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            keep_original=cognito.KeepOriginalAttrs(email=True),
            standard_attributes=cognito.StandardAttributes(
                fullname=cognito.StandardAttribute(required=False, mutable=True),
            ),
            # Immutable: only AdminCreateUser can set it, so a user can never move to another tenant.
            custom_attributes={"org_id": cognito.StringAttribute(min_len=1, max_len=64, mutable=False)},
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(7),
            ),
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.ESSENTIALS,
            user_invitation=cognito.UserInvitationConfig(
                email_subject="You're invited to Advocacy",
                email_body=(
                    "Your organisation invited you to Advocacy. Sign in with {username} "
                    "and the temporary password {####}."
                ),
            ),
            deletion_protection=config.is_prod,
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        acknowledge(
            self.user_pool,
            "COG2",
            "MFA is optional (TOTP) rather than required: members are invited by their admin and sign in "
            "from corporate devices; requiring MFA is an org policy decision tracked for a later issue.",
        )
        acknowledge(
            self.user_pool,
            "COG8",
            "Essentials feature plan: the Plus tier's threat protection is billed per MAU and is not needed "
            "for admin-invited users with no self sign-up; revisit if the product opens sign-up.",
        )
        self.client = self.user_pool.add_client(
            "AppClient",
            generate_secret=False,
            # SRP only: no password ever leaves the browser (the local stack adds the password flow
            # to its own client, its Cognito emulator checking no password under SRP).
            auth_flows=cognito.AuthFlow(user_srp=True),
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            id_token_validity=Duration.hours(1),
            access_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(30),
            read_attributes=cognito.ClientAttributes()
            .with_standard_attributes(email=True, email_verified=True, fullname=True)
            .with_custom_attributes("org_id"),
            # Users may change their display name only; org_id and email are admin-managed.
            write_attributes=cognito.ClientAttributes().with_standard_attributes(fullname=True),
        )
