"""The one way the code fetches a URL a user or an admin typed, guarded against request forgery.

Only http and https. The host is resolved once (getaddrinfo) and every address it resolves to must be
public (`domain.addresses`); the connection goes to the very address that was checked, with the
hostname in the Host header, the TLS SNI and the certificate check, so a second lookup cannot rebind
it. Each redirect is checked the same way, at most `max_redirects` of them; the whole fetch has one
deadline and the body one size limit; only the media types in `accept` are read (decision 63).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from advocacy.domain.addresses import IPAddress, NotAnAddress, ip_literal, refusal
from advocacy.settings import Settings

USER_AGENT = "AdvocacyFetch/1.0 (link previews and feeds)"
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    headers: Mapping[str, str]  # response headers, names lower-cased
    body: bytes  # b"" for a 304


class FetchRefused(Exception):
    """Not allowed: the scheme, a non-public address (after DNS, on every redirect), too many
    redirects, a content type not in `accept`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FetchFailed(Exception):
    """No usable answer: a timeout, a connection error, a body over `max_bytes`, a 4xx or 5xx."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) -> the addresses it resolves to, as text."""


def resolve_with_dns(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class Guard:
    """How names are resolved and how many first hops may reach loopback (tests replace both)."""

    resolve: Resolver = resolve_with_dns
    loopback_hops: int = 0


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA), without IPv6 brackets
    port: int
    path: str  # path and query, percent-encoded
    host_header: str


def fetch(
    url: str,
    *,
    accept: Collection[str],
    timeout: float = 3.0,
    max_bytes: int = 1_000_000,
    max_redirects: int = 3,
    headers: Mapping[str, str] | None = None,
    guard: Guard | None = None,
) -> Fetched:
    """GET `url` under the guard: by default DNS, and loopback only where the settings allow it (the
    local stack); the tests give their own resolver and loopback rule."""
    if guard is None:
        loopback = Settings.from_env(()).allow_loopback_fetch
        guard = Guard(loopback_hops=max_redirects + 1 if loopback else 0)
    deadline = time.monotonic() + timeout
    wanted = {media.lower() for media in accept}
    current = url.strip()
    for hop in range(max_redirects + 1):
        target = _target(current)
        address = _checked_address(target, guard, allow_loopback=hop < guard.loopback_hops, deadline=deadline)
        with _pool(target, address) as pool:
            response = _send(pool, target, headers or {}, wanted, deadline)
            try:
                if response.status in _REDIRECTS:
                    location = response.headers.get("location", "").strip()
                    if not location:
                        raise FetchFailed(f"the site answered {response.status} without saying where to go")
                    current = urljoin(current, location).split("#", 1)[0]
                    continue
                found = {name.lower(): response.headers[name] for name in response.headers}
                if response.status == 304:
                    return Fetched(url=current, status=304, headers=found, body=b"")
                if not 200 <= response.status < 300:
                    raise FetchFailed(f"the site answered {response.status}")
                media = found.get("content-type", "").split(";", 1)[0].strip().lower()
                if media not in wanted:
                    raise FetchRefused(f"the link is {media or 'of no stated type'}, not {_listed(wanted)}")
                body = _read(response, max_bytes, deadline)
                return Fetched(url=current, status=response.status, headers=found, body=body)
            finally:
                response.close()
    raise FetchRefused(f"the link redirects more than {max_redirects} times")


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("the link is not a valid URL") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise FetchRefused("only http and https links can be fetched")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("links with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("the link has no host")
    if ":" not in host:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchRefused("the link's host is not a valid name") from exc
    port = port or _DEFAULT_PORTS[scheme]
    shown = f"[{host}]" if ":" in host else host
    host_header = shown if port == _DEFAULT_PORTS[scheme] else f"{shown}:{port}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(scheme=scheme, host=host, port=port, path=path, host_header=host_header)


def _checked_address(target: _Target, guard: Guard, *, allow_loopback: bool, deadline: float) -> IPAddress:
    """The address to connect to: the literal, or the first the name resolves to once every one of
    them has been found public."""
    try:
        literal = ip_literal(target.host)
    except NotAnAddress as exc:
        raise FetchRefused("the link's host is not a valid address") from exc
    addresses = [literal] if literal is not None else _resolved(target, guard, deadline)
    for address in addresses:
        why = refusal(address, allow_loopback=allow_loopback)
        if why:
            raise FetchRefused(f"{target.host} is {why}" if literal else f"{target.host} resolves to {why}")
    return addresses[0]


def _resolved(target: _Target, guard: Guard, deadline: float) -> list[IPAddress]:
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resolve")
    try:
        found = executor.submit(guard.resolve, target.host, target.port).result(timeout=_remaining(deadline))
    except FutureTimeout as exc:
        raise FetchFailed("the site did not answer in time") from exc
    except OSError as exc:
        raise FetchFailed(f"{target.host} does not resolve") from exc
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    try:
        addresses = [ip_address(text) for text in found]
    except ValueError as exc:
        raise FetchRefused(f"{target.host} resolves to something that is not an address") from exc
    if not addresses:
        raise FetchFailed(f"{target.host} does not resolve")
    return addresses


def _pool(target: _Target, address: IPAddress) -> urllib3.HTTPConnectionPool:
    """A pool of one connection to the checked address; over TLS, SNI and the certificate's name
    are the link's host."""
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address), target.port, maxsize=1, retries=False, cert_reqs="CERT_REQUIRED",
            assert_hostname=target.host, server_hostname=target.host,
        )  # fmt: skip
    return urllib3.HTTPConnectionPool(str(address), target.port, maxsize=1, retries=False)


def _send(
    pool: urllib3.HTTPConnectionPool,
    target: _Target,
    headers: Mapping[str, str],
    wanted: set[str],
    deadline: float,
) -> urllib3.BaseHTTPResponse:
    sent = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(sorted(wanted)) + ", */*;q=0.1",
        "Accept-Encoding": "identity",
        **{name: value for name, value in headers.items() if name.lower() != "host"},
        "Host": target.host_header,
    }
    remaining = _remaining(deadline)
    try:
        return pool.urlopen(
            "GET", target.path, headers=sent, redirect=False, retries=False, preload_content=False,
            assert_same_host=False, timeout=urllib3.Timeout(connect=remaining, read=remaining),
        )  # fmt: skip
    except Urllib3Timeout as exc:
        raise FetchFailed("the site did not answer in time") from exc
    except SSLError as exc:
        raise FetchFailed("the site's secure connection could not be verified") from exc
    except HTTPError as exc:
        raise FetchFailed("the site could not be reached") from exc


def _read(response: urllib3.BaseHTTPResponse, max_bytes: int, deadline: float) -> bytes:
    """The body, up to `max_bytes`; reading stops (and the fetch fails) past it or past the deadline."""
    too_big = FetchFailed(f"the page is larger than {max_bytes:,} bytes")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    body = bytearray()
    try:
        while True:
            sock = getattr(response.connection, "sock", None)
            if sock is not None:
                sock.settimeout(_remaining(deadline))
            chunk = response.read(_CHUNK)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > max_bytes:
                raise too_big
            _remaining(deadline)
    except Urllib3Timeout as exc:
        raise FetchFailed("the site did not answer in time") from exc
    except HTTPError as exc:
        raise FetchFailed("the site's answer was cut short") from exc


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed("the site did not answer in time")
    return left


def _listed(media: Collection[str]) -> str:
    return " or ".join(sorted(media)) if media else "an accepted type"
