"""One HTTP call to a social network's API (fixed, trusted provider hosts from configuration, never a
typed URL, so not through `web_fetch`'s guard): no retries, no redirects, one deadline.

Whether the request may have reached the provider decides whether trying again could publish twice:
a refused or timed-out connection did not send it (`NotSent`); a timeout or a broken connection after
sending did (`NoAnswer`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError

USER_AGENT = "Advocacy/1.0 (posting for members)"
# Within the api function's 15 seconds with room for the reads and writes around the call (and an X
# token refresh): a function stopped mid-call would leave the post unconfirmed for good.
CONNECT_SECONDS = 2.0
READ_SECONDS = 6.0
MAX_BODY = 256 * 1024

_pool = urllib3.PoolManager(
    retries=False, timeout=urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS)
)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes


class NotSent(Exception):
    """The request never reached the provider: trying again is safe."""


class NoAnswer(Exception):
    """The request went out and no answer came back: the provider may have acted on it."""


def post_json(url: str, token: str, payload: dict[str, Any], headers: Mapping[str, str]) -> Answer:
    """POST `payload` as JSON with the bearer `token`; the answer whatever its status."""
    try:
        response = _pool.request(
            "POST",
            url,
            body=json.dumps(payload).encode(),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                **headers,
            },
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS),
        )
    except (ConnectTimeoutError, NewConnectionError) as exc:
        raise NotSent(type(exc).__name__) from exc
    except HTTPError as exc:  # a read timeout, a reset or a protocol error after the request was sent
        raise NoAnswer(type(exc).__name__) from exc
    try:
        body = response.read(MAX_BODY)
    except HTTPError as exc:
        raise NoAnswer(type(exc).__name__) from exc
    finally:
        response.release_conn()
    return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, body)
