"""LinkedIn's Posts API: `POST {api}/rest/posts`, a versioned REST.li 2.0 call (decision 73)."""

from __future__ import annotations

from datetime import datetime

from advocacy.adapters import provider_http
from advocacy.domain import posting


def article_post(author: str, message: str | None, tracked: str, title: str, description: str) -> dict:
    """The body of a public feed post sharing the tracked link as an article: LinkedIn does not read the
    link's page, so its title and description are sent; the message as little text."""
    return {
        "author": author,
        "commentary": posting.little_text(message or ""),
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "content": {"article": {"source": tracked, "title": title, "description": description}},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


def post(api: str, version: str, token: str, body: dict, now: datetime) -> posting.Outcome:
    """Publish `body` with the member's `token`; `version` is the `LinkedIn-Version` (YYYYMM)."""
    headers = {"LinkedIn-Version": version, "X-Restli-Protocol-Version": "2.0.0"}
    try:
        answer = provider_http.post_json(f"{api.rstrip('/')}/rest/posts", token, body, headers)
    except provider_http.NotSent:
        return posting.Later("unavailable", posting.DEFAULT_RETRY_SECONDS)
    except provider_http.NoAnswer:
        return posting.Unconfirmed()
    return posting.linkedin_outcome(answer.status, answer.headers, answer.body, int(now.timestamp()))
