"""A fake of LinkedIn's and X's posting endpoints on 127.0.0.1 for the integration tier: the real wire
formats, every post kept, and faults queued for the next calls (an error answer, or a post accepted and
then no answer until the client has given up)."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    status: int = 500
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    accept_then_hang: float = 0.0  # keep the post, then answer nothing for this many seconds


@dataclass
class Received:
    network: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeProviders:
    base: str = ""
    posts: list[Received] = field(default_factory=list)  # what was published
    calls: list[Received] = field(default_factory=list)  # every POST, published or not
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(7_000_000_000))

    def fail_next(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeProviders

    def log_message(self, *_: Any) -> None:  # quiet
        return

    def do_POST(self) -> None:
        network = "linkedin" if self.path == "/rest/posts" else "x" if self.path == "/2/tweets" else ""
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        received = Received(network, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.fake.lock:
            self.fake.calls.append(received)
            fault = self.fake.faults.pop(0) if self.fake.faults else None
        if not network:
            return self._answer(404, {"message": "no such endpoint"})
        if fault is not None and not fault.accept_then_hang:
            return self._answer(fault.status, fault.body or {}, fault.headers)
        with self.fake.lock:
            self.fake.posts.append(received)
            post_id = next(self.fake.ids)
        if fault is not None:
            threading.Event().wait(fault.accept_then_hang)
        if network == "linkedin":
            return self._answer(201, None, {"x-restli-id": f"urn:li:share:{post_id}"})
        return self._answer(201, {"data": {"id": str(post_id), "text": body.get("text", "")}})

    def _answer(
        self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None
    ) -> None:
        raw = b"" if body is None else json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except OSError:
            pass  # the client gave up waiting


@contextmanager
def serving() -> Iterator[FakeProviders]:
    """The fake on a free port of 127.0.0.1; both networks' API base is `fake.base`."""
    fake = FakeProviders()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
