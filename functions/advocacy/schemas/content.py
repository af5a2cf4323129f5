"""Content, the feed, shares and the points ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.schemas.common import Id, Moment, MultiLine, Name, OneLine, Shape, Strict

NetworkName = Literal["linkedin", "x", "facebook", "email"]
Status = Literal["draft", "scheduled", "published", "expired", "archived"]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2048), OneLine]
Message = Annotated[str, StringConstraints(max_length=63_206), MultiLine]
Body = Annotated[str, StringConstraints(max_length=20_000), MultiLine]


class Messages(Strict):
    linkedin: Message | None = None
    x: Message | None = None
    facebook: Message | None = None
    email: Message | None = None


class Stats(Shape):
    shares: int
    clicks: int
    unique_clicks: int


class ContentOut(Shape):
    content_id: str
    title: str
    body: str
    url: str
    image_url: str | None
    messages: dict[str, str]
    networks: list[NetworkName]
    groups: list[str]
    points: int | None
    status: Status
    publish_at: datetime | None
    expires_at: datetime | None
    created_by: str
    created_at: datetime
    stats: Stats


class ContentPage(Shape):
    items: list[ContentOut]
    next_cursor: str | None


class ContentCreate(Strict):
    title: Name
    body: Body = ""
    url: Url
    image_url: Url | None = None
    messages: Messages = Field(default_factory=Messages)
    networks: list[NetworkName] = Field(default_factory=list, max_length=4)
    groups: list[Id] = Field(default_factory=list, max_length=50)
    points: int | None = Field(default=None, ge=0, le=100_000)
    publish_at: Moment | None = None
    expires_at: Moment | None = None
    status: Literal["draft", "scheduled", "published"] | None = None


class ContentPatch(Strict):
    title: Name | None = None
    body: Body | None = None
    url: Url | None = None
    image_url: Url | None = None
    messages: Messages | None = None
    networks: list[NetworkName] | None = Field(default=None, max_length=4)
    groups: list[Id] | None = Field(default=None, max_length=50)
    points: int | None = Field(default=None, ge=0, le=100_000)
    publish_at: Moment | None = None
    expires_at: Moment | None = None


class MyShare(Shape):
    share_id: str
    tracked_url: str


class FeedItem(ContentOut):
    my_shares: dict[str, MyShare]


class FeedPage(Shape):
    items: list[FeedItem]
    next_cursor: str | None


class ShareCreate(Strict):
    network: NetworkName
    message: Message | None = None


class ShareOut(Shape):
    share_id: str
    content_id: str
    network: NetworkName
    code: str
    tracked_url: str
    share_url: str
    points_awarded: int


class MyShareOut(Shape):
    share_id: str
    content_id: str
    network: NetworkName
    code: str
    tracked_url: str
    points_awarded: int
    created_at: datetime
    clicks: int
    unique_clicks: int


class MySharePage(Shape):
    items: list[MyShareOut]
    next_cursor: str | None


class LedgerEntryOut(Shape):
    entry_id: str
    type: Literal["share", "click", "prize", "adjustment", "redemption", "refund"]
    points: int
    created_at: datetime
    ref: dict[str, str]


class LedgerPage(Shape):
    items: list[LedgerEntryOut]
    next_cursor: str | None
