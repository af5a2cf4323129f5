"""The web app: `web/dist` in a private S3 bucket behind CloudFront, with the stack's settings in
`config.json`.

- The bucket is private (public access blocked, TLS only, S3-managed encryption, no website
  hosting); CloudFront reads it through Origin Access Control, and may list it so that a missing
  file is a 404, not S3's 403.
- Routes of the single-page app (a path without a file extension) are answered with index.html, and
  `/docs` with docs.html (the API reference), by a CloudFront Function on viewer request, not by custom error responses, so no other error (a missing
  asset, a refused request) is ever turned into the app's page.
- Every response carries the headers of `infra/webapp.py` (a strict CSP, HSTS, ...), through one
  response headers policy.
- The build is uploaded in two passes: hashed assets first (cached for a year), then the rest with
  `config.json` (never cached, at the edge either: the cache policy's minimum TTL is 0, so no
  invalidation is needed), so an index.html never names an asset that is not there yet. Nothing is
  pruned: a browser still running the previous release can load its assets.

The synth needs a build (`make web-build`) or the `web_dist` context pointing at one; it stays offline
and needs no Docker.
"""

from __future__ import annotations

from aws_cdk import Annotations, Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.functions import retention
from infra.nag import acknowledge
from infra.scan import LOGS_ENCRYPTED, acknowledge_both, skip
from infra.webapp import (
    ASSETS_DIR,
    CONFIG_FILE,
    HIDDEN,
    HSTS_MAX_AGE_S,
    IMMUTABLE,
    INDEX_FILE,
    NO_STORE,
    PERMISSIONS_POLICY,
    SPA_REWRITE_JS,
    content_security_policy,
)

DEPLOYMENT_MEMORY_MB = 512  # the one upload function both deployments share (same settings)


class WebBuildMissing(ValueError):
    """The synth was asked to deploy a web build that does not exist."""


def api_and_cognito_sources() -> list[str]:
    """The CSP's `connect-src` beyond 'self': any HTTP API of this region, and Cognito's.

    Why a wildcard rather than this API's own URL: the API's CORS must name the distribution's
    origin (`https://<id>.cloudfront.net`, known only once it exists), and the distribution's headers
    policy would name the API: each would wait for the other, a dependency cycle CloudFormation
    refuses. `*.execute-api.<region>` still keeps every other host out, and `script-src 'self'` is
    what stops an injected script in the first place. A custom API domain can replace it later
    (docs/decisions.md, decision 57).
    """
    return [
        f"https://*.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}",
        f"https://cognito-idp.{Aws.REGION}.{Aws.URL_SUFFIX}",
    ]


class Web(Construct):
    """The bucket, its log bucket, the distribution and its headers; `publish` uploads the build."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        self.dist = config.web_dist
        if not (self.dist / INDEX_FILE).is_file():
            raise WebBuildMissing(
                f"the web app is not built: {self.dist / INDEX_FILE} does not exist. Run `make web-build` "
                "first (or point the `web_dist` context at a build: -c web_dist=path/to/dist)."
            )
        self.config = config
        removal = RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY

        # Access logs of the web bucket (S3 server access logs) and of the distribution (CloudFront
        # standard logs, which are delivered with an ACL: hence ACLs enabled, owner preferred).
        self.logs = s3.Bucket(
            self,
            "LogsBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(config.log_retention_days))],
            removal_policy=removal,
        )
        acknowledge_both(
            self.logs,
            "S1",
            "CKV_AWS_18",
            "This bucket is where the web bucket's and CloudFront's access logs go; logging access to it "
            "would only record those log deliveries, in a loop if it logged to itself.",
        )
        skip(
            self.logs,
            "CKV_AWS_21",
            "Unversioned: access logs are delivered once and never rewritten; they expire after the "
            "stage's log retention, which versions would only extend.",
        )
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.logs,
            server_access_logs_prefix="s3/",
            removal_policy=removal,
        )
        skip(
            self.bucket,
            "CKV_AWS_21",
            "Unversioned: its files are the build, uploaded from the repository on every deployment "
            "(the previous release's assets kept); the repository is the history.",
        )

        self.headers = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment=f"Advocacy web app ({config.stage}): CSP, HSTS and the other security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(api_and_cognito_sources()),
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.seconds(HSTS_MAX_AGE_S),
                    include_subdomains=True,
                    preload=True,
                    override=True,
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy", value=PERMISSIONS_POLICY, override=True
                    )
                ]
            ),
        )
        self.app_routes = cloudfront.Function(
            self,
            "AppRoutes",
            comment="/docs is answered with /docs.html, other paths without a file extension with /index.html",
            code=cloudfront.FunctionCode.from_inline(SPA_REWRITE_JS),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        # The origin's Cache-Control decides (min TTL 0): `no-store` files are never kept at the edge,
        # so a deploy needs no invalidation; hashed assets stay a year; compressed as the viewer asks.
        self.cache_policy = cloudfront.CachePolicy(
            self,
            "CachePolicy",
            comment="Advocacy web app: the origin's Cache-Control, compressed",
            min_ttl=Duration.seconds(0),
            default_ttl=Duration.days(1),
            max_ttl=Duration.days(365),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Advocacy web app ({config.stage})",
            default_root_object=INDEX_FILE,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(
                    self.bucket,
                    origin_access_levels=[cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
                ),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=self.cache_policy,
                compress=True,
                response_headers_policy=self.headers,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=self.app_routes, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            enable_logging=True,
            log_bucket=self.logs,
            log_file_prefix="cloudfront/",
        )
        acknowledge_both(
            self.distribution,
            "CFR4",
            "CKV_AWS_174",
            "The distribution uses CloudFront's default *.cloudfront.net certificate (no custom domain "
            "yet), whose security policy CloudFront fixes; a custom domain with an ACM certificate "
            "would set TLSv1.2_2021.",
        )
        acknowledge(
            self.distribution,
            "CFR1",
            "No geo restriction: an org's employees sign in from wherever they work, and blocking "
            "countries is the org's policy, not the product's; the data sits behind the signed-in API.",
        )
        acknowledge_both(
            self.distribution,
            "CFR2",
            "CKV_AWS_68",
            "No WAF web ACL: the distribution serves only the app's static files (no data, nothing "
            "posted to it); the API has stage throttling and a JWT authorizer. Attach an ACL per stage "
            "if an org requires one (billed per ACL, rule and request).",
        )
        # Listing is granted so that a missing file is a 404 rather than S3's 403; the listing
        # itself is unreachable: `/` is the default root object, and the viewer-request function
        # turns every other path ending in `/` into /index.html.
        origin = self.distribution.node.find_child("Origin1")
        Annotations.of(origin).acknowledge_warning(
            "@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
            "index.html is the default root object and paths without a file extension become /index.html",
        )

    @property
    def origin(self) -> str:
        """`https://<id>.cloudfront.net`: the origin the browser sends, which the API's CORS allows."""
        return f"https://{self.distribution.distribution_domain_name}"

    @property
    def url(self) -> str:
        return self.origin

    def publish(self, *, api_url: str, user_pool: cognito.IUserPool, client: cognito.IUserPoolClient) -> None:
        """Upload the build and write `config.json` with this stack's API, pool and client."""
        settings = {
            "apiUrl": api_url,
            "region": Stack.of(self).region,
            "userPoolId": user_pool.user_pool_id,
            "clientId": client.user_pool_client_id,
            "authFlow": "srp",  # the password never leaves the browser (moto's local stand-in: "password")
        }
        # The build without its hidden files, nor any config.json of its own (the app's dev server
        # writes one into public/): the stack's is written next to it below.
        build = s3deploy.Source.asset(str(self.dist), exclude=[HIDDEN, CONFIG_FILE])
        # CDK's upload function (one for both passes, run only while deploying) gets our own role,
        # as the functions do: no managed policy, logs only to its own group, kept as long as theirs.
        removal = RemovalPolicy.RETAIN if self.config.is_prod else RemovalPolicy.DESTROY
        upload_logs = logs.LogGroup(
            self, "UploadLogs", retention=retention(self.config.log_retention_days), removal_policy=removal
        )
        skip(upload_logs, "CKV_AWS_158", LOGS_ENCRYPTED)
        upload_role = iam.Role(
            self,
            "UploadRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Advocacy {self.config.stage} web app upload (CDK BucketDeployment, deploy time only)",
        )
        upload_logs.grant_write(upload_role)

        def upload(
            construct_id: str,
            sources: list[s3deploy.ISource],
            cache: str,
            *,
            exclude: list[str],
            include: list[str] | None = None,
        ) -> s3deploy.BucketDeployment:
            return s3deploy.BucketDeployment(
                self,
                construct_id,
                sources=sources,
                destination_bucket=self.bucket,
                exclude=exclude,
                include=include,
                prune=False,  # the previous release's assets stay for browsers still running it
                cache_control=[s3deploy.CacheControl.from_string(cache)],
                role=upload_role,
                log_group=upload_logs,
                memory_limit=DEPLOYMENT_MEMORY_MB,
                output_object_keys=False,  # a large build's key list would overflow the 4 KB answer
            )

        # Hashed assets first, so that the index.html uploaded next never names one not there yet.
        # `aws s3 sync` filters: later ones win, so this pass excludes everything, then includes assets.
        assets = upload("Assets", [build], IMMUTABLE, exclude=["*"], include=[f"{ASSETS_DIR}/*"])
        # Then everything else, with config.json, never cached:
        # the next request after the upload gets the new release, with no invalidation.
        config_json = s3deploy.Source.json_data(CONFIG_FILE, settings)
        files = upload("Files", [build, config_json], NO_STORE, exclude=[f"{ASSETS_DIR}/*"])
        files.node.add_dependency(assets)
        self.deployments = (assets, files)
        _acknowledge_upload_function(assets, self.bucket, upload_role)


# What CDK's BucketDeployment handler (one function for both uploads, run only while deploying)
# is granted, finding by finding: CDK writes these grants, not us.
_UPLOAD_GRANTS = {
    "IAM5[Action::s3:GetBucket*]": "read the build from the CDK assets bucket and list the web bucket",
    "IAM5[Action::s3:GetObject*]": "read the build's zip from the CDK assets bucket and the web bucket's objects",
    "IAM5[Action::s3:List*]": "`aws s3 sync` lists both buckets to compare what is already there",
    "IAM5[Action::s3:Abort*]": "abort its own multipart uploads of large files into the web bucket",
    "IAM5[Action::s3:DeleteObject*]": "CDK's grantReadWrite on the web bucket; with prune off it deletes nothing",
    "IAM5[Resource::<{bucket}.Arn>/*]": "it writes any file of the build into the web bucket",
    "IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]": (
        "it reads the build's zip, whose key is a content hash, from the CDK bootstrap assets bucket"
    ),
}


# checkov's findings on that same handler, which CDK writes and CloudFormation alone invokes.
_UPLOAD_CHECKS = {
    "CKV_AWS_115": "it runs once per deployment, so no concurrency is reserved for it",
    "CKV_AWS_116": "CloudFormation invokes it and reports a failure as a failed deployment",
    "CKV_AWS_117": "it copies between two S3 buckets over TLS with its own role; a VPC would add a NAT",
    "CKV_AWS_173": "its environment holds no secret (CDK sets none of its own)",
}


def _acknowledge_upload_function(
    deployment: s3deploy.BucketDeployment, bucket: s3.Bucket, role: iam.Role
) -> None:
    """cdk-nag and checkov findings on the upload function CDK provides (its runtime, its grants ...)."""
    stack = Stack.of(bucket)
    bucket_id = stack.resolve(stack.get_logical_id(bucket.node.default_child))  # type: ignore[arg-type]
    handler = deployment.node.find_child("CustomResourceHandler")
    assert isinstance(handler, lambda_.SingletonFunction)
    function = handler.permissions_node.default_child
    policy = role.node.find_child("DefaultPolicy")
    assert function is not None
    acknowledge(
        function,
        "L1",
        "CDK's BucketDeployment handler runs only during deployments; its runtime is pinned by the "
        "aws-cdk-lib release and moves with its upgrades.",
    )
    for check, why in _UPLOAD_CHECKS.items():
        skip(function, check, f"CDK's BucketDeployment handler (deploy time only): {why}.")
    for finding, why in _UPLOAD_GRANTS.items():
        rule = finding.format(bucket=bucket_id)
        acknowledge(policy, rule, f"CDK's BucketDeployment handler (deploy time only): {why}.")
