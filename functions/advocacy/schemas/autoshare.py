"""Auto-share: a member's preferences and their auto-posts; the org's counts of posts made through the
networks' APIs (decisions 79-81)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.domain.connections import ApiNetwork
from advocacy.schemas.common import Id
from advocacy.schemas.example_ids import EXAMPLE_CONTENT_ID, EXAMPLE_GROUP_ID
from advocacy.schemas.shapes import Page, Shape, Strict, examples

ClockTime = Annotated[str, StringConstraints(max_length=5, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
AutoState = Literal["queued", "dispatched", "posted", "failed", "needs_reconnect"]

PREFS_EXAMPLE = {
    "enabled": True,
    "networks": ["linkedin"],
    "scope": "groups",
    "group_ids": [EXAMPLE_GROUP_ID],
    "daily_cap": 2,
    "window": {"start": "09:00", "end": "12:30"},
}


class Window(Strict):
    model_config = examples({"start": "09:00", "end": "12:30"})

    start: ClockTime = Field(description="From this local time (HH:MM, the org's time zone)")
    end: ClockTime = Field(description="Until this local time, after `start` on the same day")


class AutoShareIn(Strict):
    model_config = examples(PREFS_EXAMPLE)

    enabled: bool
    networks: list[ApiNetwork] = Field(
        max_length=2, description="Connected networks to post to; at least one when enabled"
    )
    scope: Literal["all", "groups"] = Field(
        description="`all`: every content that reaches the member; `groups`: content for `group_ids` only"
    )
    group_ids: list[Id] = Field(default_factory=list, max_length=50, description="Groups the member is in")
    daily_cap: int = Field(
        ge=1, le=10, description="Auto-posts a day to each network at most (days of the org's zone)"
    )
    window: Window


class AutoShareOut(Shape):
    model_config = examples({**PREFS_EXAMPLE, "updated_at": "2026-11-02T09:30:00Z"})

    enabled: bool
    networks: list[ApiNetwork]
    scope: Literal["all", "groups"]
    group_ids: list[str]
    daily_cap: int
    window: Window
    updated_at: datetime | None = Field(description="null until the member first saves preferences")


AUTO_POST_EXAMPLE = {
    "content_id": EXAMPLE_CONTENT_ID,
    "title": "Launch day",
    "network": "linkedin",
    "state": "posted",
    "due_at": "2026-11-02T10:12:40Z",
    "reason": None,
    "post_url": "https://www.linkedin.com/feed/update/urn:li:share:7000000000/",
    "updated_at": "2026-11-02T10:12:43Z",
}


class AutoPostOut(Shape):
    model_config = examples(AUTO_POST_EXAMPLE)

    content_id: str
    title: str
    network: ApiNetwork
    state: AutoState = Field(
        description="`queued` (waiting for its moment), `dispatched` (being posted), `posted`, `failed` "
        "or `needs_reconnect`"
    )
    due_at: datetime = Field(description="The moment drawn inside the member's window")
    reason: str | None = Field(description="Why it failed or needs reconnecting")
    post_url: str | None
    updated_at: datetime


class AutoPostPage(Page):
    model_config = examples({"items": [AUTO_POST_EXAMPLE], "next_cursor": None})

    items: list[AutoPostOut]
