"""The web app's local origin: the build in `web/dist` on its own port, as CloudFront serves it.

Deployed, the app is a separate origin (`https://<id>.cloudfront.net`) calling the API and Cognito
across origins; locally too (`http://127.0.0.1:3001` calling the gateway and moto), so CORS and the
Content-Security-Policy are exercised the same way. The rules are the deployed ones
(`infra/webapp.py`):

- a path without a file extension is a route of the app and gets index.html, but `/docs` (the API
  reference) gets docs.html; `/config.json` never;
- hashed assets (`/assets/...`) are cached for a year, everything else is `no-store`; hidden files
  (Vite's `.vite/manifest.json`) are not served;
- every answer carries the deployed security headers, the CSP naming the local API and Cognito;
- text answers of 1,000 bytes or more (HTML, JS, CSS, JSON, SVG) are gzipped when the browser
  accepts it, as the distribution compresses them (`compress=True`), so what is measured locally
  (`bench/web.py`'s Lighthouse run) is what a phone downloads;
- `/config.json` is generated from the running stack (not read from the build): the local gateway,
  the pool and client, `authFlow: "password"` (moto checks no password under SRP, and does under
  USER_PASSWORD_AUTH) and `cognitoEndpoint`, the moto server (which answers CORS preflights).

Without a build (`web/dist/index.html` missing) the stack still runs and every page is a 503 saying
to run `make web-build`; the build is looked for on each request, so a reload after building works.
"""

from __future__ import annotations

import gzip
import json
import logging
import mimetypes
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from infra.webapp import (
    CONFIG_FILE,
    INDEX_FILE,
    NO_STORE,
    app_page,
    cache_control,
    is_published,
    security_headers,
)
from local.serving import Background

log = logging.getLogger("local.web")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIST = ROOT / "web" / "dist"
BUILD_COMMAND = "make web-build"

# What a browser needs right; the rest from the standard library's table, or bytes.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
}

# CloudFront compresses answers of 1,000 to 10,000,000 bytes whose type it lists; these are ours.
COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml", "application/xml")
MIN_COMPRESSED_BYTES = 1_000

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Advocacy: the web app is not built</title></head>
<body>
<h1>The web app is not built yet</h1>
<p>There is no <code>{index}</code>. Run <code>{command}</code> (it installs and builds the app),
then reload this page: the local stack keeps running.</p>
</body>
</html>
"""


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def local_config(
    api_url: str, region: str, user_pool_id: str, client_id: str, cognito_endpoint: str
) -> dict[str, str]:
    """`/config.json` of the local stack (deployed, the stack writes it with `authFlow: "srp"` and no
    endpoint: the app then calls the region's Cognito)."""
    return {
        "apiUrl": api_url,
        "region": region,
        "userPoolId": user_pool_id,
        "clientId": client_id,
        "authFlow": "password",
        "cognitoEndpoint": cognito_endpoint,
    }


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


class WebApp:
    """What the origin answers, without sockets (tested directly): the build in `dist`, the config
    document, and the headers of every answer (`connect_src`: what the CSP lets the app call)."""

    def __init__(self, dist: Path, config: Mapping[str, Any], connect_src: Sequence[str]) -> None:
        self.dist = dist
        self.config = dict(config)
        self.security_headers = security_headers(connect_src)

    @property
    def built(self) -> bool:
        return (self.dist / INDEX_FILE).is_file()

    def handle(self, method: str, target: str, accept_encoding: str = "") -> Answer:
        if method in ("GET", "HEAD"):
            answer = compressed(self._get(urllib.parse.urlsplit(target).path), accept_encoding)
        else:
            answer = _text(405, "Method Not Allowed")
            answer.headers.append(("allow", "GET, HEAD"))
        answer.headers.extend(self.security_headers)
        return answer

    def _get(self, raw_path: str) -> Answer:
        path = urllib.parse.unquote(raw_path)
        if path == f"/{CONFIG_FILE}":
            body = json.dumps(self.config, indent=2).encode() + b"\n"
            return Answer(200, [("content-type", "application/json"), ("cache-control", NO_STORE)], body)
        if not self.built:
            page = NOT_BUILT_PAGE.format(index=self.dist / INDEX_FILE, command=BUILD_COMMAND)
            headers = [("content-type", "text/html; charset=utf-8"), ("cache-control", NO_STORE)]
            return Answer(503, headers, page.encode())
        served = app_page(path)
        if served:
            return self._file(self.dist / served, served)
        found = self._find(path)
        return self._file(found, path.lstrip("/")) if found else _text(404, "Not Found")

    def _find(self, path: str) -> Path | None:
        """The file under `dist` at `path`, or None (missing, a directory, hidden, or outside `dist`)."""
        if "\x00" in path or not is_published(path):
            return None
        root = self.dist.resolve()
        candidate = (root / path.lstrip("/")).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None

    def _file(self, file: Path, key: str) -> Answer:
        try:
            body = file.read_bytes()
        except OSError:
            return _text(404, "Not Found")
        headers = [("content-type", content_type(file)), ("cache-control", cache_control(key))]
        return Answer(200, headers, body)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip: `gzip` (else `*`) with a q-value above 0."""
    qualities: dict[str, float] = {}
    for entry in accept_encoding.split(","):
        coding, *params = (part.strip().lower() for part in entry.split(";"))
        given = next((p.removeprefix("q=") for p in params if p.startswith("q=")), "1")
        try:
            qualities[coding] = float(given)
        except ValueError:
            qualities[coding] = 0.0
    return qualities.get("gzip", qualities.get("x-gzip", qualities.get("*", 0.0))) > 0


def compressed(answer: Answer, accept_encoding: str) -> Answer:
    """`answer` gzipped when it is text the browser accepts gzipped; `Vary` said either way, as a
    cache between the two must keep both."""
    headers = dict(answer.headers)
    if not headers.get("content-type", "").startswith(COMPRESSIBLE):
        return answer
    answer.headers.append(("vary", "accept-encoding"))
    if len(answer.body) < MIN_COMPRESSED_BYTES or not accepts_gzip(accept_encoding):
        return answer
    answer.body = gzip.compress(answer.body, compresslevel=6, mtime=0)
    answer.headers.append(("content-encoding", "gzip"))
    return answer


def _text(status: int, message: str) -> Answer:
    headers = [("content-type", "text/plain; charset=utf-8"), ("cache-control", NO_STORE)]
    return Answer(status, headers, f"{message}\n".encode())


class _Handler(BaseHTTPRequestHandler):
    server_version = "advocacy-local-web"
    protocol_version = "HTTP/1.1"
    app: WebApp  # set on the subclass the server is built with

    def _serve(self) -> None:
        try:
            answer = self.app.handle(self.command, self.path, self.headers.get("accept-encoding", ""))
        except Exception:
            log.exception("web origin failure")
            answer = _text(500, "Internal Server Error")
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("content-length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)
        if answer.status >= 400:
            log.info("web %s %s %d", self.command, self.path.partition("?")[0], answer.status)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: failures are logged above, successes would drown the API's lines."""


class WebServer(Background):
    """The origin on 127.0.0.1, bound when built (to fail fast, with the other ports); `start` gives
    it the app once the stack knows its config."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        class WebHandler(_Handler):
            """One class per server, so two origins in one process never share an app."""

        self._handler_cls: type[_Handler] = WebHandler
        super().__init__("web", WebHandler, port, host)

    def start(self, app: WebApp) -> None:
        self._handler_cls.app = app
        if not app.built:
            log.warning(
                "the web app is not built (%s is missing): %s answers 503 until `%s`",
                app.dist / INDEX_FILE,
                self.url,
                BUILD_COMMAND,
            )
        self.serve()
