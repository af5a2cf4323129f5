"""Content, the feed, shares and the points ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.domain.content import MAX_URL_LENGTH
from advocacy.domain.networks import MESSAGE_LIMITS, X_LINK_LENGTH, Network
from advocacy.schemas.common import (
    NONBLANK_TEXT,
    TEXT,
    WHITE_SPACE,
    Documented,
    Id,
    MaxLength,
    Moment,
    MultiLine,
    Name,
    OneLine,
    Patch,
    Shape,
    Strict,
    not_null,
)

Status = Literal["draft", "scheduled", "published", "expired", "archived"]
# The URLs domain.content.is_http_url accepts, as far as a pattern can say (it says a little less:
# an ASCII host name, no user info, a port from 1 to 9999, a printable ASCII path).
URL_PATTERN = Documented(
    pattern=f"^[{WHITE_SPACE}]*[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::[1-9][0-9]{{0,3}})?(?:[/?#][!-~]*)?[{WHITE_SPACE}]*$"
)
Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    OneLine,
    URL_PATTERN,
    MaxLength(MAX_URL_LENGTH),
]
# A message: not blank, no control character but tabs and line breaks, at most the longest any network
# takes (each network's own limit is documented on its field and checked with the content's rules).
Message = Annotated[str, StringConstraints(max_length=max(MESSAGE_LIMITS.values())), MultiLine, NONBLANK_TEXT]
Body = Annotated[str, StringConstraints(max_length=20_000), MultiLine, TEXT]
# On X the tracked link follows the message after a space and counts as 23 characters.
X_BUDGET = MESSAGE_LIMITS["x"] - 1 - X_LINK_LENGTH


class Messages(Strict):
    """The text each network is offered with. Each is checked against its network's limit with the
    content's other rules (one 422 names every field), so the limit is documented, not validated here."""

    linkedin: Annotated[Message, Documented(max_length=MESSAGE_LIMITS["linkedin"])] | None = None
    x: (
        Annotated[
            Message,
            Documented(max_length=X_BUDGET),
            Field(
                description=f"At most {X_BUDGET} characters as X counts them: each http(s) URL in it "
                f"counts as {X_LINK_LENGTH}, and the tracked link is added after it",
            ),
        ]
        | None
    ) = None
    facebook: Annotated[Message, Documented(max_length=MESSAGE_LIMITS["facebook"])] | None = None
    email: Annotated[Message, Documented(max_length=MESSAGE_LIMITS["email"])] | None = None


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
    networks: list[Network]
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
    networks: list[Network] = Field(default_factory=list, max_length=4)
    groups: list[Id] = Field(default_factory=list, max_length=50)
    points: int | None = Field(default=None, ge=0, le=100_000)
    publish_at: Moment | None = None
    expires_at: Moment | None = None
    status: Literal["draft", "scheduled", "published"] | None = None


class ContentPatch(Patch):
    """Only the fields sent change; null clears `image_url`, `points` and the times, and is `""` for
    `body`. `title` and `url` cannot be null (a 422, so the document offers no null)."""

    title: Name | None = Field(default=None, json_schema_extra=not_null)
    body: Body | None = None
    url: Url | None = Field(default=None, json_schema_extra=not_null)
    image_url: Url | None = None
    messages: Messages | None = None
    networks: list[Network] | None = Field(default=None, max_length=4)
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
    network: Network
    message: (
        Annotated[
            Message,
            Field(
                description="Within the network's limit: LinkedIn "
                f"{MESSAGE_LIMITS['linkedin']:,}, X {X_BUDGET} (as for `messages.x`), Facebook "
                f"{MESSAGE_LIMITS['facebook']:,}, email {MESSAGE_LIMITS['email']:,} characters"
            ),
        ]
        | None
    ) = None


class ShareOut(Shape):
    share_id: str
    content_id: str
    network: Network
    code: str
    tracked_url: str
    share_url: str
    points_awarded: int


class MyShareOut(Shape):
    share_id: str
    content_id: str
    network: Network
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
