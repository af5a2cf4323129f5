"""RSS and Atom feed sources and their status."""

from datetime import datetime

from pydantic import Field

from advocacy.schemas.common import GroupIds, Id
from advocacy.schemas.content import Url
from advocacy.schemas.example_ids import EXAMPLE_ADMIN_ID, EXAMPLE_CURSOR, EXAMPLE_GROUP_ID
from advocacy.schemas.shapes import Page, Patch, Shape, Strict, examples, not_null

EXAMPLE_SOURCE_ID = "5e0c3e1c1b8a4a7f9d2e8b6c4a1f3d20"
CREATE_EXAMPLE = {
    "url": "https://acme.example/blog/feed.xml",
    "groups": [EXAMPLE_GROUP_ID],
    "publish": False,
    "points": 5,
}
SOURCE_EXAMPLE = {
    "source_id": EXAMPLE_SOURCE_ID,
    **CREATE_EXAMPLE,
    "created_by": EXAMPLE_ADMIN_ID,
    "created_at": "2026-11-02T09:00:00Z",
    "updated_at": "2026-11-02T09:00:00Z",
    "last_attempt_at": "2026-11-02T10:15:00Z",
    "last_success_at": "2026-11-02T10:15:00Z",
    "last_error": None,
    "imported": 12,
    "failures": 0,
    "next_attempt_at": None,
}
Points = Field(
    default=None, ge=0, le=100_000, description="The points each imported entry awards (null: the org's)"
)


class FeedSourceCreate(Strict):
    model_config = examples(CREATE_EXAMPLE, {"url": "https://news.acme.example/atom", "publish": True})

    url: Url
    groups: list[Id] = Field(default_factory=list, max_length=50)
    publish: bool = Field(default=False, description="Publish entries at once (true) or keep them as drafts")
    points: int | None = Points


class FeedSourcePatch(Patch):
    """Only the fields sent change; null clears `points`. A new `url` starts the source afresh."""

    model_config = examples({"publish": True}, {"url": "https://acme.example/news.rss", "points": None})

    url: Url | None = Field(default=None, json_schema_extra=not_null)
    groups: list[Id] | None = Field(default=None, max_length=50)
    publish: bool | None = Field(default=None, json_schema_extra=not_null)
    points: int | None = Points


class FeedSourceOut(Shape):
    model_config = examples(SOURCE_EXAMPLE)

    source_id: str
    url: str
    groups: GroupIds
    publish: bool
    points: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    last_attempt_at: datetime | None = Field(description="When the job last fetched it")
    last_success_at: datetime | None
    last_error: str | None = Field(description="Why the last fetch failed, a sentence; null after a success")
    imported: int = Field(description="Entries imported as content, ever")
    failures: int = Field(description="Failed fetches in a row")
    next_attempt_at: datetime | None = Field(
        description="After repeated failures, the job skips the source until then"
    )


class FeedSourcePage(Page):
    model_config = examples({"items": [SOURCE_EXAMPLE], "next_cursor": EXAMPLE_CURSOR})

    items: list[FeedSourceOut]
