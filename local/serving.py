"""One way to run a local HTTP server in the background: bound to 127.0.0.1 when built (so a port
already taken fails the start at once, with the others), served from a daemon thread once started."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PortInUseError(RuntimeError):
    """A port the stack needs is taken (or cannot be bound)."""


class _Server(ThreadingHTTPServer):
    # The standard library listens with a backlog of 5: under many concurrent clients opening
    # connections, the rest wait out a TCP retransmission (a second) or are reset. API Gateway
    # takes them all; so does the local stack, up to the kernel's limit.
    request_queue_size = 1024
    daemon_threads = True


class Background:
    """A ThreadingHTTPServer for `handler` on host:port (0: any free port), named `name` in errors."""

    def __init__(self, name: str, handler: type[BaseHTTPRequestHandler], port: int, host: str) -> None:
        try:
            self._server = _Server((host, port), handler)
        except OSError as exc:
            raise PortInUseError(f"{name} port {port} on {host} is unavailable: {exc.strerror}") from exc
        self.host, self.port = host, int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, name=name, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def serve(self) -> None:
        """Start answering, from a daemon thread."""
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
