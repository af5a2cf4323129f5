"""Suspicious shares and voiding a share's points (admins)."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from advocacy.schemas.example_ids import (
    EXAMPLE_ADMIN_ID,
    EXAMPLE_CODE,
    EXAMPLE_CONTENT_ID,
    EXAMPLE_MEMBER_ID,
    EXAMPLE_SHARE_ID,
)
from advocacy.schemas.rewards import RequiredNote
from advocacy.schemas.shapes import Page, Shape, Strict, examples

Reason = Literal["many_agents", "burst", "capped", "repeats"]

EVIDENCE_EXAMPLE = {
    "clicks": 31,
    "human_clicks": 30,
    "unique_clicks": 1,
    "repeat_clicks": 29,
    "capped_clicks": 0,
    "addresses": 1,
    "max_agents_per_address": 30,
    "addresses_with_many_agents": 1,
    "burst": 30,
    "burst_at": "2026-11-02T11:04:00Z",
    "own_clicks": None,
    "reasons": ["many_agents", "burst", "repeats"],
}
VOID_EXAMPLE = {
    "voided_at": "2026-11-03T10:00:00Z",
    "voided_by": EXAMPLE_ADMIN_ID,
    "reason": "Clicks farmed.",
}
SUSPECT_EXAMPLE = {
    "share_id": EXAMPLE_SHARE_ID,
    "member_id": EXAMPLE_MEMBER_ID,
    "content_id": EXAMPLE_CONTENT_ID,
    "network": "linkedin",
    "code": EXAMPLE_CODE,
    "created_at": "2026-11-02T11:00:00Z",
    "points_awarded": 10,
    "evidence": EVIDENCE_EXAMPLE,
    "void": None,
}


class EvidenceOut(Shape):
    model_config = examples(EVIDENCE_EXAMPLE)

    clicks: int = Field(description="Every click on the share's link, bots included")
    human_clicks: int
    unique_clicks: int
    repeat_clicks: int = Field(description="Human clicks from an address already counted that day")
    capped_clicks: int = Field(description="Unique clicks the daily or the network cap left unrewarded")
    addresses: int = Field(description="Distinct visitors (addresses, by day) among the clicks read")
    max_agents_per_address: int = Field(description="The most distinct User-Agents one address used in a day")
    addresses_with_many_agents: int = Field(description="Addresses that used 3 or more User-Agents in a day")
    burst: int = Field(description="The most human clicks within 60 seconds")
    burst_at: datetime | None = Field(description="When that burst began")
    own_clicks: int | None = Field(description="Clicks from the sharer's own sessions: not detected (null)")
    reasons: list[Reason] = Field(description="The rules the share trips")


class VoidOut(Shape):
    model_config = examples(VOID_EXAMPLE)

    voided_at: datetime
    voided_by: str
    reason: str


class SuspiciousShare(Shape):
    model_config = examples(SUSPECT_EXAMPLE)

    share_id: str
    member_id: str
    content_id: str
    network: str
    code: str
    created_at: datetime
    points_awarded: int = Field(description="What the share itself earned (clicks earn besides)")
    evidence: EvidenceOut
    void: VoidOut | None = Field(description="Set once an admin voided the share's points")


class SuspiciousSharePage(Page):
    model_config = examples({"items": [SUSPECT_EXAMPLE], "next_cursor": None})

    items: list[SuspiciousShare]


class ShareVoid(Strict):
    model_config = examples({"reason": "Thirty agents from one address in a minute: clicks farmed."})

    reason: RequiredNote


class VoidedShare(Shape):
    model_config = examples({"share_id": EXAMPLE_SHARE_ID, "member_id": EXAMPLE_MEMBER_ID, **VOID_EXAMPLE})

    share_id: str
    member_id: str
    voided_at: datetime
    voided_by: str
    reason: str
