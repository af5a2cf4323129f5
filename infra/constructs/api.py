"""HTTP API: routes from docs/openapi.json to the api function, `GET /r/{code}` to the redirect function.

The Cognito JWT authorizer is the API's default; only routes the OpenAPI document marks public
(`security: []`) and the short-link redirect opt out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import jsii
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.functions import retention
from infra.nag import acknowledge
from infra.routes import REDIRECT_ROUTE_KEYS, Route
from infra.scan import LOGS_ENCRYPTED, skip

# JSON access log. No $context.identity.sourceIp: the product never stores a visitor's raw IP.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTimeEpoch",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "path": "$context.path",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "integrationStatus": "$context.integrationStatus",
    "integrationError": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
    "errorMessage": "$context.error.message",
}

CORS_HEADERS = ["authorization", "content-type", "idempotency-key", "prefer"]


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogSettings:
    """JSON access logs to our own log group (IAccessLogSettings is an interface, not a struct)."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(log_group)

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS))


def _route_id(key: str) -> str:
    """`GET /members/{member_id}` -> `GetMembersMemberIdRoute`: stable, readable logical ids."""
    words = re.split(r"[^A-Za-z0-9]+", key)
    return "".join(w[:1].upper() + w[1:].lower() for w in words if w) + "Route"


class Api(Construct):
    """The HttpApi, its `$default` stage (access logs, throttling), authorizer and routes."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        routes: Sequence[Route],
        api_function: lambda_.IFunction,
        redirect_function: lambda_.IFunction,
        user_pool: cognito.IUserPool,
        user_pool_client: cognito.IUserPoolClient,
        cors_origins: Sequence[str] = (),
    ) -> None:
        """`cors_origins`: the browser origins allowed to call the API (the web app's distribution
        and the `web_origins` context); none means no CORS at all."""
        super().__init__(scope, construct_id)
        self.authorizer = authorizers.HttpUserPoolAuthorizer(
            "CognitoAuthorizer",
            user_pool,
            user_pool_clients=[user_pool_client],
            identity_source=["$request.header.Authorization"],
        )
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name=f"advocacy-{config.stage}",
            description=f"Advocacy HTTP API ({config.stage})",
            create_default_stage=False,
            default_authorizer=self.authorizer,
            cors_preflight=self._cors(cors_origins),
        )
        self.access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=retention(config.log_retention_days),
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        skip(self.access_logs, "CKV_AWS_158", LOGS_ENCRYPTED)
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=config.throttle_rate_limit, burst_limit=config.throttle_burst_limit
            ),
            access_log_settings=_AccessLogSettings(self.access_logs),
        )
        # The short links get their own, higher limits (route settings; the L2 stage sets the default
        # route's only): a visitor over the limit gets a 429, not where they were going.
        stage = self.stage.node.default_child
        assert isinstance(stage, apigwv2.CfnStage)
        stage.route_settings = {
            key: {
                "ThrottlingRateLimit": config.redirect_rate_limit,
                "ThrottlingBurstLimit": config.redirect_burst_limit,
            }
            for key in REDIRECT_ROUTE_KEYS
        }
        # One integration and one invoke permission per function, not one per route.
        api_integration = integrations.HttpLambdaIntegration(
            "ApiIntegration", api_function, scope_permission_to_route=False
        )
        redirect_integration = integrations.HttpLambdaIntegration(
            "RedirectIntegration", redirect_function, scope_permission_to_route=False
        )
        self.routes: dict[str, apigwv2.HttpRoute] = {}
        for route in routes:
            self._add(route, api_integration)
        for key in REDIRECT_ROUTE_KEYS:
            method, path = key.split(" ", 1)
            self._add(Route(method, path, public=True), redirect_integration)
            # A stage's route settings must name routes that exist already.
            stage.node.add_dependency(self.routes[key])

    @property
    def url(self) -> str:
        return self.stage.url

    def _add(self, route: Route, integration: apigwv2.HttpRouteIntegration) -> None:
        http_route = apigwv2.HttpRoute(
            self,
            _route_id(route.key),
            http_api=self.http_api,
            route_key=apigwv2.HttpRouteKey.with_(route.path, apigwv2.HttpMethod(route.method)),
            integration=integration,
            authorizer=apigwv2.HttpNoneAuthorizer() if route.public else self.authorizer,
        )
        self.routes[route.key] = http_route
        if route.public:
            why = (
                "the short-link redirect is clicked by anonymous visitors on social networks"
                if route.key in REDIRECT_ROUTE_KEYS
                else "the OpenAPI document marks this operation public (security: []), e.g. the health check"
            )
            acknowledge(http_route, "APIG4", f"{route.key} is public by contract (docs/api.md): {why}.")

    @staticmethod
    def _cors(origins: Sequence[str]) -> apigwv2.CorsPreflightOptions | None:
        if not origins:
            return None
        return apigwv2.CorsPreflightOptions(
            allow_origins=list(origins),
            allow_methods=[apigwv2.CorsHttpMethod.ANY],
            allow_headers=CORS_HEADERS,
            expose_headers=["retry-after", "location"],
            max_age=Duration.hours(1),
        )
