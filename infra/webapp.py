"""What the web app's origin answers, deployed and local: its security headers, the single-page-app
rule and how long each file may be cached.

Deployed, CloudFront and S3 apply these (`infra/constructs/web.py`); locally, `local/web.py` does.
Plain Python, no CDK, so the local stack imports it without starting jsii; both read the same
values, so the browser sees the same policy in both places.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

CONFIG_FILE = "config.json"
"""Written at deploy time (the API, pool and client of that stack); the app fetches it first."""
INDEX_FILE = "index.html"
ASSETS_DIR = "assets"
"""Vite's output for files whose names carry a hash of their content: a new release has new names."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""Hashed assets: cached for a year and never revalidated."""
NO_STORE = "no-store"
"""Everything else: index.html, config.json and the service worker (sw.js), which name everything
else (a stale copy would pin an old release, or an old API, in the browser), and the few other
unhashed files (icons, the manifest) with them."""

HSTS_MAX_AGE_S = 2 * 365 * 24 * 3600  # two years, as the preload list asks
HSTS = f"max-age={HSTS_MAX_AGE_S}; includeSubDomains; preload"
REFERRER_POLICY = "strict-origin-when-cross-origin"
FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)

DOCS_FILE = "docs.html"
"""The API reference (Swagger UI over `openapi.json`, a second page of the build), at `/docs`."""
DOCS_ROUTES = ("/docs", "/docs/")

SPA_REWRITE_JS = """\
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/docs' || uri === '/docs/') {
    request.uri = '/docs.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""
"""CloudFront Function (viewer request): `/docs` (and `/docs/`) is the API reference and gets
docs.html; any other path whose last segment has no file extension is a route of the app and gets
index.html; a file (`/config.json`, `/assets/x.js`) is fetched as asked, and a missing one stays a
404. The same rule as `app_page`."""


def is_app_route(path: str) -> bool:
    """A route of the site (answered with a page of the build), not a file: the last segment of the
    path has no dot. `/`, `/feed`, `/content/abc`, `/docs` are routes; `/config.json`, `/assets/a.js` not."""
    return "." not in path.rsplit("/", 1)[-1]


def app_page(path: str) -> str | None:
    """The build's page that answers `path`: docs.html for the API reference (`/docs`, `/docs/`),
    index.html for every other route of the app, None for a file (served as asked)."""
    if path in DOCS_ROUTES:
        return DOCS_FILE
    return INDEX_FILE if is_app_route(path) else None


HIDDEN = ".*"
"""Build files not published: hidden ones, such as Vite's `.vite/manifest.json` (build metadata)."""


def is_published(key: str) -> bool:
    """Whether the build's file at `key` is served: not if any part of its path is hidden."""
    return not any(part.startswith(".") for part in PurePosixPath(key.lstrip("/")).parts)


def cache_control(key: str) -> str:
    """The `Cache-Control` of the file at `key` (relative to the app's root, e.g. `assets/a.js`):
    a year for hashed assets, nothing for the rest (index.html, config.json, the service worker)."""
    parts = PurePosixPath(key.lstrip("/")).parts
    return IMMUTABLE if len(parts) > 1 and parts[0] == ASSETS_DIR else NO_STORE


def content_security_policy(connect_src: Sequence[str]) -> str:
    """The CSP: only this origin's scripts, styles, fonts and frames; images also from any https
    origin (content previews) and data: URLs; fetches to this origin (`/config.json`) and to
    `connect_src` (the API and Cognito) only; never framed, no plugins, forms and `<base>` only here."""
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'"]),
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "https:", "data:"]),
        ("connect-src", ["'self'", *connect_src]),
        ("frame-ancestors", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("object-src", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def security_headers(connect_src: Sequence[str]) -> list[tuple[str, str]]:
    """Every security header the app's responses carry (CloudFront's response headers policy)."""
    return [
        ("Content-Security-Policy", content_security_policy(connect_src)),
        ("Strict-Transport-Security", HSTS),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
        ("X-Frame-Options", FRAME_OPTIONS),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    ]
