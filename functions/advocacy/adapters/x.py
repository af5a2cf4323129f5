"""X's API v2: `POST {api}/2/tweets` (decision 73)."""

from __future__ import annotations

from datetime import datetime

from advocacy.adapters import provider_http
from advocacy.domain import posting


def post(api: str, token: str, text: str, now: datetime) -> posting.Outcome:
    """Publish `text` with the member's `token`."""
    try:
        answer = provider_http.post_json(f"{api.rstrip('/')}/2/tweets", token, {"text": text}, {})
    except provider_http.NotSent:
        return posting.Later("unavailable", posting.DEFAULT_RETRY_SECONDS)
    except provider_http.NoAnswer:
        return posting.Unconfirmed()
    return posting.x_outcome(answer.status, answer.headers, answer.body, int(now.timestamp()))
