"""Connected accounts: which networks a member has connected, and the OAuth flow's two steps.

No schema here has a field for a token: they are never returned."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from advocacy.domain.connections import ApiNetwork
from advocacy.schemas.common import MaxLength
from advocacy.schemas.shapes import Shape, Strict, examples

OAuthValue = Annotated[
    str, StringConstraints(min_length=1, pattern=r"^[A-Za-z0-9._~+/=-]+$"), MaxLength(2048)
]

LINKEDIN_EXAMPLE = {
    "network": "linkedin",
    "available": True,
    "connected": True,
    "needs_reconnect": False,
    "reason": None,
    "expires_at": "2027-01-02T09:00:00Z",
    "reconnect_soon": False,
    "connected_at": "2026-11-03T09:00:00Z",
}
X_EXAMPLE = {
    "network": "x",
    "available": True,
    "connected": False,
    "needs_reconnect": True,
    "reason": "refresh_refused",
    "expires_at": None,
    "reconnect_soon": False,
    "connected_at": "2026-10-20T10:30:00Z",
}


class ConnectionOut(Shape):
    model_config = examples(LINKEDIN_EXAMPLE, X_EXAMPLE)

    network: ApiNetwork
    available: bool = Field(
        description="The program offers this network (its app credentials are configured)"
    )
    connected: bool = Field(description="Posting on the member's behalf works now")
    needs_reconnect: bool = Field(description="Connected once, but the member must connect again")
    reason: str | None = Field(
        description="Why it needs reconnecting: `expired`, `refresh_refused`, `revoked`, `unreadable` or "
        "the provider's refusal"
    )
    expires_at: datetime | None = Field(
        description="When the connection ends unless renewed (LinkedIn: 60 days, no refresh); null where "
        "the network renews it (X)"
    )
    reconnect_soon: bool = Field(description="It ends within 7 days: remind the member to reconnect")
    connected_at: datetime | None


class ConnectionList(Shape):
    model_config = examples({"items": [LINKEDIN_EXAMPLE, X_EXAMPLE]})

    items: list[ConnectionOut] = Field(description="LinkedIn and X, in that order, offered or not")


class ConnectionStart(Shape):
    model_config = examples(
        {"authorize_url": "https://www.linkedin.com/oauth/v2/authorization?response_type=code&state=..."}
    )

    authorize_url: str = Field(description="Where to send the member's browser to consent")


class ConnectionFinish(Strict):
    model_config = examples({"code": "AQTcXk2Yb3", "state": "eyJvIjoiMDEifQ.c2lnbmF0dXJl"})

    code: OAuthValue = Field(description="The `code` the network sent back to the app's callback route")
    state: OAuthValue = Field(description="The `state` it sent back with it, unchanged")


AUTO_COUNTS_EXAMPLE = {
    "posted": {"linkedin": 40, "x": 12},
    "failed": {"duplicate": 2, "credits": 1},
    "needs_reconnect": {"expired": 1},
}


class AutoPostCounts(Shape):
    """Running counts kept as auto-posts settle (one small query to read)."""

    model_config = examples(AUTO_COUNTS_EXAMPLE)

    posted: dict[str, int] = Field(
        description="Posts made through the networks' APIs by auto-share, by network"
    )
    failed: dict[str, int] = Field(description="Auto-posts that failed, by reason")
    needs_reconnect: dict[str, int] = Field(
        description="Auto-posts stopped by a connection to renew, by reason"
    )


class ConnectionCounts(Shape):
    model_config = examples({"linkedin": 12, "x": 5, "auto_posts": AUTO_COUNTS_EXAMPLE})

    linkedin: int
    x: int
    auto_posts: AutoPostCounts
