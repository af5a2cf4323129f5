"""One stack per stage, composed of one construct per concern. Environment-agnostic: no lookups."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack, Tags
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.api import Api
from infra.constructs.auth import Auth
from infra.constructs.autoshare import AutoShare
from infra.constructs.connections import Connections
from infra.constructs.data import Data
from infra.constructs.exports import ExportBuilds
from infra.constructs.functions import Functions
from infra.constructs.jobs import Jobs
from infra.constructs.observability import Observability
from infra.constructs.stream import FILTERS as STREAMED_ENVS
from infra.constructs.stream import StreamProcessing
from infra.constructs.web import Web
from infra.routes import load_routes


class AdvocacyStack(Stack):
    """Data, auth, the web app's hosting, functions, HTTP API, schedules, stream processing, export
    builds and alarms for one stage."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"Advocacy ({config.stage})", **kwargs)
        Tags.of(self).add("project", "advocacy")
        Tags.of(self).add("stage", config.stage)

        self.data = Data(self, "Data", config=config)
        self.auth = Auth(self, "Auth", config=config)
        # Before the API: its CORS allows the distribution's origin (and the `web_origins` context).
        self.web = Web(self, "Web", config=config)
        cors_origins = (self.web.origin, *config.web_origins)
        self.compute = Functions(
            self,
            "Functions",
            config=config,
            tables=self.data.by_env,
            user_pool=self.auth.user_pool,
            exports=self.data.exports,
            cors_origins=cors_origins,
        )
        fns = self.compute.functions
        self.connections = Connections(
            self,
            "Connections",
            config=config,
            api=fns["api"],
            poster=fns["poster"],
            web_origin=self.web.origin,
        )
        self.api = Api(
            self,
            "Api",
            config=config,
            routes=load_routes(config.openapi_path),
            api_function=fns["api"],
            redirect_function=fns["redirect"],
            user_pool=self.auth.user_pool,
            user_pool_client=self.auth.client,
            cors_origins=cors_origins,
        )
        # The API's endpoint (no trailing slash; the `$default` stage serves it) for config.json.
        self.web.publish(
            api_url=self.api.http_api.api_endpoint, user_pool=self.auth.user_pool, client=self.auth.client
        )
        # Short links in auto-posts: the configured public URL, else the API's own (as the api answers).
        fns["poster"].add_environment(
            "PUBLIC_BASE_URL", config.public_base_url or self.api.http_api.api_endpoint
        )
        # Digests link to the web app's feed, opened at each item; invitations to its sign-in.
        fns["jobs"].add_environment("WEB_URL", self.web.url)
        fns["mail"].add_environment("WEB_URL", self.web.url)
        # The invitation and reset mails in the member's language (decision 108).
        self.auth.user_pool.add_trigger(cognito.UserPoolOperation.CUSTOM_MESSAGE, fns["mail"])
        self.jobs = Jobs(self, "Jobs", config=config, function=fns["jobs"])
        self.autoshare = AutoShare(self, "AutoShare", config=config, jobs=fns["jobs"], poster=fns["poster"])
        streamed = {env: self.data.by_env[env] for env in STREAMED_ENVS}
        self.stream = StreamProcessing(self, "Stream", config=config, tables=streamed, function=fns["stream"])
        self.export_builds = ExportBuilds(
            self, "Exports", config=config, table=self.data.by_env["EXPORTS_TABLE"], function=fns["exports"]
        )
        self.observability = Observability(
            self,
            "Observability",
            config=config,
            functions=fns,
            queues={
                "jobs": self.jobs.dlq,
                "stream": self.stream.dlq,
                "exports": self.export_builds.dlq,
                "autoshare": self.autoshare.dlq,
            },
            http_api=self.api.http_api,
        )

        CfnOutput(self, "WebUrl", value=self.web.url, description="the web app (CloudFront)")
        CfnOutput(self, "ApiUrl", value=self.api.url, description="HTTP API base URL")
        CfnOutput(self, "UserPoolId", value=self.auth.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.auth.client.user_pool_client_id)
        CfnOutput(self, "Region", value=self.region)
