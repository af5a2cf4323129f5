"""The guarded fetch against a real HTTP server on 127.0.0.1: loopback is allowed for the hops a test
says (the first only, unless stated), names resolve through an injected resolver, and every refusal
happens before a connection is made to where it was refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from advocacy.adapters.web_fetch import FetchFailed, FetchRefused, Guard, fetch

HTML = {"text/html", "application/xhtml+xml"}
PAGE = b"<html><head><title>Hello</title></head></html>"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(
        self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: PLR0912 - one branch per path the tests use
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        port = int(self.server.server_address[1])  # type: ignore[index]
        path = self.path
        if path == "/page":
            self._answer(200, PAGE, ETag='"v1"')
        elif path == "/host":
            self._answer(200, self.headers["Host"].encode() + b"|" + self.headers["User-Agent"].encode())
        elif path.startswith("/to/"):
            self._answer(302, Location=unquote(path.removeprefix("/to/")).replace("PORT", str(port)))
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self._answer(301, Location=f"/chain/{left - 1}" if left else "/page")
        elif path == "/json":
            self._answer(200, b"{}", kind="application/json")
        elif path == "/untyped":
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"hi")
        elif path == "/missing":
            self._answer(404, b"gone")
        elif path == "/broken":
            self._answer(503, b"down")
        elif path == "/same":
            self._answer(304) if self.headers.get("If-None-Match") == '"v1"' else self._answer(200, PAGE)
        elif path == "/declared-big":
            self._answer(200, b"x" * 2_000)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(1_000):
                    self.wfile.write(b"x" * 1_000)
            except OSError:
                pass  # the client stopped reading, as it should
        elif path == "/slow":
            time.sleep(1.0)
            self._answer(200, PAGE)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(20):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    paths: list[str]


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.paths = []  # tests that take the server without `base` must find it too (any order, any worker)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: _Server) -> str:
    server.paths = []
    return f"http://127.0.0.1:{server.server_address[1]}"


FIRST_HOP = Guard(loopback_hops=1)
EVERY_HOP = Guard(loopback_hops=10)


def get(url: str, guard: Guard = FIRST_HOP, **options: object) -> object:
    return fetch(url, guard=guard, accept=HTML, **options)  # type: ignore[arg-type]


def test_a_page_is_fetched_with_its_final_url_headers_and_body(base: str) -> None:
    fetched = fetch(f"{base}/page", guard=FIRST_HOP, accept=HTML)
    assert (fetched.url, fetched.status, fetched.body) == (f"{base}/page", 200, PAGE)
    assert fetched.headers["content-type"] == "text/html; charset=utf-8"
    assert fetched.headers["etag"] == '"v1"'


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(server: _Server) -> None:
    port = server.server_address[1]
    lookups: list[tuple[str, int]] = []

    def resolve(host: str, at: int) -> list[str]:
        lookups.append((host, at))
        return ["127.0.0.1"]

    fetched = fetch(f"http://Preview.Example:{port}/host", guard=Guard(resolve, 1), accept=HTML)
    host, agent = fetched.body.decode().split("|")
    assert host == f"preview.example:{port}"
    assert agent.startswith("AdvocacyFetch/")
    assert lookups == [("preview.example", port)]


def test_a_name_resolving_to_any_private_address_is_refused_before_connecting(
    base: str, server: _Server
) -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.5"]

    with pytest.raises(FetchRefused, match=r"intranet\.example resolves to a private or reserved address"):
        fetch("http://intranet.example/page", guard=Guard(resolve, 10), accept=HTML)
    with pytest.raises(FetchRefused, match="link-local"):
        fetch("http://meta.example/", guard=Guard(lambda h, p: ["169.254.169.254"], 10), accept=HTML)
    assert server.paths == []


@pytest.mark.parametrize(
    "spelling", ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "[::ffff:127.0.0.1]"]
)
def test_loopback_in_any_spelling_is_refused_unless_allowed(server: _Server, spelling: str) -> None:
    url = f"http://{spelling}:{server.server_address[1]}/page"
    with pytest.raises(FetchRefused):
        fetch(url, guard=Guard(), accept=HTML)
    if not spelling.startswith("["):  # a mapped address is never loopback, even locally
        assert fetch(url, guard=FIRST_HOP, accept=HTML).body == PAGE


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1/", "javascript:alert(1)",
            "http://user:pw@example.com/", "http:///nohost", "http://256.0.0.1/", "http://example.com:99999/"],
)  # fmt: skip
def test_other_schemes_credentials_and_malformed_links_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        fetch(url, guard=EVERY_HOP, accept=HTML)


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://10.0.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fd00:ec2::254]/", "private"),
        ("http://0x7f.1:PORT/page", "loopback"),
        ("http://127.0.0.1:PORT/page", "loopback"),
        ("http://internal.example:PORT/page", "private"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_every_redirect_is_checked_again(base: str, server: _Server, location: str, reason: str) -> None:
    guard = Guard(lambda host, port: ["192.168.1.10"], loopback_hops=1)
    with pytest.raises(FetchRefused, match=reason):
        fetch(f"{base}/to/{location}", guard=guard, accept=HTML)
    assert [unquote(path) for path in server.paths] == [f"/to/{location}"]


def test_at_most_three_redirects(base: str) -> None:
    assert fetch(f"{base}/chain/2", guard=EVERY_HOP, accept=HTML).url == f"{base}/page"
    with pytest.raises(FetchRefused, match="more than 3"):
        fetch(f"{base}/chain/3", guard=EVERY_HOP, accept=HTML)
    with pytest.raises(FetchRefused, match="more than 1"):
        fetch(f"{base}/chain/1", guard=EVERY_HOP, accept=HTML, max_redirects=1)


def test_only_the_accepted_media_types(base: str) -> None:
    with pytest.raises(FetchRefused, match="application/json"):
        fetch(f"{base}/json", guard=FIRST_HOP, accept=HTML)
    with pytest.raises(FetchRefused, match="no stated type"):
        fetch(f"{base}/untyped", guard=FIRST_HOP, accept=HTML)
    assert fetch(f"{base}/json", guard=FIRST_HOP, accept={"application/json"}).body == b"{}"


def test_errors_and_not_modified(base: str) -> None:
    with pytest.raises(FetchFailed, match="404"):
        fetch(f"{base}/missing", guard=FIRST_HOP, accept=HTML)
    with pytest.raises(FetchFailed, match="503"):
        fetch(f"{base}/broken", guard=FIRST_HOP, accept=HTML)
    same = fetch(f"{base}/same", guard=FIRST_HOP, accept=HTML, headers={"If-None-Match": '"v1"'})
    assert (same.status, same.body) == (304, b"")


def test_the_body_stops_at_max_bytes(base: str) -> None:
    with pytest.raises(FetchFailed, match="larger than 1,000 bytes"):
        fetch(f"{base}/declared-big", guard=FIRST_HOP, accept=HTML, max_bytes=1_000)
    with pytest.raises(FetchFailed, match="larger than 100,000 bytes"):
        fetch(f"{base}/endless", guard=FIRST_HOP, accept=HTML, max_bytes=100_000)


def test_one_deadline_for_the_whole_fetch(base: str) -> None:
    with pytest.raises(FetchFailed, match="in time"):
        fetch(f"{base}/slow", guard=FIRST_HOP, accept=HTML, timeout=0.3)
    with pytest.raises(FetchFailed, match="in time"):  # each byte in time, the whole body not
        fetch(f"{base}/trickle", guard=FIRST_HOP, accept=HTML, timeout=0.5)

    def slow_dns(host: str, port: int) -> list[str]:
        time.sleep(1.0)
        return ["93.184.216.34"]

    with pytest.raises(FetchFailed, match="in time"):
        fetch("http://slow.example/", guard=Guard(slow_dns), accept=HTML, timeout=0.2)


def test_a_name_that_does_not_resolve_fails(base: str) -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchFailed, match="does not resolve"):
        fetch("http://nowhere.example/", guard=Guard(nowhere), accept=HTML)


def test_https_to_a_server_without_tls_fails_cleanly(server: _Server) -> None:
    with pytest.raises(FetchFailed):
        fetch(f"https://127.0.0.1:{server.server_address[1]}/page", guard=FIRST_HOP, accept=HTML)


def test_loopback_follows_the_setting(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLOW_LOOPBACK_FETCH", raising=False)
    with pytest.raises(FetchRefused, match="loopback"):
        fetch(f"{base}/page", accept=HTML)
    monkeypatch.setenv("ALLOW_LOOPBACK_FETCH", "1")
    assert fetch(f"{base}/to/http://127.0.0.1:PORT/page", accept=HTML).body == PAGE
    with pytest.raises(FetchRefused, match="private"):
        fetch(f"{base}/to/http://10.1.2.3/", accept=HTML)
