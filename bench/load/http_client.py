"""The clients' HTTP: one request at a time over http.client, each counted by kind, status and latency,
and a sender that retries until the answer is definitive."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Traffic:
    """Every request the clients made: by kind, status and latency; retries; connection errors."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    retries: Counter[str] = field(default_factory=Counter)

    def note(self, kind: str, status: str, seconds: float) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)

    def retry(self, kind: str) -> None:
        with self.lock:
            self.retries[kind] += 1


def time_header(at: datetime) -> str:
    """`at` as the `x-local-time` header carries it: UTC, whole seconds."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Http:
    """One client's connections: a keep-alive one for the API, a new one per click (a visitor
    arriving from a social network opens its own), each from the source address asked for."""

    def __init__(self, api_url: str, traffic: Traffic) -> None:
        parts = urlsplit(api_url)
        self.host, self.port = parts.hostname or "127.0.0.1", int(parts.port or 80)
        self.traffic = traffic
        self._api: http.client.HTTPConnection | None = None

    def twin(self) -> Http:
        """Another client's connections to the same server, counted in the same traffic."""
        return Http(f"http://{self.host}:{self.port}", self.traffic)

    def _connection(self, source: str | None, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            self.host, self.port, timeout=timeout, source_address=(source, 0) if source else None
        )

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        source: str | None = None,
    ) -> Answer | None:
        """One request; None when the connection failed (the outcome is then unknown)."""
        data = json.dumps(body).encode() if body is not None else None
        sent = {**(headers or {})}
        if data is not None:
            sent["content-type"] = "application/json"
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
        keep = source is None
        started = time.perf_counter()
        for fresh in (False, True) if keep else (True,):
            reused = keep and not fresh and self._api is not None
            conn = self._api if reused and self._api is not None else self._connection(source, 60)
            try:
                conn.request(method, path, body=data, headers=sent)
                response = conn.getresponse()
                payload = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                conn.close()
                if keep:
                    self._api = None
                    # A kept-alive connection the server had closed fails at once: send again, once.
                    if reused and isinstance(exc, http.client.RemoteDisconnected | BrokenPipeError):
                        continue
                self.traffic.note(kind, type(exc).__name__, time.perf_counter() - started)
                return None
            if keep:
                self._api = conn
            else:
                conn.close()
            seconds = time.perf_counter() - started
            self.traffic.note(kind, str(response.status), seconds)
            return Answer(response.status, payload, seconds)
        return None

    def abandon(
        self, kind: str, method: str, path: str, token: str, body: Any, headers: dict[str, str]
    ) -> None:
        """Send a request and hang up before the answer, as a client whose connection dropped."""
        conn = self._connection(None, 0.002)
        data = json.dumps(body).encode()
        sent = {**headers, "content-type": "application/json", "authorization": f"Bearer {token}"}
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=sent)
            conn.getresponse().read()
            status = "answered before hang-up"
        except (TimeoutError, OSError, http.client.HTTPException):
            status = "abandoned"
        finally:
            conn.close()
        self.traffic.note(kind, status, time.perf_counter() - started)

    def close(self) -> None:
        if self._api is not None:
            self._api.close()


def until_answered(
    http_: Http, kind: str, method: str, path: str, attempts: int = 8, **kwargs: Any
) -> Answer | None:
    """Send until a definitive answer: connection errors, 429, 5xx and 409 `idempotency_in_progress`
    are sent again (bounded), with the same body and headers, so every attempt is the same request."""
    answer: Answer | None = None
    for attempt in range(attempts):
        if attempt:
            http_.traffic.retry(kind)
            time.sleep(min(0.05 * 2**attempt, 1.0))
        answer = http_.call(kind, method, path, **kwargs)
        if answer is None or answer.status in RETRY_STATUSES:
            continue
        if answer.status == 409 and b"idempotency_in_progress" in answer.body:
            continue
        return answer
    return answer


def get_json(http_: Http, path: str, token: str, headers: dict[str, str] | None = None) -> Any:
    """A GET that must answer 200 (the reconciler's reads), retried as `until_answered` does."""
    answer = until_answered(http_, "reconcile", "GET", path, token=token, headers=headers)
    if answer is None or answer.status != 200:
        raise RuntimeError(f"GET {path}: {answer.status if answer else 'no answer'}")
    return answer.json()
