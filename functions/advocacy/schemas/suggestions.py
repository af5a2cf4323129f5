"""Member suggestions: a link a member proposes, the managers' queue and their decisions."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from advocacy.schemas.common import STRIPPED_TEXT, MaxLength, MultiLine, Name
from advocacy.schemas.content import Url
from advocacy.schemas.example_ids import EXAMPLE_CONTENT_ID, EXAMPLE_MANAGER_ID, EXAMPLE_MEMBER_ID
from advocacy.schemas.rewards import RequiredNote
from advocacy.schemas.shapes import Page, Shape, Strict, examples

SuggestionStatus = Literal["pending", "accepted", "declined"]
Note = Annotated[str, StringConstraints(strip_whitespace=True), MultiLine, STRIPPED_TEXT, MaxLength(2000)]

EXAMPLE_SUGGESTION_ID = "01a19c2e5b804f3d2a9c1e7b66d0a412"
SUGGESTION_EXAMPLE = {
    "suggestion_id": EXAMPLE_SUGGESTION_ID,
    "member_id": EXAMPLE_MEMBER_ID,
    "member_name": "Mia Rossi",
    "url": "https://techweekly.example/acme-robot-arm-review",
    "title": "Tech Weekly reviews our robot arm",
    "note": "A glowing review, great for LinkedIn.",
    "status": "pending",
    "content_id": None,
    "points_awarded": None,
    "decision_note": None,
    "decided_by": None,
    "decided_at": None,
    "created_at": "2026-11-03T09:12:00Z",
}
ACCEPTED_EXAMPLE = {
    **SUGGESTION_EXAMPLE,
    "status": "accepted",
    "content_id": EXAMPLE_CONTENT_ID,
    "points_awarded": 20,
    "decided_by": EXAMPLE_MANAGER_ID,
    "decided_at": "2026-11-03T14:00:00Z",
}
DECLINED_EXAMPLE = {
    **SUGGESTION_EXAMPLE,
    "suggestion_id": "01a19a0f7c2210be83d5e1f04c6b7a93",
    "url": "https://competitor.example/news",
    "title": None,
    "note": None,
    "status": "declined",
    "decision_note": "We don't share competitors' news; thanks all the same!",
    "decided_by": EXAMPLE_MANAGER_ID,
    "decided_at": "2026-11-03T14:05:00Z",
    "created_at": "2026-11-02T16:40:00Z",
}


class SuggestionCreate(Strict):
    model_config = examples(
        {
            "url": "https://techweekly.example/acme-robot-arm-review",
            "title": "Tech Weekly reviews our robot arm",
            "note": "A glowing review, great for LinkedIn.",
        },
        {"url": "https://acme.example/blog/winter-release"},
    )

    url: Url
    title: Name | None = Field(default=None, description="The draft's title; the link itself when absent")
    note: Note | None = Field(default=None, description="Why it is worth sharing; the draft's body")


class SuggestionOut(Shape):
    model_config = examples(SUGGESTION_EXAMPLE, ACCEPTED_EXAMPLE, DECLINED_EXAMPLE)

    suggestion_id: str
    member_id: str
    member_name: str
    url: str
    title: str | None
    note: str | None
    status: SuggestionStatus
    content_id: str | None = Field(description="The draft content an acceptance made")
    points_awarded: int | None = Field(description="The points the member earned when it was accepted")
    decision_note: str | None = Field(description="The manager's note when declined")
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime


class SuggestionPage(Page):
    model_config = examples({"items": [SUGGESTION_EXAMPLE, DECLINED_EXAMPLE], "next_cursor": None})

    items: list[SuggestionOut]


class SuggestionDecline(Strict):
    model_config = examples({"note": "We don't share competitors' news; thanks all the same!"})

    note: RequiredNote = Field(description="Why, for the member")
