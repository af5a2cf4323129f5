"""The web app's local origin (local/web.py): the build with the deployed rules (app routes get
index.html, cache lifetimes, security headers), config.json from the running stack, and a 503 page
without a build; plus how the stack lets that origin call the API (CORS)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from infra.webapp import IMMUTABLE, NO_STORE, app_page, cache_control, content_security_policy, is_app_route
from local.stack import local_cors
from local.template import parse_template
from local.web import Answer, WebApp, local_config
from tests.support.web import DOCS_HTML, FILES, INDEX_HTML, SCRIPT, STYLE, write_dist

API = "http://127.0.0.1:3000"
COGNITO = "http://127.0.0.1:5005"
CONFIG = local_config(API, "us-east-1", "us-east-1_pool", "client-1", COGNITO)


@pytest.fixture
def app(tmp_path: Path) -> WebApp:
    return WebApp(write_dist(tmp_path / "dist"), CONFIG, connect_src=[API, COGNITO])


def _headers(answer: Answer) -> dict[str, str]:
    names = [k.lower() for k, _ in answer.headers]
    assert len(names) == len(set(names)), f"a header is sent twice: {names}"
    return {k.lower(): v for k, v in answer.headers}


@pytest.mark.parametrize("path", ["/", "/feed", "/content/01HX/share", "/leaderboards/week?x=1", "/assets/"])
def test_app_routes_get_index_html_never_cached(app: WebApp, path: str) -> None:
    answer = app.handle("GET", path)
    assert answer.status == 200
    assert answer.body.decode() == INDEX_HTML
    headers = _headers(answer)
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/docs", "/docs/", "/docs?x=1"])
def test_the_api_reference_at_docs_gets_docs_html_never_cached(app: WebApp, path: str) -> None:
    answer = app.handle("GET", path)
    assert answer.status == 200
    assert answer.body.decode() == DOCS_HTML
    headers = _headers(answer)
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert "script-src 'self';" in headers["content-security-policy"]  # the same policy as the app


def test_files_are_served_with_their_type_and_cache_lifetime(app: WebApp) -> None:
    expected = {
        f"/{SCRIPT}": ("text/javascript; charset=utf-8", IMMUTABLE),
        f"/{STYLE}": ("text/css; charset=utf-8", IMMUTABLE),
        "/index.html": ("text/html; charset=utf-8", NO_STORE),
        "/sw.js": ("text/javascript; charset=utf-8", NO_STORE),  # the service worker: never cached
        "/manifest.webmanifest": ("application/manifest+json", NO_STORE),
        "/icons/icon.svg": ("image/svg+xml", NO_STORE),
    }
    for path, (kind, cache) in expected.items():
        answer = app.handle("GET", path)
        assert answer.status == 200, path
        assert answer.body.decode() == FILES[path.lstrip("/")]
        headers = _headers(answer)
        assert (headers["content-type"], headers["cache-control"]) == (kind, cache), path


def test_config_json_comes_from_the_stack_not_the_build(app: WebApp) -> None:
    answer = app.handle("GET", "/config.json")
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "apiUrl": API,
        "region": "us-east-1",
        "userPoolId": "us-east-1_pool",
        "clientId": "client-1",
        "authFlow": "password",  # moto checks the password only under USER_PASSWORD_AUTH
        "cognitoEndpoint": COGNITO,
    }
    assert "stale.invalid" not in answer.body.decode()  # the build's own config.json is never served
    headers = _headers(answer)
    assert headers["content-type"] == "application/json"
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/assets/missing-1234.js", "/favicon.ico", "/../outside.txt", "/%2e%2e/x.txt"]
)
def test_a_missing_file_is_a_404_never_the_app(app: WebApp, path: str) -> None:
    (app.dist.parent / "outside.txt").write_text("secret", encoding="utf-8")
    (app.dist.parent / "x.txt").write_text("secret", encoding="utf-8")
    answer = app.handle("GET", path)
    assert answer.status == 404
    assert b"secret" not in answer.body and answer.body != INDEX_HTML.encode()


def test_every_answer_carries_the_deployed_security_headers_with_the_local_api_and_cognito(
    app: WebApp,
) -> None:
    for path in ("/", f"/{SCRIPT}", "/config.json", "/nope.js"):
        headers = _headers(app.handle("GET", path))
        assert headers["content-security-policy"] == content_security_policy([API, COGNITO])
        assert (
            "connect-src 'self' http://127.0.0.1:3000 http://127.0.0.1:5005;"
            in headers["content-security-policy"]
        )
        assert "script-src 'self';" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["strict-transport-security"] == "max-age=63072000; includeSubDomains; preload"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-frame-options"] == "DENY"
        assert "camera=()" in headers["permissions-policy"]


def test_only_get_and_head(app: WebApp) -> None:
    answer = app.handle("POST", "/config.json")
    assert answer.status == 405
    assert _headers(answer)["allow"] == "GET, HEAD"
    assert app.handle("HEAD", "/").status == 200


def test_without_a_build_pages_are_a_503_saying_to_run_make_web_build(tmp_path: Path) -> None:
    app = WebApp(tmp_path / "dist", CONFIG, connect_src=[API, COGNITO])
    assert not app.built
    for path in ("/", "/feed", f"/{SCRIPT}"):
        answer = app.handle("GET", path)
        assert answer.status == 503
        assert b"make web-build" in answer.body
        assert _headers(answer)["cache-control"] == "no-store"
        assert b"<style" not in answer.body and b"<script" not in answer.body  # within the CSP
    assert app.handle("GET", "/config.json").status == 200  # the stack's settings still answer
    write_dist(tmp_path / "dist")  # built while the stack runs: the next request serves it
    assert app.handle("GET", "/feed").status == 200


def test_the_app_route_rule_and_cache_lifetimes() -> None:
    assert is_app_route("/") and is_app_route("/members/m-1") and is_app_route("/assets/")
    assert not is_app_route("/config.json") and not is_app_route("/assets/a.js")
    assert app_page("/docs") == app_page("/docs/") == "docs.html"
    assert (
        app_page("/") == app_page("/docs/x") == app_page("/documents") == app_page("/x/docs") == "index.html"
    )
    assert app_page("/docs.html") is None  # the file itself, served as asked
    assert app_page("/config.json") is None and app_page("/openapi.json") is None
    assert cache_control("assets/index-1a2b.js") == cache_control("/assets/x/y.woff2") == IMMUTABLE
    assert cache_control("index.html") == cache_control("config.json") == cache_control("sw.js") == NO_STORE
    assert cache_control("assets") == NO_STORE  # a file named like the folder is not an asset


def test_the_api_s_cors_allows_the_local_web_origin_in_place_of_the_distribution_s() -> None:
    cors = {
        "AllowOrigins": ["https://127.0.0.1:3001", "https://app.example.com"],
        "AllowHeaders": ["authorization"],
    }
    local = local_cors(cors, "http://127.0.0.1:3001", "https://127.0.0.1:3001")
    assert local["AllowOrigins"] == ["http://127.0.0.1:3001", "https://app.example.com"]
    assert local["AllowHeaders"] == ["authorization"]
    assert local_cors({"AllowOrigins": ["https://a.example"]}, "http://w", "https://d")["AllowOrigins"] == [
        "https://a.example",
        "http://w",
    ]
    assert local_cors({}, "http://w", "https://d") == {}


def test_the_template_s_distributions_are_known_and_deploy_time_functions_are_not_run() -> None:
    template = {
        "Resources": {
            "Dist": {"Type": "AWS::CloudFront::Distribution", "Properties": {}},
            "Api": {
                "Type": "AWS::Lambda::Function",
                "Properties": {"Handler": "advocacy.handlers.api.handler"},
            },
            "Upload": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "index.handler"}},
            "Deploy": {
                "Type": "Custom::CDKBucketDeployment",
                "Properties": {"ServiceToken": {"Fn::GetAtt": ["Upload", "Arn"]}},
            },
        }
    }
    spec = parse_template(template)
    assert spec.distributions == ["Dist"]
    assert set(spec.functions) == {"Api"}
    assert spec.resource_types["Upload"] == "AWS::Lambda::Function"  # still resolvable (a placeholder)


def test_text_is_gzipped_when_the_browser_accepts_it_as_the_distribution_does(tmp_path: Path) -> None:
    dist = write_dist(tmp_path / "dist")
    script = "console.log('Advocacy');\n" * 100  # over the 1,000 bytes CloudFront starts compressing at
    (dist / SCRIPT).write_text(script, encoding="utf-8")
    (dist / "icons" / "big.png").write_bytes(b"\x89PNG" + bytes(4000))
    app = WebApp(dist, CONFIG, connect_src=[API, COGNITO])

    answer = app.handle("GET", f"/{SCRIPT}", "br, gzip;q=0.8, deflate")
    headers = _headers(answer)
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "accept-encoding"
    assert gzip.decompress(answer.body).decode() == script

    for refused in ("", "br", "gzip;q=0", "*;q=0", "identity", "*, gzip;q=0"):
        plain = app.handle("GET", f"/{SCRIPT}", refused)
        assert "content-encoding" not in _headers(plain), refused
        assert plain.body.decode() == script, refused
    assert "content-encoding" in _headers(app.handle("GET", f"/{SCRIPT}", "*"))
    # Small text and images go as they are.
    small = app.handle("GET", f"/{STYLE}", "gzip")
    assert (small.body.decode(), _headers(small).get("content-encoding")) == (FILES[STYLE], None)
    image = app.handle("GET", "/icons/big.png", "gzip")
    assert "content-encoding" not in _headers(image)
    assert "vary" not in _headers(image)
