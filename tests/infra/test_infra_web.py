"""The web app's hosting in the synthesized template (infra/constructs/web.py): a private TLS-only
bucket read by CloudFront through Origin Access Control, app routes answered by a viewer-request
function (no custom error responses), strict security headers, the build and config.json uploaded
with their cache lifetimes, the API's CORS and the `WebUrl` output naming the distribution."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Capture, Match, Template

from infra.app import synth_template
from infra.constructs.web import WebBuildMissing
from infra.webapp import (
    HSTS_MAX_AGE_S,
    IMMUTABLE,
    NO_STORE,
    SPA_REWRITE_JS,
    app_page,
    content_security_policy,
)
from tests.support.cfn import DISTRIBUTION, assert_tls_only, env, refs, web_origin

BUCKET = "AWS::S3::Bucket"
HEADERS = "AWS::CloudFront::ResponseHeadersPolicy"
CF_FUNCTION = "AWS::CloudFront::Function"
OAC = "AWS::CloudFront::OriginAccessControl"
DEPLOYMENT = "Custom::CDKBucketDeployment"
HTTP_API = "AWS::ApiGatewayV2::Api"


def _distribution(t: Template) -> dict[str, Any]:
    (resource,) = t.find_resources(DISTRIBUTION).values()
    return dict(resource["Properties"]["DistributionConfig"])


def _web_bucket(t: Template) -> str:
    """The bucket the distribution's one origin reads."""
    (origin,) = _distribution(t)["Origins"]
    (bucket,) = refs(origin["DomainName"])
    return bucket


def _joined(value: Any) -> str:
    """A `Fn::Join` as text, references written `${Name}` (`${Id.Attribute}` for a `Fn::GetAtt`)."""
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return "${" + value["Ref"] + "}"
    if "Fn::GetAtt" in value:
        return "${" + ".".join(value["Fn::GetAtt"]) + "}"
    separator, parts = value["Fn::Join"]
    return str(separator).join(_joined(p) for p in parts)


def _directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}


def test_the_bucket_is_private_encrypted_tls_only_and_no_website(dev: Template) -> None:
    bucket = _web_bucket(dev)
    props = dev.find_resources(BUCKET)[bucket]["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    assert "WebsiteConfiguration" not in props
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert_tls_only(dev, "AWS::S3::BucketPolicy", {"Bucket": {"Ref": bucket}})
    # Its access logs, and CloudFront's, go to a log bucket that keeps them for the stage's retention.
    logs = props["LoggingConfiguration"]["DestinationBucketName"]["Ref"]
    assert refs(_distribution(dev)["Logging"]["Bucket"]) == {logs}
    log_props = dev.find_resources(BUCKET)[logs]["Properties"]
    assert log_props["LifecycleConfiguration"]["Rules"] == [{"ExpirationInDays": 30, "Status": "Enabled"}]
    assert_tls_only(dev, "AWS::S3::BucketPolicy", {"Bucket": {"Ref": logs}})


def test_prod_keeps_the_buckets(prod: Template) -> None:
    bucket = _web_bucket(prod)
    assert prod.find_resources(BUCKET)[bucket]["DeletionPolicy"] == "Retain"


def test_cloudfront_reads_the_bucket_through_origin_access_control_only(dev: Template) -> None:
    bucket = _web_bucket(dev)
    (origin,) = _distribution(dev)["Origins"]
    (oac,) = refs(origin["OriginAccessControlId"])
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
    dev.has_resource_properties(
        OAC,
        {
            "OriginAccessControlConfig": {
                "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always",
                "SigningProtocol": "sigv4",
            }
        },
    )
    assert oac in dev.find_resources(OAC)
    distribution = dev.get_resource_id(DISTRIBUTION)
    source_arn = Capture()
    dev.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": bucket},
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudfront.amazonaws.com"},
                            # Listing turns a missing file into a 404 instead of S3's 403.
                            "Action": ["s3:GetObject", "s3:ListBucket"],
                            "Condition": {"StringEquals": {"AWS:SourceArn": source_arn}},
                            "Resource": Match.any_value(),
                        }
                    ]
                )
            },
        },
    )
    assert refs(source_arn.as_object()) == {distribution}  # this distribution only


def test_app_routes_go_to_index_html_by_a_viewer_request_function_not_error_responses(dev: Template) -> None:
    config = _distribution(dev)
    assert config["DefaultRootObject"] == "index.html"
    assert "CustomErrorResponses" not in config  # no 403/404 of anything else becomes the app
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    (association,) = behavior["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    (function,) = refs(association["FunctionARN"])
    props = dev.find_resources(CF_FUNCTION)[function]["Properties"]
    assert props["FunctionCode"] == SPA_REWRITE_JS
    assert props["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert "CacheBehaviors" not in config  # one behavior: the function sees every request


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront Function's code")
def test_the_function_and_the_local_origin_follow_the_same_rule() -> None:
    """The deployed function (JavaScript) rewrites exactly the paths `app_page` (Python, the local
    origin) answers with a page: `/docs` with docs.html, the other routes of the app with index.html."""
    paths = ["/", "/feed", "/content/01HX/share", "/assets/", "/config.json", "/assets/index-1a2b.js",
             "/sw.js", "/icons/icon.svg", "/.well-known/x", "/a.b/c", "/c/a.b", "/docs", "/docs/",
             "/docs/x", "/documents", "/x/docs", "/docs.html", "/openapi.json"]  # fmt: skip
    script = SPA_REWRITE_JS + (
        "const paths = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(paths.map(p => handler({request: {uri: p}}).uri)));"
    )
    out = subprocess.run(  # noqa: S603 - node with our own script
        ["node", "-e", script, json.dumps(paths)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    rewritten = json.loads(out)
    assert rewritten == [f"/{page}" if (page := app_page(p)) else p for p in paths]
    assert rewritten[:4] == ["/index.html"] * 4 and rewritten[4] == "/config.json"
    assert rewritten[11:] == ["/docs.html", "/docs.html", "/index.html", "/index.html", "/index.html",
                              "/docs.html", "/openapi.json"]  # fmt: skip


def test_every_response_carries_the_csp_hsts_and_the_other_security_headers(dev: Template) -> None:
    (policy,) = dev.find_resources(HEADERS)
    assert _distribution(dev)["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == {"Ref": policy}
    config = dev.find_resources(HEADERS)[policy]["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    csp = _joined(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert security["ContentSecurityPolicy"]["Override"] is True
    directives = _directives(csp)
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        # 'self' for /config.json; the API (any HTTP API of the region: see api_and_cognito_sources
        # for the dependency cycle naming this one would make) and the region's Cognito.
        "connect-src": [
            "'self'",
            "https://*.execute-api.${AWS::Region}.${AWS::URLSuffix}",
            "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}",
        ],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
    assert csp == content_security_policy(directives["connect-src"][1:])  # the local origin's too
    assert security["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": HSTS_MAX_AGE_S,
        "IncludeSubdomains": True,
        "Preload": True,
        "Override": True,
    }
    assert HSTS_MAX_AGE_S == 63072000  # two years
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["ReferrerPolicy"] == {
        "ReferrerPolicy": "strict-origin-when-cross-origin",
        "Override": True,
    }
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    (custom,) = config["CustomHeadersConfig"]["Items"]
    assert custom["Header"] == "Permissions-Policy" and custom["Override"] is True
    assert "camera=()" in custom["Value"] and "geolocation=()" in custom["Value"]


def test_the_edge_obeys_the_origin_s_cache_control(dev: Template) -> None:
    (policy,) = refs(_distribution(dev)["DefaultCacheBehavior"]["CachePolicyId"])
    config = dev.find_resources("AWS::CloudFront::CachePolicy")[policy]["Properties"]["CachePolicyConfig"]
    assert config["MinTTL"] == 0  # `no-store` (index.html, config.json) is never kept at the edge
    assert config["MaxTTL"] >= 31536000  # hashed assets for a year


def _deployments(t: Template) -> dict[str, dict[str, Any]]:
    return {lid: r for lid, r in t.find_resources(DEPLOYMENT).items()}


def test_the_build_is_uploaded_assets_first_with_their_cache_lifetimes_and_nothing_pruned(
    dev: Template,
) -> None:
    bucket = _web_bucket(dev)
    deployments = _deployments(dev)
    assert len(deployments) == 2
    by_cache = {
        r["Properties"]["SystemMetadata"]["cache-control"]: (lid, r) for lid, r in deployments.items()
    }
    assets_id, assets = by_cache[IMMUTABLE]
    _, files = by_cache[NO_STORE]
    for props in (assets["Properties"], files["Properties"]):
        assert props["DestinationBucketName"] == {"Ref": bucket}
        assert props["Prune"] is False  # browsers on the previous release still load its assets
        assert props["OutputObjectKeys"] is False
    assert (assets["Properties"]["Exclude"], assets["Properties"]["Include"]) == (["*"], ["assets/*"])
    assert files["Properties"]["Exclude"] == ["assets/*"] and "Include" not in files["Properties"]
    assert assets_id in files["DependsOn"]  # index.html never names an asset not uploaded yet
    # Both upload the same build; the second also config.json.
    assert files["Properties"]["SourceObjectKeys"][0] == assets["Properties"]["SourceObjectKeys"][0]


def test_config_json_names_this_stack_s_api_pool_and_client(dev: Template) -> None:
    (files,) = [r for r in _deployments(dev).values() if "SourceMarkers" in r["Properties"]]
    markers = [m for m in files["Properties"]["SourceMarkers"] if m]
    assert len(markers) == 1  # the config.json source
    values = {_joined(v).strip('"') for v in markers[0].values()}
    api = dev.get_resource_id(HTTP_API)
    (pool,) = refs(env(dev, "api")["USER_POOL_ID"])
    (client,) = dev.find_resources("AWS::Cognito::UserPoolClient")
    # apiUrl is the API's endpoint (no trailing slash, unlike the stage URL), then region, pool, client.
    assert values == {f"${{{api}.ApiEndpoint}}", "${AWS::Region}", f"${{{pool}}}", f"${{{client}}}"}


def test_the_api_allows_the_distribution_s_origin_and_web_url_names_it(dev: Template) -> None:
    origin = web_origin(dev)
    dev.has_resource_properties(HTTP_API, {"CorsConfiguration": {"AllowOrigins": Match.array_with([origin])}})
    assert dev.find_outputs("WebUrl")["WebUrl"]["Value"] == origin


def test_the_upload_leaves_hidden_files_and_the_build_s_config_out_and_config_json_says_srp(
    web_dist: Path, tmp_path: Path
) -> None:
    """What the synth stages for upload (the construct alone, in a bare stack): the build without
    Vite's `.vite/` metadata or a config.json of its own, and the stack's config.json (SRP flow)."""
    import aws_cdk as cdk
    from aws_cdk import aws_cognito as cognito

    from infra.config import StageConfig
    from infra.constructs.web import Web

    app = cdk.App(outdir=str(tmp_path), context={"web_dist": str(web_dist)})
    stack = cdk.Stack(app, "Bare")
    web = Web(stack, "Web", config=StageConfig.from_node(app.node, "dev"))
    pool = cognito.UserPool(stack, "Pool")
    web.publish(api_url="https://api.example", user_pool=pool, client=pool.add_client("Client"))
    app.synth()
    (build,) = [p for p in tmp_path.glob("asset.*") if (p / "index.html").is_file()]
    assert (build / "assets").is_dir() and (build / "sw.js").is_file()
    assert not (build / ".vite").exists()
    assert not (build / "config.json").exists()  # the build's own: only the stack's is uploaded
    (config,) = tmp_path.glob("asset.*/config.json")
    text = config.read_text(encoding="utf-8")
    assert '"authFlow":"srp"' in text and '"apiUrl":"https://api.example"' in text
    assert "cognitoEndpoint" not in text  # deployed, the app calls the region's Cognito


def test_synth_without_a_build_says_to_run_make_web_build(tmp_path: Path) -> None:
    with pytest.raises(WebBuildMissing, match=r"make web-build"):
        synth_template("dev", context={"web_dist": str(tmp_path / "missing")})
