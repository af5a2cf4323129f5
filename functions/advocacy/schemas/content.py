"""Content, the feed, shares and the points ledger."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from advocacy.domain.connections import ApiNetwork
from advocacy.domain.content import MAX_URL_LENGTH, is_http_url
from advocacy.domain.networks import MESSAGE_LIMITS, X_LINK_LENGTH, Network
from advocacy.domain.urls import UrlIssue, web_url
from advocacy.schemas.common import (
    NONBLANK_TEXT,
    TEXT,
    WHITE_SPACE,
    Documented,
    GroupIds,
    Id,
    MaxLength,
    Moment,
    MultiLine,
    Name,
    OneLine,
    SearchText,
)
from advocacy.schemas.example_ids import (
    EXAMPLE_CODE,
    EXAMPLE_CONTENT_ID,
    EXAMPLE_CURSOR,
    EXAMPLE_ENTRY_ID,
    EXAMPLE_GROUP_ID,
    EXAMPLE_MANAGER_ID,
    EXAMPLE_REDEMPTION_ID,
    EXAMPLE_REWARD_ID,
    EXAMPLE_SHARE_ID,
    EXAMPLE_TRACKED_URL,
)
from advocacy.schemas.rewards import RequiredNote
from advocacy.schemas.shapes import Page, Patch, Shape, Strict, examples, not_null

Status = Literal["draft", "pending_approval", "scheduled", "published", "expired", "archived"]
# `GET /content?q=`: a part of the title, matched ignoring case.
Search = Annotated[SearchText, Field(description="Part of the title, any case")]
# The URLs domain.content.is_http_url accepts, as far as a pattern can say (it says a little less:
# an ASCII host name, no user info, a port from 1 to 65535 without leading zeros, a printable ASCII path;
# Unicode hosts and paths are taken too, and stored in their ASCII form: domain/urls.py).
PORT = r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
URL_PATTERN = Documented(
    pattern=f"^[{WHITE_SPACE}]*[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::{PORT})?(?:[/?#][!-~]*)?[{WHITE_SPACE}]*$"
)


def _web_url(value: str) -> str:
    """The URL's ASCII form, made once here for every URL the API stores. One that is no http(s) URL
    is left for the service to refuse with its own message."""
    if not is_http_url(value):
        return value
    try:
        stored = web_url(value)
    except UrlIssue as issue:
        raise PydanticCustomError("url", str(issue)) from None
    if len(stored) > MAX_URL_LENGTH:  # encoding makes it longer
        raise PydanticCustomError("url", f"is over {MAX_URL_LENGTH} characters once encoded")
    return stored


Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    OneLine,
    AfterValidator(_web_url),
    URL_PATTERN,
    MaxLength(MAX_URL_LENGTH),
]
# A message: not blank, no control character but tabs and line breaks, at most the longest any network
# takes (each network's own limit is documented on its field and checked with the content's rules).
Message = Annotated[str, StringConstraints(max_length=max(MESSAGE_LIMITS.values())), MultiLine, NONBLANK_TEXT]
Body = Annotated[str, StringConstraints(max_length=20_000), MultiLine, TEXT]
# On X the tracked link follows the message after a space and counts as 23 characters.
X_BUDGET = MESSAGE_LIMITS["x"] - 1 - X_LINK_LENGTH
TEXT_EDITABLE = (
    "Whether members may share in their own words (true by default); when false a share's `message` "
    "must be the suggested text"
)

# Examples (the OpenAPI document's): one piece of content, as created, read and shared.
MESSAGES_EXAMPLE = {
    "x": "Acme Robotics is hiring! Come build with us.",
    "linkedin": "We're hiring engineers in London and Lisbon. Have a look:",
}
CREATE_EXAMPLE = {
    "title": "Acme Robotics is hiring",
    "body": "We are growing the team. Know someone great? Share the openings.",
    "url": "https://acme.example/careers",
    "image_url": "https://acme.example/img/careers.png",
    "messages": MESSAGES_EXAMPLE,
    "networks": ["linkedin", "x"],
    "points": 10,
    "text_editable": True,
    "status": "published",
}
CONTENT_EXAMPLE: dict[str, Any] = {
    "content_id": EXAMPLE_CONTENT_ID,
    **CREATE_EXAMPLE,
    "groups": [],
    "publish_at": "2026-11-02T09:00:00Z",
    "expires_at": "2026-12-02T09:00:00Z",
    "created_by": EXAMPLE_MANAGER_ID,
    "suggested_by": None,
    "created_at": "2026-11-02T09:00:00Z",
    "approved_by": None,
    "approved_at": None,
    "rejected_by": None,
    "rejected_at": None,
    "rejection_note": None,
    "stats": {"shares": 42, "clicks": 317, "unique_clicks": 188},
}
SHARE_URL_EXAMPLE = (
    "https://x.com/intent/post?text=Acme%20Robotics%20is%20hiring%21%20Come%20build%20with%20us."
    "&url=https%3A%2F%2Fgo.acme.example%2Fr%2FbEDKaen5NM4I"
)
LEDGER_EXAMPLES = [
    {
        "entry_id": EXAMPLE_ENTRY_ID,
        "type": "share",
        "points": 10,
        "created_at": "2026-11-02T09:14:05Z",
        "ref": {"content_id": EXAMPLE_CONTENT_ID, "share_id": EXAMPLE_SHARE_ID, "network": "x"},
    },
    {
        "entry_id": "bfed055c1739cad8a83db275e4287636",
        "type": "redemption",
        "points": -50,
        "created_at": "2026-11-02T11:02:47Z",
        "ref": {"reward_id": EXAMPLE_REWARD_ID, "redemption_id": EXAMPLE_REDEMPTION_ID},
    },
]


class Messages(Strict):
    """The text each network is offered with. Each is checked against its network's limit with the
    content's other rules (one 422 names every field), so the limit is documented, not validated here."""

    model_config = examples(MESSAGES_EXAMPLE)

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
    model_config = examples(CONTENT_EXAMPLE["stats"])

    shares: int
    clicks: int
    unique_clicks: int


class ContentOut(Shape):
    model_config = examples(CONTENT_EXAMPLE)

    content_id: str
    title: str
    body: str
    url: str
    image_url: str | None
    messages: dict[str, str]
    networks: list[Network]
    groups: GroupIds
    points: int | None
    text_editable: bool = Field(description=TEXT_EDITABLE)
    status: Status
    publish_at: datetime | None
    expires_at: datetime | None
    created_by: str
    suggested_by: str | None = Field(
        default=None, description="The member whose accepted suggestion this content came from"
    )
    created_at: datetime
    approved_by: str | None = Field(description="The admin who let it go out, when it waited for approval")
    approved_at: datetime | None
    rejected_by: str | None = Field(description="The admin who last sent it back to its author")
    rejected_at: datetime | None
    rejection_note: str | None = Field(
        description="Why it was sent back: kept on the draft until it is sent for approval again"
    )
    stats: Stats


class ContentReject(Strict):
    model_config = examples({"note": "Please link the careers page rather than the blog post."})

    note: RequiredNote


class ContentPage(Page):
    model_config = examples({"items": [CONTENT_EXAMPLE], "next_cursor": EXAMPLE_CURSOR})

    items: list[ContentOut]


class ContentCreate(Strict):
    model_config = examples(
        CREATE_EXAMPLE,
        {
            "title": "Inside Engineering: how we ship",
            "url": "https://acme.example/blog/how-we-ship",
            "groups": [EXAMPLE_GROUP_ID],
            "status": "scheduled",
            "publish_at": "2026-11-09T08:00:00+01:00",
            "expires_at": "2026-12-09T08:00:00+01:00",
        },
    )

    title: Name
    body: Body = ""
    url: Url
    image_url: Url | None = None
    messages: Messages = Field(default_factory=Messages)
    networks: list[Network] = Field(default_factory=list, max_length=4)
    groups: list[Id] = Field(default_factory=list, max_length=50)
    points: int | None = Field(default=None, ge=0, le=100_000)
    text_editable: bool = Field(default=True, description=TEXT_EDITABLE)
    publish_at: Moment | None = None
    expires_at: Moment | None = None
    status: Literal["draft", "scheduled", "published"] | None = None


class ContentPatch(Patch):
    """Only the fields sent change; null clears `image_url`, `points` and the times, and is `""` for
    `body`. `title` and `url` cannot be null (a 422, so the document offers no null)."""

    model_config = examples(
        {"title": "Acme Robotics is hiring in Lisbon", "expires_at": "2026-12-15T18:00:00Z"},
        {"image_url": None, "points": None, "groups": [EXAMPLE_GROUP_ID]},
    )

    title: Name | None = Field(default=None, json_schema_extra=not_null)
    body: Body | None = None
    url: Url | None = Field(default=None, json_schema_extra=not_null)
    image_url: Url | None = None
    messages: Messages | None = None
    networks: list[Network] | None = Field(default=None, max_length=4)
    groups: list[Id] | None = Field(default=None, max_length=50)
    points: int | None = Field(default=None, ge=0, le=100_000)
    text_editable: bool | None = Field(default=None, json_schema_extra=not_null)
    publish_at: Moment | None = None
    expires_at: Moment | None = None


EXAMPLE_POST_URL = "https://x.com/i/web/status/1460323737035677698"


class MyShare(Shape):
    model_config = examples(
        {"share_id": EXAMPLE_SHARE_ID, "tracked_url": EXAMPLE_TRACKED_URL, "post_url": EXAMPLE_POST_URL}
    )

    share_id: str
    tracked_url: str
    post_url: str | None = Field(
        default=None,
        description="The post's public address when it was posted through the member's connected account",
    )


FEED_ITEM_EXAMPLE = {
    **CONTENT_EXAMPLE,
    "my_shares": {"x": {"share_id": EXAMPLE_SHARE_ID, "tracked_url": EXAMPLE_TRACKED_URL, "post_url": None}},
}


class FeedItem(ContentOut):
    model_config = examples(FEED_ITEM_EXAMPLE)

    my_shares: dict[str, MyShare]


class FeedPage(Page):
    model_config = examples({"items": [FEED_ITEM_EXAMPLE], "next_cursor": None})

    items: list[FeedItem]


class ShareCreate(Strict):
    model_config = examples(
        {"network": "x", "message": "Acme Robotics is hiring! Come build with us."}, {"network": "linkedin"}
    )

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


class PostCreate(ShareCreate):
    """A post through a connected account: only the networks with an API for members' posts."""

    model_config = examples({"network": "linkedin", "message": "Acme Robotics is hiring!"}, {"network": "x"})

    network: ApiNetwork


class ShareOut(Shape):
    model_config = examples(
        {
            "share_id": EXAMPLE_SHARE_ID,
            "content_id": EXAMPLE_CONTENT_ID,
            "network": "x",
            "code": EXAMPLE_CODE,
            "tracked_url": EXAMPLE_TRACKED_URL,
            "share_url": SHARE_URL_EXAMPLE,
            "points_awarded": 10,
            "similarity": 1.0,
            "personalised": False,
            "personalised_bonus": 0,
            "post_id": None,
            "post_url": None,
        }
    )

    share_id: str
    content_id: str
    network: Network
    code: str
    tracked_url: str
    share_url: str
    points_awarded: int = Field(description="Every point this share earned, `personalised_bonus` included")
    similarity: float = Field(
        ge=0, le=1, description="How close `message` is to the suggested text: 1 the same words, 0 none"
    )
    personalised: bool = Field(
        description="The message is in the member's own words: below 0.8 similar with 3 words or more added"
    )
    personalised_bonus: int = Field(description="The org's bonus for own words, when earned by this share")
    post_id: str | None = Field(
        default=None, description="The network's id of the post made through the member's connected account"
    )
    post_url: str | None = Field(
        default=None,
        description="The post's public address when it was posted through the member's connected account",
    )


MY_SHARE_EXAMPLE = {
    "share_id": EXAMPLE_SHARE_ID,
    "content_id": EXAMPLE_CONTENT_ID,
    "title": "Acme Robotics is hiring",
    "network": "x",
    "code": EXAMPLE_CODE,
    "tracked_url": EXAMPLE_TRACKED_URL,
    "points_awarded": 10,
    "personalised": False,
    "created_at": "2026-11-02T09:14:05Z",
    "clicks": 23,
    "unique_clicks": 17,
    "post_url": EXAMPLE_POST_URL,
}


class MyShareOut(Shape):
    model_config = examples(MY_SHARE_EXAMPLE)

    share_id: str
    content_id: str
    title: str | None = Field(
        default=None, description="The content's current title, with `titles=true`; null without it"
    )
    network: Network
    code: str
    tracked_url: str
    points_awarded: int
    personalised: bool
    created_at: datetime
    clicks: int
    unique_clicks: int
    post_url: str | None = Field(
        default=None,
        description="The post's public address when it was posted through the member's connected account",
    )


class MySharePage(Page):
    model_config = examples({"items": [MY_SHARE_EXAMPLE], "next_cursor": None})

    items: list[MyShareOut]


class LedgerEntryOut(Shape):
    model_config = examples(*LEDGER_EXAMPLES)

    entry_id: str
    type: Literal["share", "click", "prize", "adjustment", "redemption", "refund", "suggestion", "void"]
    points: int
    created_at: datetime
    ref: dict[str, str]


class LedgerPage(Page):
    model_config = examples({"items": LEDGER_EXAMPLES, "next_cursor": None})

    items: list[LedgerEntryOut]
